package org.santegateway.server.delivery;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.santegateway.delivery.QueueItem;

/**
 * Names every mail that leaves a mail queue after the queue item it came from ({@link QueueItem#ATTRIBUTE}, the
 * mail's name, which the queue keeps across a restart), replacing the value of an earlier queue: the pipeline may
 * split a mail and give the parts new names, the attribute follows every part.
 */
public class QueueItemAttributeDecoratorFactory implements MailQueueItemDecoratorFactory {
    @Override
    public MailQueueItemDecorator decorate(MailQueue.MailQueueItem mailQueueItem, MailQueueName name) {
        return new NamedQueueItem(mailQueueItem);
    }

    private static final class NamedQueueItem extends MailQueueItemDecorator {
        private NamedQueueItem(MailQueue.MailQueueItem mailQueueItem) {
            super(mailQueueItem);
        }

        @Override
        public Mail getMail() {
            Mail mail = mailQueueItem.getMail();
            mail.setAttribute(new Attribute(QueueItem.ATTRIBUTE, AttributeValue.of(mail.getName())));
            return mail;
        }

        @Override
        public void done(CompletionStatus status) throws MailQueue.MailQueueException {
            mailQueueItem.done(status);
        }
    }
}
