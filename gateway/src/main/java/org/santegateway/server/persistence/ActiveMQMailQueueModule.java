package org.santegateway.server.persistence;

import java.io.FileNotFoundException;

import javax.jms.ConnectionFactory;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.queue.activemq.ActiveMQConfiguration;
import org.apache.james.queue.activemq.ActiveMQHealthCheck;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollector;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorImpl;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.utils.PropertiesProvider;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Durable mail queues (the spool between SMTP and the mailet container, RemoteDelivery's outgoing queue) on the
 * {@link EmbeddedActiveMQBroker} ({@link EmbeddedActiveMQMailQueueFactory}), manageable through JMX and WebAdmin, with queue metrics configured from
 * {@code activemq.properties} ({@code metrics.*} keys; defaults when the file is absent) and a health check.
 */
public class ActiveMQMailQueueModule extends AbstractModule {
    private static final String CONFIGURATION_FILE = "activemq";

    @Override
    protected void configure() {
        bind(StorageDirectories.class).in(Scopes.SINGLETON);
        bind(EmbeddedActiveMQBroker.class).in(Scopes.SINGLETON);
        bind(EmbeddedActiveMQMailQueueFactory.class).in(Scopes.SINGLETON);
        bind(ActiveMQMetricCollectorImpl.class).in(Scopes.SINGLETON);
        bind(ActiveMQMetricCollector.class).to(ActiveMQMetricCollectorImpl.class);

        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(ActiveMQHealthCheck.class);
    }

    @Provides
    @Singleton
    ConnectionFactory provideConnectionFactory(EmbeddedActiveMQBroker broker) {
        return broker.connectionFactory();
    }

    @Provides
    @Singleton
    ActiveMQConfiguration provideActiveMQConfiguration(PropertiesProvider propertiesProvider) throws ConfigurationException {
        try {
            return ActiveMQConfiguration.from(propertiesProvider.getConfiguration(CONFIGURATION_FILE));
        } catch (FileNotFoundException e) {
            return ActiveMQConfiguration.getDefault();
        }
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends ManageableMailQueue> provideManageableMailQueueFactory(EmbeddedActiveMQMailQueueFactory factory) {
        factory.setUseJMX(true);
        factory.init();
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<?> provideMailQueueFactory(MailQueueFactory<? extends ManageableMailQueue> factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends MailQueue> provideMailQueueFactoryGenerics(MailQueueFactory<? extends ManageableMailQueue> factory) {
        return factory;
    }

    @ProvidesIntoSet
    InitializationOperation startMetricCollector(ActiveMQMetricCollector metricCollector) {
        return InitilizationOperationBuilder
            .forClass(ActiveMQMetricCollectorImpl.class)
            .init(metricCollector::start);
    }
}
