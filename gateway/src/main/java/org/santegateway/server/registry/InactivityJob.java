package org.santegateway.server.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.lifecycle.api.Startable;
import org.santegateway.audit.ActorKind;
import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.AuditLog;
import org.santegateway.audit.CommonOutcome;
import org.santegateway.audit.Pseudonyms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Applies the inactivity rule of {@link InactivitySettings} to the registered mailboxes: a mailbox idle (no
 * successful login, or none since its creation) for {@code notice} gets a notice delivered into it; a noticed mailbox
 * still idle for {@code closure}, and noticed at least {@code closure - notice} before, is closed and its James user
 * and mail deleted. A login clears the notice ({@link MailboxRegistry#recordLogin}).
 *
 * <p>Every step is a conditional update of the registry row, so that when several nodes run the job each mailbox is
 * noticed and closed once. Audited as {@code registry.inactivity.notice} and {@code registry.inactivity.closure}
 * (actor: the gateway; the mailbox as a pseudonym), counted in {@code gateway.registry.inactivity{step}}.
 * Mailboxes that only exist as James users (never registered) have no row and are not concerned: register them.</p>
 */
public class InactivityJob implements Startable {
    /** Mailboxes handled in one step of one run; the next run goes on. */
    static final int BATCH = 500;
    private static final Logger LOGGER = LoggerFactory.getLogger(InactivityJob.class);

    private final MailboxRegistry registry;
    private final InactivitySettings settings;
    private final InactivityNotices notices;
    private final MailboxDeletion deletion;
    private final AuditLog auditLog;
    private final Pseudonyms pseudonyms;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ScheduledExecutorService scheduler;

    /** What one run did. */
    public record Run(int noticed, int closed) {
    }

    @Inject
    public InactivityJob(MailboxRegistry registry, InactivitySettings settings, InactivityNotices notices, MailboxDeletion deletion,
                         AuditLog auditLog, Pseudonyms pseudonyms, Clock clock, MeterRegistry meters) {
        this.registry = registry;
        this.settings = settings;
        this.notices = notices;
        this.deletion = deletion;
        this.auditLog = auditLog;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
        this.meters = meters;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "registry-inactivity");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        if (settings.enabled()) {
            long period = settings.period().toMillis();
            scheduler.scheduleWithFixedDelay(this::runLogged, period, period, TimeUnit.MILLISECONDS);
        }
    }

    private void runLogged() {
        try {
            Run run = runOnce();
            if (run.noticed() > 0 || run.closed() > 0) {
                LOGGER.info("Inactivity rule: {} mailboxes noticed, {} closed", run.noticed(), run.closed());
            }
        } catch (RuntimeException e) {
            LOGGER.warn("The inactivity rule could not be applied: {}", e.getClass().getSimpleName(), e);
        }
    }

    /** One application of the rule, at the clock's time. */
    public Run runOnce() {
        Instant now = clock.instant();
        int noticed = 0;
        Instant noticeIdle = now.minus(settings.notice());
        for (Mailbox mailbox : registry.idleWithoutNotice(noticeIdle, BATCH)) {
            if (registry.markNoticed(mailbox.address(), noticeIdle, now)) {
                notices.send(mailbox.address(), now.plus(settings.grace()));
                record("registry.inactivity.notice", mailbox.address(), "notice");
                noticed++;
            }
        }
        int closed = 0;
        Instant closureIdle = now.minus(settings.closure());
        for (Mailbox mailbox : registry.noticedAndIdle(now.minus(settings.grace()), closureIdle, BATCH)) {
            if (registry.closeIfIdle(mailbox.address(), closureIdle, now)) {
                deletion.delete(mailbox.address());
                record("registry.inactivity.closure", mailbox.address(), "closure");
                closed++;
            }
        }
        return new Run(noticed, closed);
    }

    private void record(String action, String address, String step) {
        auditLog.record(new AuditEvent(clock.instant(), ActorKind.GATEWAY, "gateway", action,
            List.of("mailbox:" + pseudonyms.of(address)), CommonOutcome.ACCEPTED, Optional.empty()));
        Counter.builder("gateway.registry.inactivity")
            .description("Mailboxes noticed and closed by the inactivity rule")
            .tag("step", step)
            .register(meters)
            .increment();
    }

    @PreDestroy
    public void stop() {
        scheduler.shutdownNow();
    }
}
