package org.santegateway.server.persistence;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.jms.ConnectionFactory;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQCacheableMailQueue;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * James's ActiveMQ mail queue, taking mail out on a thread of its own.
 *
 * <p>James's queue takes mail out in a loop of blocking receives (10 s each, then again), driven by whoever asks for
 * the next mail. The spool and remote delivery process each mail on a pool of worker threads and ask for the next one
 * from the worker that finished: the loop then runs on that worker, for as long as there is demand, which for remote
 * delivery (256 mails in flight) is for ever. A mail handed to that worker in the meantime waits behind the loop: it
 * stays in the queue, listed by WebAdmin, and goes out only after a restart. In the secure relay benchmark 12 of 2 000
 * relayed mails waited so ({@code MailQueueDispatchTest} reproduces it with remote delivery's shape).</p>
 *
 * <p>Here every request for mail is handed to a thread of the subscription's own ({@code subscribeOn}, requests on
 * that thread): the receives never block a worker.</p>
 */
public class DedicatedThreadActiveMQMailQueue extends ActiveMQCacheableMailQueue {
    private final Set<Scheduler> dequeuing = ConcurrentHashMap.newKeySet();

    public DedicatedThreadActiveMQMailQueue(ConnectionFactory connectionFactory, MailQueueItemDecoratorFactory decoratorFactory,
                                            MailQueueName name, MetricFactory metricFactory, GaugeRegistry gaugeRegistry) {
        super(connectionFactory, decoratorFactory, name, true, metricFactory, gaugeRegistry);
    }

    /** A thread for each subscriber: two loops of blocking receives never share one. */
    @Override
    public Flux<MailQueueItem> deQueue() {
        Flux<MailQueueItem> items = super.deQueue();
        return Flux.defer(() -> {
            Scheduler thread = Schedulers.newSingle("mailqueue-" + queueName.asString(), true);
            dequeuing.add(thread);
            return items.subscribeOn(thread, true)
                .doFinally(signal -> {
                    dequeuing.remove(thread);
                    thread.dispose();
                });
        });
    }

    @Override
    public void dispose() {
        dequeuing.forEach(Scheduler::dispose);
        super.dispose();
    }
}
