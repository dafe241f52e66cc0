package org.santegateway.server.delivery;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.lifecycle.api.Startable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the delivery records older than {@link JpaDeliveredQueueItems#RETENTION} every {@link #INTERVAL}, the
 * first time one interval after the start: never at the start itself, when the mail queue hands out again what
 * a crash left unacknowledged, however long the gateway was stopped.
 */
public class DeliveredQueueItemsPruner implements Startable {
    public static final Duration INTERVAL = Duration.ofHours(1);

    private static final Logger LOGGER = LoggerFactory.getLogger(DeliveredQueueItemsPruner.class);

    private final JpaDeliveredQueueItems deliveredQueueItems;
    private final ScheduledExecutorService scheduler;

    @Inject
    public DeliveredQueueItemsPruner(JpaDeliveredQueueItems deliveredQueueItems) {
        this.deliveredQueueItems = deliveredQueueItems;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "delivered-queue-items-pruner");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::prune, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void prune() {
        try {
            int removed = deliveredQueueItems.prune();
            LOGGER.debug("Removed {} delivery records older than {}", removed, JpaDeliveredQueueItems.RETENTION);
        } catch (RuntimeException e) {
            LOGGER.warn("Could not remove old delivery records", e);
        }
    }

    @PreDestroy
    public void stop() {
        scheduler.shutdownNow();
    }
}
