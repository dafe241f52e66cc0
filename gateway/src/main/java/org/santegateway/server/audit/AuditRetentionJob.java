package org.santegateway.server.audit;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.lifecycle.api.Startable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the audit retention purge at startup and then once a day. */
public class AuditRetentionJob implements Startable {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditRetentionJob.class);

    private final AuditRetention retention;
    private ScheduledExecutorService scheduler;

    @Inject
    public AuditRetentionJob(AuditRetention retention) {
        this.retention = retention;
    }

    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "audit-retention");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::purge, 0, 1, TimeUnit.DAYS);
    }

    private void purge() {
        try {
            int removed = retention.purge();
            if (removed > 0) {
                LOGGER.info("Audit retention removed {} monthly segment(s)", removed);
            }
        } catch (RuntimeException e) {
            LOGGER.error("Audit retention failed; the trail is kept as it is", e);
        }
    }

    @PreDestroy
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
