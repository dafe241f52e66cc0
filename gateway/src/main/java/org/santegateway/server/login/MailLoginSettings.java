package org.santegateway.server.login;

import java.time.Duration;

import org.santegateway.server.settings.GatewayProperties;

/**
 * The login protection of the mail protocols (SMTP AUTH, IMAP LOGIN and AUTHENTICATE), from
 * {@code gateway.properties}. SMTP and IMAP count failures together: an attacker gains nothing by
 * alternating between them.
 *
 * <ul>
 *     <li>{@value #MAX_FAILURES}: failed logins in a row before the account is locked (default 10);</li>
 *     <li>{@value #LOCKOUT}: how long a lock lasts (default PT15M);</li>
 *     <li>{@value #DELAY}: the delay of the answer after a first failure, doubled at each failure,
 *     8 s at most (default PT1S); it is scheduled, no thread waits it out;</li>
 *     <li>{@value #MAX_FAILURES_PER_CLIENT}: failed logins from one client address, whatever the
 *     accounts, after which the address is refused for the lockout duration (default 30);</li>
 *     <li>{@value #THREADS} and {@value #QUEUE}: the pool that checks passwords (default 2 threads,
 *     64 waiting checks; past that a login is answered "try again later").</li>
 * </ul>
 */
public record MailLoginSettings(LoginPolicy policy, int threads, int queue) {
    public static final String MAX_FAILURES = "mail.login.max.failures";
    public static final String LOCKOUT = "mail.login.lockout";
    public static final String DELAY = "mail.login.delay";
    public static final String MAX_FAILURES_PER_CLIENT = "mail.login.max.failures.per.client";
    public static final String THREADS = "mail.login.threads";
    public static final String QUEUE = "mail.login.queue";

    public static MailLoginSettings from(GatewayProperties properties) {
        int maxFailures = properties.integer(MAX_FAILURES, 10, 1, Integer.MAX_VALUE);
        LoginPolicy policy = new LoginPolicy(maxFailures,
            properties.positiveDuration(LOCKOUT, Duration.ofMinutes(15)),
            properties.positiveDuration(DELAY, Duration.ofSeconds(1)),
            properties.integer(MAX_FAILURES_PER_CLIENT, 30, maxFailures, Integer.MAX_VALUE));
        return new MailLoginSettings(policy, properties.integer(THREADS, 2, 1, Integer.MAX_VALUE),
            properties.integer(QUEUE, 64, 1, Integer.MAX_VALUE));
    }
}
