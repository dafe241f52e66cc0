package org.santegateway.delivery;

import org.apache.mailet.AttributeName;

/**
 * Names shared by the mail queue, the pipeline and the mailbox store to deliver a queue item once.
 */
public final class QueueItem {
    /**
     * The id of the mail queue item a mail was taken from (the mail's name when it was queued, kept when the
     * pipeline splits the mail), set by the gateway when a mail leaves the queue.
     */
    public static final AttributeName ATTRIBUTE = AttributeName.of("org.santegateway.queue-item");

    /**
     * Header carrying {@link #ATTRIBUTE} into the mailbox store, added for each recipient at local delivery only
     * (never on the message the pipeline passes on) and removed from incoming mail: the store records the delivery
     * in the same transaction as the message.
     */
    public static final String HEADER = "X-Gateway-Queue-Item";

    private QueueItem() {
    }
}
