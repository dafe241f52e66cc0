package org.santegateway.delivery;

import java.util.Collection;
import java.util.Set;

import org.apache.james.core.MailAddress;

/**
 * What the mailboxes already hold of a mail queue item: the record that makes local delivery idempotent across a
 * crash. The mailbox store writes a record in the very transaction that appends a message stamped with
 * {@link QueueItem#HEADER}; a queue item the mail queue hands out again after a crash (its acknowledgement was
 * lost) is then recognised, recipient by recipient.
 */
public interface DeliveredQueueItems {
    /**
     * The recipients, among {@code recipients}, whose mailbox already holds the message of this queue item.
     *
     * @param queueItem the queue item's id, the value of {@link QueueItem#ATTRIBUTE}
     */
    Set<MailAddress> deliveredRecipients(String queueItem, Collection<MailAddress> recipients);
}
