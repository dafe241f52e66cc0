package org.santegateway.server.psc;

import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.santegateway.audit.ActorKind;
import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.AuditLog;
import org.santegateway.audit.CommonOutcome;
import org.santegateway.audit.Pseudonyms;
import org.santegateway.delivery.InactiveMailboxes;
import org.santegateway.login.MailboxActivity;
import org.santegateway.login.PasswordLogins;
import org.santegateway.login.TokenLogins;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@link TokenLogins} with Pro Santé Connect: the token checked by a {@link TokenCheck.Checker}
 * (local JWT validation or introspection, {@link PscSettings#validation()}) on a small bounded pool,
 * never on a listener's event loop, then the mailbox chosen among those {@link PscBindings} gives the
 * professional. A full pool answers "try again later". Refused tokens count towards the lockout of
 * the client address with the failed password logins ({@link PasswordLogins#failedFrom}); a locked
 * out address is refused at once, nothing checked.
 *
 * <p>Audited as {@code <protocol>.auth.psc} under the professional's pseudonym (success, failure with
 * a reason code) or, when the token told nothing trustworthy, under the client address's; counted in
 * {@code gateway.psc.logins{protocol,outcome,reason}}. Neither the token nor the national
 * identifier is ever logged.
 */
@Singleton
public class PscTokenLogins implements TokenLogins {
    private static final Logger LOGGER = LoggerFactory.getLogger(PscTokenLogins.class);
    static final String METRIC = "gateway.psc.logins";

    private final PscSettings settings;
    private final Optional<TokenCheck.Checker> checker;
    private final PscBindings bindings;
    private final PasswordLogins passwordLogins;
    private final AuditLog auditLog;
    private final Pseudonyms pseudonyms;
    private final Clock clock;
    private final MeterRegistry registry;
    private final ThreadPoolExecutor checks;
    private final MailboxActivity activity;
    private final InactiveMailboxes inactive;

    @Inject
    public PscTokenLogins(PscSettings settings, PscBindings bindings, PasswordLogins passwordLogins, AuditLog auditLog,
                          Pseudonyms pseudonyms, Clock clock, MeterRegistry registry, MailboxActivity activity,
                          InactiveMailboxes inactive) {
        this.inactive = inactive;
        this.settings = settings;
        this.checker = checker(settings, clock);
        this.bindings = bindings;
        this.passwordLogins = passwordLogins;
        this.auditLog = auditLog;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
        this.registry = registry;
        this.activity = activity;
        this.checks = new ThreadPoolExecutor(settings.threads(), settings.threads(), 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(settings.queue()), daemonThreads());
        this.checks.allowCoreThreadTimeOut(true);
    }

    /** The token check of the configured validation; empty when it is off. */
    public static Optional<TokenCheck.Checker> checker(PscSettings settings, Clock clock) {
        return switch (settings.validation()) {
            case OFF -> Optional.empty();
            case JWT -> Optional.of(new JwtTokenChecker(settings, clock));
            case INTROSPECTION -> Optional.of(new IntrospectionTokenChecker(settings, clock));
        };
    }

    /** The string whose pseudonym stands for a professional in the audit trail. */
    static String actor(String nationalId) {
        return "psc:" + nationalId;
    }

    @Override
    public boolean enabled() {
        return checker.isPresent();
    }

    @Override
    public Optional<String> openidConfiguration() {
        return settings.openidConfiguration();
    }

    @Override
    public String scope() {
        return settings.scope();
    }

    @Override
    public CompletableFuture<Result> attempt(String protocol, String token, Optional<String> mailbox, InetAddress client) {
        if (checker.isEmpty()) {
            return CompletableFuture.completedFuture(Result.of(Outcome.INVALID_TOKEN));
        }
        if (passwordLogins.isLockedOut(client)) {
            auditClient(client, protocol + ".auth.psc", CommonOutcome.REFUSED, "locked");
            return CompletableFuture.completedFuture(counted(protocol, Result.of(Outcome.LOCKED), "locked"));
        }
        CompletableFuture<Result> result = new CompletableFuture<>();
        try {
            checks.execute(() -> {
                try {
                    result.complete(check(protocol, token, mailbox, client));
                } catch (RuntimeException e) {
                    LOGGER.warn("A PSC login could not be checked: {}", e.getClass().getSimpleName());
                    auditClient(client, protocol + ".auth.psc", CommonOutcome.FAILURE, "error");
                    result.complete(counted(protocol, Result.of(Outcome.UNAVAILABLE), "error"));
                }
            });
        } catch (RejectedExecutionException e) {
            auditClient(client, protocol + ".auth.psc", CommonOutcome.FAILURE, "busy");
            result.complete(counted(protocol, Result.of(Outcome.UNAVAILABLE), "busy"));
        }
        return result;
    }

    private Result check(String protocol, String token, Optional<String> asked, InetAddress client) {
        String action = protocol + ".auth.psc";
        TokenCheck check = checker.orElseThrow().check(token);
        if (check instanceof TokenCheck.Unavailable) {
            auditClient(client, action, CommonOutcome.FAILURE, "unavailable");
            return counted(protocol, Result.of(Outcome.UNAVAILABLE), "unavailable");
        }
        if (check instanceof TokenCheck.Refused refused) {
            passwordLogins.failedFrom(client);
            auditClient(client, action, CommonOutcome.REFUSED, refused.reason().code());
            return counted(protocol, Result.of(Outcome.INVALID_TOKEN), refused.reason().code());
        }
        String nationalId = ((TokenCheck.Valid) check).nationalId();
        List<String> bound = bindings.mailboxesOf(nationalId);
        Optional<String> mailbox = asked.isPresent()
            ? bound.stream().filter(candidate -> candidate.equals(asked.get().trim().toLowerCase(Locale.ROOT))).findFirst()
            : bound.size() == 1 ? Optional.of(bound.get(0)) : Optional.empty();
        if (mailbox.isEmpty()) {
            passwordLogins.failedFrom(client);
            auditProfessional(nationalId, action, asked, CommonOutcome.REFUSED, Optional.of("not_bound"));
            return counted(protocol, Result.of(Outcome.NOT_BOUND), "not_bound");
        }
        if (inactive.isInactive(mailbox.get())) {
            // Suspended or closed in the registry: no active mailbox is bound to this professional.
            auditProfessional(nationalId, action, mailbox, CommonOutcome.REFUSED, Optional.of("mailbox_inactive"));
            return counted(protocol, Result.of(Outcome.NOT_BOUND), "mailbox_inactive");
        }
        auditProfessional(nationalId, action, mailbox, CommonOutcome.SUCCESS, Optional.empty());
        activity.loggedIn(mailbox.get());
        return counted(protocol, Result.success(mailbox.get()), "none");
    }

    private void auditProfessional(String nationalId, String action, Optional<String> mailbox, CommonOutcome outcome, Optional<String> reason) {
        List<String> objects = mailbox.map(address -> List.of("mailbox:" + pseudonyms.of(address.trim().toLowerCase(Locale.ROOT)))).orElse(List.of());
        auditLog.record(new AuditEvent(clock.instant(), ActorKind.PROFESSIONAL, pseudonyms.of(actor(nationalId)), action, objects, outcome, reason));
    }

    private void auditClient(InetAddress client, String action, CommonOutcome outcome, String reason) {
        auditLog.record(new AuditEvent(clock.instant(), ActorKind.CLIENT, pseudonyms.of("client:" + client.getHostAddress()),
            action, List.of(), outcome, Optional.of(reason)));
    }

    private Result counted(String protocol, Result result, String reason) {
        Counter.builder(METRIC)
            .description("Pro Sante Connect logins of the mail protocols, by outcome")
            .tag("protocol", protocol)
            .tag("outcome", result.outcome().name().toLowerCase(Locale.ROOT))
            .tag("reason", reason)
            .register(registry)
            .increment();
        return result;
    }

    @PreDestroy
    public void stop() {
        checks.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "psc-login-check-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
