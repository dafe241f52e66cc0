package org.santegateway.server.persistence;

import java.io.IOException;
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
 * Commits the Lucene search index every {@link #INTERVAL}.
 *
 * <p>The index writer ({@link GatewayLuceneMessageSearchIndex}, as James's Lucene index) only commits when it is closed, at a clean shutdown: after a crash
 * ({@code kill -9}, power loss) every message indexed since the server started would be missing from searches
 * until an administrator re-indexes. With this committer a crash loses at most the last few seconds of
 * indexing.</p>
 */
public class LuceneIndexCommitter implements Startable {
    public static final Duration INTERVAL = Duration.ofSeconds(5);

    private static final Logger LOGGER = LoggerFactory.getLogger(LuceneIndexCommitter.class);

    private final GatewayLuceneMessageSearchIndex index;
    private final ScheduledExecutorService scheduler;

    @Inject
    public LuceneIndexCommitter(GatewayLuceneMessageSearchIndex index) {
        this.index = index;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lucene-index-committer");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::commit, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void commit() {
        try {
            index.commit();
        } catch (IOException | RuntimeException e) {
            LOGGER.warn("Could not commit the Lucene search index", e);
        }
    }

    @PreDestroy
    public void stop() throws InterruptedException {
        scheduler.shutdown();
        scheduler.awaitTermination(INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }
}
