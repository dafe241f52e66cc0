package org.santegateway.server.webmail;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;

import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.AuditLog;
import org.santegateway.audit.Pseudonyms;

/**
 * Brute-force protection of the webmail login.
 * <ul>
 *   <li>Per account: each failure delays the answer longer (the first delay doubled each time, at
 *   most 8 s), and after {@link WebmailSettings#maxFailures()} failures in a row the account is
 *   locked for {@link WebmailSettings#lockout()}, even for the right password.</li>
 *   <li>Per client address, whatever the accounts tried (password spraying: a few guesses on each
 *   of many accounts): after {@link WebmailSettings#maxFailuresPerClient()} failures within the
 *   lockout duration, the address is refused until that duration has passed since its first
 *   counted failure. A success does not reset this count (one valid account would otherwise let
 *   the spraying go on).</li>
 * </ul>
 * Lockouts and refused attempts go to the audit trail under the account's pseudonym, or the
 * client address's.
 */
public class LoginThrottle {
    public static final String LOCKOUT_ACTION = "webmail.login.lockout";
    public static final String LOGIN_ACTION = "webmail.login";
    private static final Duration MAX_DELAY = Duration.ofSeconds(8);
    private static final int MAX_TRACKED = 100_000;

    public static final String CLIENT_LOCKOUT_ACTION = "webmail.login.client-lockout";

    private record Failures(int count, Optional<Instant> lockedUntil) {
    }

    private record ClientFailures(int count, Instant since) {
    }

    /** Whether an attempt may be checked, and how long to hold the answer. */
    public sealed interface Verdict {
        record Allowed() implements Verdict {
        }

        record Locked(Instant until) implements Verdict {
        }
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Map<InetAddress, ClientFailures> clients = new ConcurrentHashMap<>();
    private final WebmailSettings settings;
    private final AuditLog auditLog;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    @Inject
    public LoginThrottle(WebmailSettings settings, AuditLog auditLog, Pseudonyms pseudonyms, Clock clock) {
        this.settings = settings;
        this.auditLog = auditLog;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
    }

    public Verdict check(String login) {
        Failures current = failures.get(key(login));
        if (current != null && current.lockedUntil().isPresent()) {
            Instant until = current.lockedUntil().get();
            if (clock.instant().isBefore(until)) {
                audit(login, LOGIN_ACTION, "locked");
                return new Verdict.Locked(until);
            }
            failures.remove(key(login));
        }
        return new Verdict.Allowed();
    }

    /** Whether a login attempt from this client address may be checked at all. */
    public Verdict checkClient(InetAddress client) {
        ClientFailures current = clients.get(client);
        if (current == null) {
            return new Verdict.Allowed();
        }
        Instant until = current.since().plus(settings.lockout());
        if (!clock.instant().isBefore(until)) {
            clients.remove(client, current);
            return new Verdict.Allowed();
        }
        if (current.count() >= settings.maxFailuresPerClient()) {
            auditClient(client, "locked");
            return new Verdict.Locked(until);
        }
        return new Verdict.Allowed();
    }

    /** Records a failure from a client address (with {@link #failed(String)} for the account). */
    public void failedFrom(InetAddress client) {
        if (clients.size() > MAX_TRACKED) {
            clients.values().removeIf(entry -> !clock.instant().isBefore(entry.since().plus(settings.lockout())));
        }
        Instant now = clock.instant();
        ClientFailures updated = clients.compute(client, (key, previous) ->
            previous == null || !now.isBefore(previous.since().plus(settings.lockout()))
                ? new ClientFailures(1, now)
                : new ClientFailures(previous.count() + 1, previous.since()));
        if (updated.count() == settings.maxFailuresPerClient()) {
            auditClient(client, "locked");
        }
    }

    /** Records a failure; returns how long to delay the answer. */
    public Duration failed(String login) {
        if (failures.size() > MAX_TRACKED) {
            // Many distinct names: forget those not locked rather than grow without bound.
            failures.values().removeIf(entry -> entry.lockedUntil().isEmpty());
        }
        Failures updated = failures.compute(key(login), (key, previous) -> {
            int count = previous == null ? 1 : previous.count() + 1;
            Optional<Instant> lockedUntil = count >= settings.maxFailures()
                ? Optional.of(clock.instant().plus(settings.lockout()))
                : Optional.empty();
            return new Failures(count, lockedUntil);
        });
        audit(login, LOGIN_ACTION, "failure");
        if (updated.lockedUntil().isPresent() && updated.count() == settings.maxFailures()) {
            audit(login, LOCKOUT_ACTION, "locked");
        }
        Duration delay = settings.firstDelay().multipliedBy(1L << Math.min(updated.count() - 1, 16));
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    public void succeeded(String login) {
        failures.remove(key(login));
        audit(login, LOGIN_ACTION, "success");
    }

    private void audit(String login, String action, String outcome) {
        auditLog.record(new AuditEvent(clock.instant(), "PATIENT", pseudonyms.of(key(login)), action, List.of(), outcome, Optional.empty()));
    }

    private void auditClient(InetAddress client, String outcome) {
        auditLog.record(new AuditEvent(clock.instant(), "CLIENT", pseudonyms.of("client:" + client.getHostAddress()),
            CLIENT_LOCKOUT_ACTION, List.of(), outcome, Optional.empty()));
    }

    private static String key(String login) {
        return login.trim().toLowerCase(Locale.ROOT);
    }
}
