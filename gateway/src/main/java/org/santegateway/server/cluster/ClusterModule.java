package org.santegateway.server.cluster;

import static org.apache.james.events.NamingStrategy.MAILBOX_EVENT_NAMING_STRATEGY;

import java.util.Set;

import javax.inject.Singleton;

import org.apache.james.backends.rabbitmq.RabbitMQConfiguration;
import org.apache.james.backends.rabbitmq.RabbitMQHealthCheck;
import org.apache.james.backends.rabbitmq.ReactorRabbitMQChannelPool;
import org.apache.james.backends.rabbitmq.ReceiverProvider;
import org.apache.james.backends.rabbitmq.SimpleConnectionPool;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.events.EventBus;
import org.apache.james.events.EventBusId;
import org.apache.james.events.EventBusReconnectionHandler;
import org.apache.james.events.EventSerializer;
import org.apache.james.events.KeyReconnectionHandler;
import org.apache.james.events.NamingStrategy;
import org.apache.james.events.RabbitMQEventBus;
import org.apache.james.events.RegistrationKey;
import org.apache.james.mailbox.events.MailboxIdRegistrationKey;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.persistence.SearchIndexBarrier;
import org.santegateway.server.persistence.SearchIndexFeed;
import org.santegateway.server.persistence.UidAllocation;
import org.santegateway.server.settings.GatewayProperties;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

import reactor.rabbitmq.RabbitFlux;
import reactor.rabbitmq.ReceiverOptions;
import reactor.rabbitmq.Sender;

/**
 * What makes a gateway a node among several sharing one database, overriding the embedded storage modules:
 *
 * <ul>
 *     <li>James's distributed event bus ({@link RabbitMQEventBus}) in place of the in-VM one: a mailbox change made
 *     on one node reaches the sessions of every node (IMAP IDLE, selected mailboxes) through RabbitMQ, and each group
 *     listener (the quota of a deleted mailbox, annotations, new-message notices) runs on one node per event;</li>
 *     <li>the search index, kept per node, fed from a queue of the node's own ({@link NodeSearchIndexFeeder}), so
 *     that each node indexes every message (in James 3.8.1 one shared queue carries the events of every group);</li>
 *     <li>mailbox events serialized without the JPA messages' ids, which cannot be ({@link JpaMailboxEventSerializer});</li>
 *     <li>UIDs and mod-sequences taken under a database lock on the mailbox's row
 *     ({@link UidAllocation#LOCKED_IN_WRITING_TRANSACTION}): the JVM's mailbox locks do not cover two nodes.</li>
 * </ul>
 *
 * <p>The wiring is James 3.8.1's {@code RabbitMQEventBusModule} and the connection part of its
 * {@code RabbitMQModule} (neither is published), without what needs the RabbitMQ management API or Cassandra:
 * event dead letters stay in memory ({@code MemoryDeadLetterModule}), per node, and are lost at a restart.</p>
 *
 * <p>Used as an override of the embedded storage modules when {@code rabbitmq.properties} is present
 * ({@link ClusterSettings}).</p>
 */
public class ClusterModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(UidAllocation.class).toInstance(UidAllocation.LOCKED_IN_WRITING_TRANSACTION);
        bind(SearchIndexFeed.class).toInstance(SearchIndexFeed.NODE_QUEUE);
        bind(NodeSearchIndexFeeder.class).in(Scopes.SINGLETON);
        bind(QueueSearchIndexBarrier.class).in(Scopes.SINGLETON);
        bind(SearchIndexBarrier.class).to(QueueSearchIndexBarrier.class);

        bind(SimpleConnectionPool.class).in(Scopes.SINGLETON);
        bind(NamingStrategy.class).toInstance(MAILBOX_EVENT_NAMING_STRATEGY);
        bind(RabbitMQEventBus.class).in(Scopes.SINGLETON);
        bind(EventBus.class).to(RabbitMQEventBus.class);
        // The JPA messages' ids cannot be serialized: James's serializer with them left out.
        bind(JpaMailboxEventSerializer.class).in(Scopes.SINGLETON);
        bind(EventSerializer.class).to(JpaMailboxEventSerializer.class);
        bind(EventBusId.class).toInstance(EventBusId.random());

        Multibinder.newSetBinder(binder(), RegistrationKey.Factory.class)
            .addBinding().to(MailboxIdRegistrationKey.Factory.class);

        Multibinder<SimpleConnectionPool.ReconnectionHandler> reconnectionHandlers =
            Multibinder.newSetBinder(binder(), SimpleConnectionPool.ReconnectionHandler.class);
        reconnectionHandlers.addBinding().to(KeyReconnectionHandler.class);
        reconnectionHandlers.addBinding().to(EventBusReconnectionHandler.class);

        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(RabbitMQHealthCheck.class);
    }

    @Provides
    @Singleton
    ClusterSettings settings(GatewaySettings settings, GatewayProperties properties) {
        return ClusterSettings.from(settings, properties);
    }

    @Provides
    @Singleton
    RabbitMQConfiguration configuration(ClusterSettings settings) {
        // James's AMQP connection takes its credentials from the management ones; the management URI is required
        // by the builder but never called: nothing bound here uses the management API.
        return RabbitMQConfiguration.builder()
            .amqpUri(settings.uri())
            .managementUri(settings.uri())
            .managementCredentials(new RabbitMQConfiguration.ManagementCredentials(settings.user(), settings.password().toCharArray()))
            .build();
    }

    @Provides
    @Singleton
    SimpleConnectionPool.Configuration connectionPoolConfiguration() {
        return SimpleConnectionPool.Configuration.DEFAULT;
    }

    @Provides
    @Singleton
    ReactorRabbitMQChannelPool.Configuration channelPoolConfiguration() {
        return ReactorRabbitMQChannelPool.Configuration.DEFAULT;
    }

    @Provides
    @Singleton
    ReactorRabbitMQChannelPool channelPool(SimpleConnectionPool connectionPool, ReactorRabbitMQChannelPool.Configuration configuration,
                                           MetricFactory metricFactory) {
        ReactorRabbitMQChannelPool channelPool = new ReactorRabbitMQChannelPool(connectionPool.getResilientConnection(),
            configuration, metricFactory);
        channelPool.start();
        return channelPool;
    }

    @Provides
    @Singleton
    Sender sender(ReactorRabbitMQChannelPool channelPool) {
        return channelPool.getSender();
    }

    @Provides
    @Singleton
    ReceiverProvider receiverProvider(SimpleConnectionPool connectionPool) {
        return () -> RabbitFlux.createReceiver(new ReceiverOptions().connectionMono(connectionPool.getResilientConnection()));
    }

    @ProvidesIntoSet
    InitializationOperation connect(SimpleConnectionPool pool, Set<SimpleConnectionPool.ReconnectionHandler> reconnectionHandlers) {
        return InitilizationOperationBuilder
            .forClass(SimpleConnectionPool.class)
            .init(() -> pool.init(reconnectionHandlers));
    }

    @ProvidesIntoSet
    InitializationOperation startEventBus(RabbitMQEventBus eventBus) {
        return InitilizationOperationBuilder
            .forClass(RabbitMQEventBus.class)
            .init(eventBus::start);
    }

    @ProvidesIntoSet
    InitializationOperation feedSearchIndex(NodeSearchIndexFeeder feeder) {
        return InitilizationOperationBuilder
            .forClass(NodeSearchIndexFeeder.class)
            .init(feeder::start);
    }
}
