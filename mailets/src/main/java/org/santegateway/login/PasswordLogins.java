package org.santegateway.login;

import java.net.InetAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Password logins of the mail protocols (SMTP AUTH, IMAP LOGIN and AUTHENTICATE), checked off the
 * protocol threads.
 *
 * <p>The check runs on a small bounded pool, never on a listener's event loop: a password hash
 * costs hundreds of milliseconds by design, and a burst of logins must not hold up other sessions.
 * A failure completes only after a delay that grows with the failures of the account; an account or
 * a client address with too many recent failures is refused at once, without any check, until its
 * lockout ends. Every outcome goes to the audit trail.
 */
public interface PasswordLogins {
    /** What became of a login attempt. */
    enum Outcome {
        /** The credentials are right. */
        SUCCESS,
        /** Wrong credentials (answered after the failure delay). */
        FAILURE,
        /** The account or the client address is locked out: nothing was checked. */
        LOCKED,
        /** Too many logins are being checked at once: try again later. */
        UNAVAILABLE,
        /** Passwords are not accepted for this account (a Pro Santé Connect only domain): nothing was checked. */
        TOKEN_REQUIRED
    }

    /**
     * Checks a login.
     *
     * @param protocol the protocol, for the audit trail ({@code smtp}, {@code imap})
     * @param login    the login as the client gave it
     * @param client   the client's address
     * @param check    the check itself, run on the login pool; true when the credentials are right
     * @return the outcome; a failure completes after the failure delay
     */
    CompletableFuture<Outcome> attempt(String protocol, String login, InetAddress client, Callable<Boolean> check);

    /**
     * Whether a client address is locked out now: its connections to a login port are closed at
     * once, before any TLS handshake, so that an attacker who goes on costs next to nothing.
     */
    boolean isLockedOut(InetAddress client);

    /**
     * A failed login of another kind from this client address (a refused access token): it counts
     * towards the lockout of the address as a wrong password does, so that a client cannot try
     * tokens without end either.
     */
    void failedFrom(InetAddress client);
}
