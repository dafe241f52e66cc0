package org.santegateway.server.persistence;

import javax.inject.Inject;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollector;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;

/**
 * James's ActiveMQ mail queue factory on the gateway's {@link EmbeddedActiveMQBroker} (James's own factory is
 * wired to its {@code EmbeddedActiveMQ}, which opens a TCP connector). Created by Guice so that James's lifecycle
 * closes the queues and unregisters their JMX beans when the server stops, before the broker stops.
 */
public class EmbeddedActiveMQMailQueueFactory extends ActiveMQMailQueueFactory {
    private final ActiveMQMetricCollector metricCollector;

    @Inject
    public EmbeddedActiveMQMailQueueFactory(EmbeddedActiveMQBroker broker,
                                            MailQueueItemDecoratorFactory mailQueueItemDecoratorFactory,
                                            MetricFactory metricFactory,
                                            GaugeRegistry gaugeRegistry,
                                            ActiveMQMetricCollector metricCollector) {
        super(broker.connectionFactory(), mailQueueItemDecoratorFactory, metricFactory, gaugeRegistry, metricCollector);
        this.metricCollector = metricCollector;
    }

    /**
     * James's queue, taking mail out on a thread of its own and putting mail that waits for a later attempt behind mail
     * due now ({@link GatewayActiveMQMailQueue}).
     */
    @Override
    protected ManageableMailQueue createCacheableMailQueue(MailQueueName name) {
        metricCollector.collectQueueStatistics(name);
        return new GatewayActiveMQMailQueue(connectionFactory, mailQueueItemDecoratorFactory, name, metricFactory, gaugeRegistry);
    }
}
