package org.santegateway.server.persistence;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.james.events.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Applies mailbox events to the search index on a thread of its own, one at a time, in the order they were submitted.
 *
 * <p>Why: the event bus of one node runs its group listeners inside the dispatch, and a mailbox write dispatches its
 * event while it holds the mailbox's write lock (so that sessions see the changes in commit order). Indexing there
 * (for an appended message: reading it back from the database and analysing its text) lengthened every write's hold
 * of the lock, which is what limits the writes of sessions sharing a mailbox. Submitting is cheap and keeps the commit
 * order: events of one mailbox are dispatched one at a time, under its lock. A search first waits until the events
 * submitted before it began have been applied ({@link #awaitApplied()}), so that a client finds what it has just
 * appended or flagged.</p>
 *
 * <p>Failures: an event is tried three times, then handed to {@code onFailure} (the event dead letters) and skipped,
 * as the event bus did. A crash loses the events not yet applied, as it loses what the index had not committed:
 * {@link SearchIndexRepair} compares the index with the database after an unclean stop.</p>
 */
final class OrderedIndexFeed {
    private static final Logger LOGGER = LoggerFactory.getLogger(OrderedIndexFeed.class);
    private static final int CAPACITY = 10_000;
    private static final int ATTEMPTS = 3;
    private static final Duration SEARCH_WAIT = Duration.ofSeconds(10);
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(30);

    private record Submitted(long sequence, Event event) {
    }

    private final Function<Event, Mono<Void>> apply;
    private final Function<Event, Mono<Void>> onFailure;
    private final BlockingQueue<Submitted> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Object progress = new Object();
    private final Thread worker;
    private long submitted;
    private long applied;
    private volatile boolean stopping;

    OrderedIndexFeed(Function<Event, Mono<Void>> apply, Function<Event, Mono<Void>> onFailure) {
        this.apply = apply;
        this.onFailure = onFailure;
        this.worker = new Thread(this::run, "search-index-feed");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Queues an event behind those submitted before it; waits only when the queue is full. */
    void submit(Event event) {
        synchronized (queue) {
            if (stopping) {
                throw new IllegalStateException("The search index is closing");
            }
            long sequence;
            synchronized (progress) {
                sequence = ++submitted;
            }
            try {
                queue.put(new Submitted(sequence, event));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while queueing a mailbox event for the search index", e);
            }
        }
    }

    /**
     * Returns once every event submitted before this call is applied, or after {@link #SEARCH_WAIT} (the search then
     * runs on the index as it is, and says so in the log).
     */
    void awaitApplied() {
        long deadline = System.nanoTime() + SEARCH_WAIT.toNanos();
        synchronized (progress) {
            long target = submitted;
            while (applied < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOGGER.warn("The search index is {} mailbox events behind after {}: searching it as it is",
                        target - applied, SEARCH_WAIT);
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Stops taking events and applies those queued. Returns whether all were applied in time. */
    boolean drainAndStop() {
        synchronized (queue) {
            stopping = true;
        }
        long target;
        synchronized (progress) {
            target = submitted;
        }
        long deadline = System.nanoTime() + DRAIN_WAIT.toNanos();
        synchronized (progress) {
            while (applied < target && System.nanoTime() < deadline) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, Math.max(1, deadline - System.nanoTime()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        worker.interrupt();
        synchronized (progress) {
            return applied >= target;
        }
    }

    private void run() {
        while (true) {
            Submitted next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            applyOne(next.event());
            synchronized (progress) {
                applied = next.sequence();
                progress.notifyAll();
            }
        }
    }

    private void applyOne(Event event) {
        try {
            Mono.defer(() -> apply.apply(event))
                .retryWhen(Retry.backoff(ATTEMPTS - 1, Duration.ofMillis(200)))
                .onErrorResume(e -> {
                    LOGGER.error("Mailbox event {} not applied to the search index: kept in the event dead letters",
                        event.getEventId(), e);
                    return onFailure.apply(event);
                })
                .block();
        } catch (RuntimeException | StackOverflowError e) {
            // A message too deeply nested to analyse must not end the feed: every later search would wait for it.
            LOGGER.error("Mailbox event {} not applied to the search index", event.getEventId(), e);
        }
    }
}
