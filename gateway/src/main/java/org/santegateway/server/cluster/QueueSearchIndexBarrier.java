package org.santegateway.server.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.inject.Inject;

import org.santegateway.server.persistence.SearchIndexBarrier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rabbitmq.client.AMQP;

import reactor.core.publisher.Mono;
import reactor.rabbitmq.OutboundMessage;
import reactor.rabbitmq.Sender;

/**
 * The wait before a search on a node fed from its queue ({@link NodeSearchIndexFeeder}): a marker is put at the end
 * of the node's queue and the search waits until the feeder reaches it. The queue is applied in order, so by then
 * every mailbox event the broker took before the marker is in the index: the session's own changes (published
 * before the command that made them was answered) and, but for a publication still in flight, the other nodes'.
 * Without it a SEARCH right after an APPEND on a two-node cluster missed the message about one time in ten (up to a
 * quarter of a second behind). A marker costs a round trip to the broker per search. When the feeder does not
 * answer within {@link #WAIT} (broker slow or away) the search goes on with the index as it is, and says so in the log.
 */
public class QueueSearchIndexBarrier implements SearchIndexBarrier {
    static final String MARKER_TYPE = "gateway-search-index-barrier";
    static final Duration WAIT = Duration.ofSeconds(2);
    private static final Logger LOGGER = LoggerFactory.getLogger(QueueSearchIndexBarrier.class);

    private final Sender sender;
    private final String queue;
    private final Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

    @Inject
    public QueueSearchIndexBarrier(Sender sender, ClusterSettings settings) {
        this.sender = sender;
        this.queue = NodeSearchIndexFeeder.queueName(settings.nodeId());
    }

    @Override
    public void awaitIndexed() {
        String id = UUID.randomUUID().toString();
        CompletableFuture<Void> reached = new CompletableFuture<>();
        pending.put(id, reached);
        try {
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().type(MARKER_TYPE).messageId(id).build();
            sender.send(Mono.just(new OutboundMessage("", queue, properties, new byte[0]))).block(WAIT);
            reached.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOGGER.warn("The search index of this node did not catch up within {} ms: searching it as it is", WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            LOGGER.warn("Could not wait for the search index to catch up: searching it as it is", e);
        } finally {
            pending.remove(id);
        }
    }

    /** Whether a delivery of the node's queue is a marker (not a mailbox event); if so, its search may go on. */
    boolean reached(AMQP.BasicProperties properties) {
        if (properties == null || !MARKER_TYPE.equals(properties.getType())) {
            return false;
        }
        CompletableFuture<Void> waiting = properties.getMessageId() == null ? null : pending.remove(properties.getMessageId());
        if (waiting != null) {
            waiting.complete(null);
        }
        return true;
    }
}
