package org.santegateway.mailets;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders;
import org.apache.mailet.base.GenericMailet;
import org.santegateway.delivery.DeliveredQueueItems;
import org.santegateway.delivery.QueueItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes local delivery idempotent across a crash. The mail queue acknowledges a mail after the pipeline is done
 * with it: a crash between the mailbox append and that acknowledgement makes the queue hand the mail out again
 * after the restart. This mailet, placed right before {@code LocalDelivery}, removes the recipients whose mailbox
 * already holds the message of this queue item ({@link QueueItem#ATTRIBUTE}), and stamps the message of each
 * remaining recipient with {@link QueueItem#HEADER} so that the mailbox store records the delivery in the same
 * transaction as the message. A mail without the attribute (it did not come from a queue) passes unchanged.
 *
 * <pre>{@code
 * <mailet match="RecipientIsLocal" class="org.santegateway.mailets.SkipAlreadyDelivered" onMailetException="propagate"/>
 * <mailet match="RecipientIsLocal" class="LocalDelivery" onMailetException="propagate"/>
 * }</pre>
 */
public class SkipAlreadyDelivered extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(SkipAlreadyDelivered.class);

    private final DeliveredQueueItems deliveredQueueItems;

    @Inject
    public SkipAlreadyDelivered(DeliveredQueueItems deliveredQueueItems) {
        this.deliveredQueueItems = deliveredQueueItems;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<String> queueItem = AttributeUtils.getValueAndCastFromMail(mail, QueueItem.ATTRIBUTE, String.class);
        if (queueItem.isEmpty() || mail.getRecipients().isEmpty()) {
            return;
        }
        Set<MailAddress> delivered = deliveredQueueItems.deliveredRecipients(queueItem.get(), mail.getRecipients());
        if (!delivered.isEmpty()) {
            List<MailAddress> remaining = new ArrayList<>(mail.getRecipients());
            remaining.removeAll(delivered);
            mail.setRecipients(remaining);
            LOGGER.info("Queue item {} was delivered to {} mailbox(es) before a restart: not delivered there again",
                queueItem.get(), delivered.size());
        }
        PerRecipientHeaders.Header header = PerRecipientHeaders.Header.builder()
            .name(QueueItem.HEADER)
            .value(queueItem.get())
            .build();
        for (MailAddress recipient : mail.getRecipients()) {
            mail.addSpecificHeaderForRecipient(header, recipient);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Skips the recipients a queue item was already delivered to";
    }
}
