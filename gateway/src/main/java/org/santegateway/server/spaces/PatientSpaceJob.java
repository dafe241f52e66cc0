package org.santegateway.server.spaces;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.lifecycle.api.Startable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the clock-driven transitions of the patient spaces ({@link PatientSpaces#runOnce}) every {@code spaces.check.period}. */
public class PatientSpaceJob implements Startable {
    private static final Logger LOGGER = LoggerFactory.getLogger(PatientSpaceJob.class);

    private final PatientSpaces spaces;
    private final SpaceSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    @Inject
    public PatientSpaceJob(PatientSpaces spaces, SpaceSettings settings, Clock clock) {
        this.spaces = spaces;
        this.settings = settings;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "patient-spaces");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        long period = settings.period().toMillis();
        scheduler.scheduleWithFixedDelay(this::runLogged, Math.min(period, 60_000), period, TimeUnit.MILLISECONDS);
    }

    private void runLogged() {
        try {
            PatientSpaces.Run run = spaces.runOnce(clock.instant());
            if (run.opened() + run.deleted() > 0) {
                LOGGER.info("Patient spaces: {} opened, {} deleted", run.opened(), run.deleted());
            }
        } catch (RuntimeException e) {
            LOGGER.error("The patient spaces' transitions failed; next try in {}", settings.period(), e);
        }
    }

    @PreDestroy
    public void stop() {
        scheduler.shutdownNow();
    }
}
