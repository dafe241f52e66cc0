package org.santegateway.login;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Logins of the mail protocols with an access token of the professionals' identity provider (Pro
 * Santé Connect), by SASL XOAUTH2 or OAUTHBEARER (RFC 7628).
 *
 * <p>The token is checked off the protocol threads (a signature, a key set that may have to be
 * fetched, or a call to the provider's introspection endpoint), and opens only the mailboxes its
 * holder is bound to. Every outcome goes to the audit trail under the holder's pseudonym, never
 * with the token or the national identifier in clear.
 */
public interface TokenLogins {
    /** What became of a token login. */
    enum Outcome {
        /** The token is valid and opens {@link Result#mailbox()}. */
        SUCCESS,
        /** Expired, forged, of another issuer or audience, too low an authentication level, inactive... */
        INVALID_TOKEN,
        /** A valid token whose holder is not bound to the mailbox asked for (or to no single one). */
        NOT_BOUND,
        /** The provider could not be reached, or too many logins are being checked: try again later. */
        UNAVAILABLE,
        /** The client address is locked out for its failed logins: nothing was checked. */
        LOCKED
    }

    /** The outcome and, on success, the mailbox (an address) the session is logged in to. */
    record Result(Outcome outcome, Optional<String> mailbox) {
        public static Result of(Outcome outcome) {
            return new Result(outcome, Optional.empty());
        }

        public static Result success(String mailbox) {
            return new Result(Outcome.SUCCESS, Optional.of(mailbox));
        }
    }

    /** Whether token logins are configured: the mechanisms are announced and accepted only then. */
    boolean enabled();

    /**
     * Checks a token.
     *
     * @param protocol  the protocol, for the audit trail and the metrics ({@code smtp}, {@code imap})
     * @param token     the bearer token as the client sent it
     * @param mailbox   the mailbox asked for (XOAUTH2 {@code user=}, OAUTHBEARER {@code a=}); when absent,
     *                  the holder's only bound mailbox
     * @param client    the client's address
     */
    CompletableFuture<Result> attempt(String protocol, String token, Optional<String> mailbox, InetAddress client);

    /** The {@code openid-configuration} URL given to clients in the RFC 7628 error challenge, if configured. */
    Optional<String> openidConfiguration();

    /** The scope given to clients in the RFC 7628 error challenge. */
    String scope();
}
