package org.santegateway.server.login;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;

import org.santegateway.audit.ActorKind;
import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.AuditLog;
import org.santegateway.audit.CommonOutcome;
import org.santegateway.audit.Pseudonyms;

/**
 * Brute-force protection of a login front door (the webmail; the mail protocols together).
 * <ul>
 *   <li>Per account: each failure delays the answer longer (the first delay doubled each time, at
 *   most 8 s), and after {@link LoginPolicy#maxFailures()} failures in a row the account is
 *   locked for {@link LoginPolicy#lockout()}, even for the right password.</li>
 *   <li>Per client address, whatever the accounts tried (password spraying: a few guesses on each
 *   of many accounts): after {@link LoginPolicy#maxFailuresPerClient()} failures within the
 *   lockout duration, the address is refused until that duration has passed since its first
 *   counted failure. A success does not reset this count (one valid account would otherwise let
 *   the spraying go on).</li>
 * </ul>
 * Attempts, lockouts and refused attempts go to the audit trail ({@code <scope>.login},
 * {@code <scope>.login.lockout}, {@code <scope>.login.client-lockout}) under the account's
 * pseudonym, or the client address's. Locks are lifted when they expire, or at a restart.
 */
public class LoginThrottle {
    private static final Duration MAX_DELAY = Duration.ofSeconds(8);
    private static final int MAX_TRACKED = 100_000;

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
    private final LoginPolicy policy;
    private final String loginAction;
    private final Function<String, ActorKind> actor;
    private final AuditLog auditLog;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    /**
     * @param scope the front door, first part of the audit actions ({@code webmail}, {@code mail})
     * @param actor the audit actor kind of the accounts ({@link ActorKind#PATIENT}, {@link ActorKind#USER})
     */
    public LoginThrottle(LoginPolicy policy, String scope, ActorKind actor, AuditLog auditLog, Pseudonyms pseudonyms, Clock clock) {
        this(policy, scope, login -> actor, auditLog, pseudonyms, clock);
    }

    /**
     * @param actor the audit actor kind of an account, from its login (a professional trying the patients' webmail is
     *              audited as such, not as a patient)
     */
    public LoginThrottle(LoginPolicy policy, String scope, Function<String, ActorKind> actor, AuditLog auditLog, Pseudonyms pseudonyms,
                         Clock clock) {
        this.policy = policy;
        this.loginAction = scope + ".login";
        this.actor = actor;
        this.auditLog = auditLog;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
    }

    public LoginPolicy policy() {
        return policy;
    }

    public Verdict check(String login) {
        Failures current = failures.get(key(login));
        if (current != null && current.lockedUntil().isPresent()) {
            Instant until = current.lockedUntil().get();
            if (clock.instant().isBefore(until)) {
                // Refused attempts are not audited one by one (the lock is, when it starts): an
                // attacker going on would otherwise write to the audit trail at will.
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
        Instant until = current.since().plus(policy.lockout());
        if (!clock.instant().isBefore(until)) {
            clients.remove(client, current);
            return new Verdict.Allowed();
        }
        if (current.count() >= policy.maxFailuresPerClient()) {
            return new Verdict.Locked(until);
        }
        return new Verdict.Allowed();
    }

    /** Records a failure from a client address (with {@link #failed(String)} for the account). */
    public void failedFrom(InetAddress client) {
        if (clients.size() > MAX_TRACKED) {
            clients.values().removeIf(entry -> !clock.instant().isBefore(entry.since().plus(policy.lockout())));
        }
        Instant now = clock.instant();
        ClientFailures updated = clients.compute(client, (key, previous) ->
            previous == null || !now.isBefore(previous.since().plus(policy.lockout()))
                ? new ClientFailures(1, now)
                : new ClientFailures(previous.count() + 1, previous.since()));
        if (updated.count() == policy.maxFailuresPerClient()) {
            auditClient(client, CommonOutcome.LOCKED);
        }
    }

    /** Records a failure; returns how long to delay the answer. */
    public Duration failed(String login) {
        return failed(login, loginAction);
    }

    /** Records a failure, audited under the given action; returns how long to delay the answer. */
    public Duration failed(String login, String action) {
        return failed(login, action, List.of());
    }

    /**
     * Records a failure from a client address, audited under the given action with the address's pseudonym (as
     * {@code client:<pseudonym>}); returns how long to delay the answer.
     */
    public Duration failed(String login, String action, InetAddress client) {
        return failed(login, action, List.of(clientObject(client)));
    }

    private Duration failed(String login, String action, List<String> objects) {
        if (failures.size() > MAX_TRACKED) {
            // Many distinct names: forget those not locked rather than grow without bound.
            failures.values().removeIf(entry -> entry.lockedUntil().isEmpty());
        }
        Failures updated = failures.compute(key(login), (key, previous) -> {
            int count = previous == null ? 1 : previous.count() + 1;
            Optional<Instant> lockedUntil = count >= policy.maxFailures()
                ? Optional.of(clock.instant().plus(policy.lockout()))
                : Optional.empty();
            return new Failures(count, lockedUntil);
        });
        audit(login, action, objects, CommonOutcome.FAILURE);
        if (updated.lockedUntil().isPresent() && updated.count() == policy.maxFailures()) {
            audit(login, loginAction + ".lockout", CommonOutcome.LOCKED);
        }
        Duration delay = policy.firstDelay().multipliedBy(1L << Math.min(updated.count() - 1, 16));
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    public void succeeded(String login) {
        succeeded(login, loginAction);
    }

    /** Records a success, audited under the given action. */
    public void succeeded(String login, String action) {
        failures.remove(key(login));
        audit(login, action, List.of(), CommonOutcome.SUCCESS);
    }

    /**
     * Records a success from a client address, audited under the given action with the address's pseudonym: where an
     * account logged in from stays findable (the pseudonym of a suspected address can be computed with the audit key)
     * without the address itself in the trail or in the messages sent.
     */
    public void succeeded(String login, String action, InetAddress client) {
        failures.remove(key(login));
        audit(login, action, List.of(clientObject(client)), CommonOutcome.SUCCESS);
    }

    private void audit(String login, String action, CommonOutcome outcome) {
        audit(login, action, List.of(), outcome);
    }

    private void audit(String login, String action, List<String> objects, CommonOutcome outcome) {
        auditLog.record(new AuditEvent(clock.instant(), actor.apply(key(login)), pseudonyms.of(key(login)), action, objects, outcome,
            Optional.empty()));
    }

    private void auditClient(InetAddress client, CommonOutcome outcome) {
        auditLog.record(new AuditEvent(clock.instant(), ActorKind.CLIENT, clientPseudonym(client),
            loginAction + ".client-lockout", List.of(), outcome, Optional.empty()));
    }

    private String clientObject(InetAddress client) {
        return "client:" + clientPseudonym(client);
    }

    private String clientPseudonym(InetAddress client) {
        return pseudonyms.of("client:" + client.getHostAddress());
    }

    private static String key(String login) {
        return login.trim().toLowerCase(Locale.ROOT);
    }
}
