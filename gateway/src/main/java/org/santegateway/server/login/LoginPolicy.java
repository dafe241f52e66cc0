package org.santegateway.server.login;

import java.time.Duration;

/**
 * How a login front door answers failures.
 *
 * @param maxFailures          failures in a row after which the account is locked
 * @param lockout              how long a lock lasts, and the window in which a client's failures are counted
 * @param firstDelay           the delay of the answer after a first failure, doubled at each failure (8 s at most)
 * @param maxFailuresPerClient failures from one client address, whatever the accounts, after which the address is refused
 */
public record LoginPolicy(int maxFailures, Duration lockout, Duration firstDelay, int maxFailuresPerClient) {
    public LoginPolicy {
        if (maxFailures < 1 || maxFailuresPerClient < maxFailures) {
            throw new IllegalArgumentException("failures before a lockout: at least 1 per account, and at least as many per client");
        }
    }
}
