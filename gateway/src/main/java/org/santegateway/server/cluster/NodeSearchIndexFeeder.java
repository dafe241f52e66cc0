package org.santegateway.server.cluster;

import java.time.Duration;
import java.util.Optional;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.backends.rabbitmq.ReceiverProvider;
import org.apache.james.events.Event;
import org.apache.james.events.EventDeadLetters;
import org.apache.james.events.EventSerializer;
import org.apache.james.events.Group;
import org.apache.james.events.NamingStrategy;
import org.apache.james.lifecycle.api.Startable;
import org.apache.james.mailbox.events.GenericGroup;
import org.santegateway.server.persistence.GatewayLuceneMessageSearchIndex;
import org.santegateway.server.persistence.SearchIndexFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.rabbitmq.AcknowledgableDelivery;
import reactor.rabbitmq.BindingSpecification;
import reactor.rabbitmq.ConsumeOptions;
import reactor.rabbitmq.ExchangeSpecification;
import reactor.rabbitmq.QueueSpecification;
import reactor.rabbitmq.Receiver;
import reactor.rabbitmq.Sender;
import reactor.util.retry.Retry;

/**
 * Feeds this node's search index with every mailbox event of the cluster ({@link SearchIndexFeed#NODE_QUEUE}).
 *
 * <p>Why not a group listener: James 3.8.1's distributed bus puts each event in one work queue shared by all the
 * groups, and the node that takes it runs its own group listeners (measured: a message delivered on node 1 indexed
 * on one node only, a listener in a group named after node 2 never called on node 2). So each node declares a
 * durable queue of its own, {@code gateway-search-index-<node.id>}, bound to James's mailbox event exchange with the
 * routing key James uses for group events: every event reaches every node's queue once. Events are applied one at
 * a time, in the queue's order, acknowledged once applied; a stopped node finds the events it missed at its restart.
 * An event that still fails after a few attempts is stored in the event dead letters under the node's group
 * ({@code search-index-<node.id>}) and skipped: re-indexing repairs the index.</p>
 *
 * <p>The queue also carries the markers of {@link QueueSearchIndexBarrier}: a search waits until its marker is
 * reached, so that it sees the changes made before it.</p>
 */
public class NodeSearchIndexFeeder implements Startable {
    private static final Logger LOGGER = LoggerFactory.getLogger(NodeSearchIndexFeeder.class);
    private static final String GROUP_EVENTS_ROUTING_KEY = "";
    private static final int PREFETCH = 32;
    private static final int ATTEMPTS = 3;

    private final Sender sender;
    private final ReceiverProvider receivers;
    private final EventSerializer serializer;
    private final GatewayLuceneMessageSearchIndex index;
    private final EventDeadLetters deadLetters;
    private final NamingStrategy naming;
    private final QueueSearchIndexBarrier barrier;
    private final String queue;
    private final Group group;
    private Optional<Disposable> consumer = Optional.empty();
    private Scheduler scheduler;

    @Inject
    public NodeSearchIndexFeeder(Sender sender, ReceiverProvider receivers, EventSerializer serializer,
                                 GatewayLuceneMessageSearchIndex index, EventDeadLetters deadLetters, NamingStrategy naming,
                                 ClusterSettings settings, QueueSearchIndexBarrier barrier) {
        this.barrier = barrier;
        this.sender = sender;
        this.receivers = receivers;
        this.serializer = serializer;
        this.index = index;
        this.deadLetters = deadLetters;
        this.naming = naming;
        this.queue = queueName(settings.nodeId());
        this.group = new GenericGroup("search-index-" + settings.nodeId());
    }

    public static String queueName(String nodeId) {
        return "gateway-search-index-" + nodeId;
    }

    public void start() {
        // Declared as James declares it (durable, direct), whichever of the two comes first.
        sender.declareExchange(ExchangeSpecification.exchange(naming.exchange()).durable(true).type("direct"))
            .then(sender.declareQueue(QueueSpecification.queue(queue).durable(true).exclusive(false).autoDelete(false)))
            .then(sender.bind(BindingSpecification.binding()
                .exchange(naming.exchange())
                .queue(queue)
                .routingKey(GROUP_EVENTS_ROUTING_KEY)))
            .block();
        scheduler = Schedulers.newSingle("search-index-feeder");
        consumer = Optional.of(Flux.using(receivers::createReceiver,
                receiver -> receiver.consumeManualAck(queue, new ConsumeOptions().qos(PREFETCH)),
                Receiver::close)
            .publishOn(scheduler)
            .concatMap(this::apply)
            .subscribe());
        LOGGER.info("Search index fed from queue {}", queue);
    }

    private Mono<Void> apply(AcknowledgableDelivery delivery) {
        if (barrier.reached(delivery.getProperties())) {
            return Mono.fromRunnable(delivery::ack);
        }
        return Mono.fromCallable(() -> serializer.fromBytes(delivery.getBody()))
            .flatMap(this::index)
            .onErrorResume(e -> {
                LOGGER.error("Unreadable mailbox event in queue {}: skipped", queue, e);
                return Mono.empty();
            })
            .then(Mono.fromRunnable(delivery::ack));
    }

    private Mono<Void> index(Event event) {
        return Mono.defer(() -> index.index(event))
            .retryWhen(Retry.backoff(ATTEMPTS - 1, Duration.ofMillis(200)))
            .onErrorResume(e -> {
                LOGGER.error("Mailbox event {} not applied to the search index: kept in the event dead letters", event.getEventId(), e);
                return deadLetters.store(group, event).then();
            });
    }

    @PreDestroy
    public void stop() {
        consumer.ifPresent(Disposable::dispose);
        if (scheduler != null) {
            scheduler.dispose();
        }
    }
}
