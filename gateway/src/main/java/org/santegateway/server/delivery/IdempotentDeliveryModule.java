package org.santegateway.server.delivery;

import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.santegateway.delivery.DeliveredQueueItems;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Local delivery once per mail queue item, across crashes: mails leaving a queue carry their queue item's id
 * (in place of James's raw post-dequeue decorator), the mailbox store records it with each appended message
 * ({@link org.santegateway.server.persistence.DeliveryRecordingMapperFactory}, bound by the JPA mailbox module), and the
 * {@code SkipAlreadyDelivered} mailet reads the records.
 */
public class IdempotentDeliveryModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(QueueItemAttributeDecoratorFactory.class).in(Scopes.SINGLETON);
        bind(MailQueueItemDecoratorFactory.class).to(QueueItemAttributeDecoratorFactory.class);

        bind(JpaDeliveredQueueItems.class).in(Scopes.SINGLETON);
        bind(DeliveredQueueItems.class).to(JpaDeliveredQueueItems.class);
        bind(DeliveredQueueItemsPruner.class).in(Scopes.SINGLETON);
    }

    @ProvidesIntoSet
    InitializationOperation startPruner(DeliveredQueueItemsPruner pruner) {
        return InitilizationOperationBuilder
            .forClass(DeliveredQueueItemsPruner.class)
            .init(pruner::start);
    }
}
