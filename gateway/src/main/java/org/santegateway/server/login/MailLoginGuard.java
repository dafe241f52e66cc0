package org.santegateway.server.login;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.santegateway.audit.ActorKind;
import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.CommonOutcome;
import org.santegateway.audit.AuditLog;
import org.santegateway.audit.Pseudonyms;
import org.santegateway.login.PasswordLogins;
import org.santegateway.server.psc.PscSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@link PasswordLogins} of the mail protocols: checks on a small bounded pool, failure delays on
 * a timer, lockouts by {@link LoginThrottle} (per account and per client address, SMTP and IMAP
 * together). Each check is audited as {@code <protocol>.auth} (success or failure), lockouts as
 * {@code mail.login.lockout} and {@code mail.login.client-lockout}; a login of a Pro Santé Connect
 * only domain ({@link PscSettings#onlyDomains()}) is refused unchecked ({@code <protocol>.auth},
 * refused, {@code psc_only}); counted in
 * {@code gateway.login.attempts{protocol,outcome}}.
 */
@Singleton
public class MailLoginGuard implements PasswordLogins {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailLoginGuard.class);
    static final String METRIC = "gateway.login.attempts";

    /** Checks of one client address in the pool at once, and waiting behind them. */
    static final int PER_CLIENT_RUNNING = 2;
    static final int PER_CLIENT_WAITING = 32;

    private final LoginThrottle throttle;
    private final Map<InetAddress, ClientLane> lanes = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor checks;
    private final ScheduledExecutorService timer;
    private final MeterRegistry registry;

    private final PscSettings psc;
    private final AuditLog auditLog;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    @Inject
    public MailLoginGuard(MailLoginSettings settings, PscSettings psc, AuditLog auditLog, Pseudonyms pseudonyms, Clock clock, MeterRegistry registry) {
        this.throttle = new LoginThrottle(settings.policy(), "mail", ActorKind.USER, auditLog, pseudonyms, clock);
        this.psc = psc;
        this.auditLog = auditLog;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
        this.registry = registry;
        this.checks = new ThreadPoolExecutor(settings.threads(), settings.threads(), 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(settings.queue()), daemonThreads("mail-login-check"));
        this.checks.allowCoreThreadTimeOut(true);
        this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("mail-login-delay"));
    }

    @Override
    public CompletableFuture<Outcome> attempt(String protocol, String login, InetAddress client, Callable<Boolean> check) {
        if (!passwordAllowed(login)) {
            // A PSC-only domain: refused before any check, and without counting as a failure (the
            // password was not wrong, the method is).
            auditLog.record(new AuditEvent(clock.instant(), ActorKind.USER, pseudonyms.of(login.trim().toLowerCase(Locale.ROOT)),
                protocol + ".auth", List.of(), CommonOutcome.REFUSED, Optional.of("psc_only")));
            return CompletableFuture.completedFuture(counted(protocol, Outcome.TOKEN_REQUIRED));
        }
        if (throttle.checkClient(client) instanceof LoginThrottle.Verdict.Locked) {
            return CompletableFuture.completedFuture(counted(protocol, Outcome.LOCKED));
        }
        if (throttle.check(login) instanceof LoginThrottle.Verdict.Locked) {
            // A client that goes on trying a locked account counts towards the lock of its address:
            // it is soon refused at connect instead of costing a TLS handshake each time.
            throttle.failedFrom(client);
            return CompletableFuture.completedFuture(counted(protocol, Outcome.LOCKED));
        }
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        Check task = new Check(() -> complete(result, protocol, login, client, check),
            () -> result.complete(counted(protocol, Outcome.UNAVAILABLE)));
        lanes.computeIfAbsent(client, ClientLane::new).offer(task);
        return result;
    }

    private boolean passwordAllowed(String login) {
        int at = login.lastIndexOf('@');
        return at < 0 || psc.passwordAllowed(login.substring(at + 1).trim());
    }

    @Override
    public void failedFrom(InetAddress client) {
        throttle.failedFrom(client);
    }

    @Override
    public boolean isLockedOut(InetAddress client) {
        return throttle.checkClient(client) instanceof LoginThrottle.Verdict.Locked;
    }

    private record Check(Runnable run, Runnable refuse) {
    }

    /**
     * The checks of one client address: at most {@link #PER_CLIENT_RUNNING} in the shared pool at
     * once, the others waiting their turn here, so that a client sending logins as fast as it can
     * delays its own logins and not those of everyone else.
     */
    private final class ClientLane {
        private final InetAddress client;
        private final ArrayDeque<Check> waiting = new ArrayDeque<>();
        private int running;

        ClientLane(InetAddress client) {
            this.client = client;
        }

        synchronized void offer(Check check) {
            if (running < PER_CLIENT_RUNNING) {
                submit(check);
            } else if (waiting.size() < PER_CLIENT_WAITING) {
                waiting.add(check);
            } else {
                check.refuse().run();
            }
        }

        /** Called with the lane's lock held. */
        private void submit(Check check) {
            running++;
            try {
                checks.execute(() -> {
                    try {
                        check.run().run();
                    } finally {
                        done();
                    }
                });
            } catch (RejectedExecutionException e) {
                running--;
                check.refuse().run();
            }
        }

        private synchronized void done() {
            running--;
            Check next = waiting.poll();
            if (next != null) {
                submit(next);
            } else if (running == 0) {
                lanes.remove(client, this);
            }
        }
    }

    private void complete(CompletableFuture<Outcome> result, String protocol, String login, InetAddress client, Callable<Boolean> check) {
        boolean authentic;
        try {
            authentic = check.call();
        } catch (Exception e) {
            LOGGER.warn("A {} login could not be checked: {}", protocol, e.getClass().getSimpleName());
            result.complete(counted(protocol, Outcome.UNAVAILABLE));
            return;
        }
        if (authentic) {
            throttle.succeeded(login, protocol + ".auth", client);
            result.complete(counted(protocol, Outcome.SUCCESS));
            return;
        }
        throttle.failedFrom(client);
        Duration delay = throttle.failed(login, protocol + ".auth", client);
        timer.schedule(() -> result.complete(counted(protocol, Outcome.FAILURE)), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Outcome counted(String protocol, Outcome outcome) {
        Counter.builder(METRIC)
            .description("Password logins of the mail protocols, by outcome")
            .tag("protocol", protocol)
            .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
            .register(registry)
            .increment();
        return outcome;
    }

    @PreDestroy
    public void stop() {
        checks.shutdownNow();
        timer.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
