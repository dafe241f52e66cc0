package org.santegateway.server.trust;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The single-thread schedulers of the polls of trust material (the trust list, the CRLs), shut down when the gateway
 * stops ({@link PreDestroy}). Before, their threads went on polling after the server had stopped: in a JVM that starts
 * several gateways in turn (the test suite, an embedding application), a stopped gateway kept reading its files, and
 * logged warnings once they were gone.
 */
@Singleton
public class PollSchedulers {
    private final List<ScheduledExecutorService> schedulers = new CopyOnWriteArrayList<>();

    @Inject
    public PollSchedulers() {
    }

    /** A scheduler running its tasks on one daemon thread of the given name, shut down with the gateway. */
    public ScheduledExecutorService newScheduler(String threadName) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        schedulers.add(scheduler);
        return scheduler;
    }

    @PreDestroy
    public void stop() {
        schedulers.forEach(ScheduledExecutorService::shutdownNow);
    }
}
