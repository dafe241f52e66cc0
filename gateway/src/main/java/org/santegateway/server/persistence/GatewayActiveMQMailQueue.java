package org.santegateway.server.persistence;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.jms.ConnectionFactory;
import javax.jms.JMSException;
import javax.mail.MessagingException;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQCacheableMailQueue;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.Mail;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * James's ActiveMQ mail queue, with two changes.
 *
 * <p><b>Mail is taken out on a thread of its own.</b> James's queue takes mail out in a loop of blocking receives
 * (10 s each, then again), driven by whoever asks for the next mail. The spool and remote delivery process each mail on
 * a pool of worker threads and ask for the next one from the worker that finished: the loop then runs on that worker,
 * for as long as there is demand, which for remote delivery (256 mails in flight) is for ever. A mail handed to that
 * worker in the meantime waits behind the loop: it stays in the queue, listed by WebAdmin, and goes out only after a
 * restart. In the secure relay benchmark 12 of 2 000 relayed mails waited so ({@code MailQueueDispatchTest}
 * reproduces it with remote delivery's shape). Here every request for mail is handed to a thread of the
 * subscription's own ({@code subscribeOn}, requests on that thread): the receives never block a worker.</p>
 *
 * <p><b>Mail waiting for a later attempt goes behind mail due now.</b> James keeps a mail whose next attempt is later
 * (remote delivery's retries) in the same queue and takes mail out with a selector on its due time. The broker reads a
 * queue a page at a time (ActiveMQ's default: 200 messages): once a page holds only mails not yet due, it reads no further, and the mails
 * due now behind them wait, whatever their number, until those are due. A peer operator down for a while, with a few
 * hundred mails waiting for it, held up every relayed mail of the gateway, to every peer, for up to the retry delay
 * (hours). Such a mail is sent here at the lowest JMS priority, and the broker orders the queue by priority
 * ({@link EmbeddedActiveMQBroker}): mail due now is read first. Mails due at their first attempt carry James's
 * priority (normal 5, or that of the mail's priority attribute).</p>
 */
public class GatewayActiveMQMailQueue extends ActiveMQCacheableMailQueue {
    /** The JMS priority of a mail sent to wait for a later attempt. */
    static final int WAITING_PRIORITY = 0;

    private final Set<Scheduler> dequeuing = ConcurrentHashMap.newKeySet();

    public GatewayActiveMQMailQueue(ConnectionFactory connectionFactory, MailQueueItemDecoratorFactory decoratorFactory,
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
    protected void produceMail(Map<String, Object> props, int msgPrio, Mail mail) throws JMSException, MessagingException, IOException {
        super.produceMail(props, waitsForLaterAttempt(props) ? WAITING_PRIORITY : msgPrio, mail);
    }

    private static boolean waitsForLaterAttempt(Map<String, Object> props) {
        return props.get(JAMES_NEXT_DELIVERY) instanceof Long due && due > System.currentTimeMillis();
    }

    @Override
    public void dispose() {
        dequeuing.forEach(Scheduler::dispose);
        super.dispose();
    }
}
