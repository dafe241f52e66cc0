package org.santegateway.server.psc;

import java.time.Instant;
import java.util.Locale;

/** What the check of one access token concluded, before any mailbox is looked at. */
public sealed interface TokenCheck {
    /** A valid token of this professional, valid until {@code expiresAt}. */
    record Valid(String nationalId, Instant expiresAt) implements TokenCheck {
    }

    /** A refused token, and why (an audit reason code). */
    record Refused(Reason reason) implements TokenCheck {
    }

    /** The provider (key set or introspection endpoint) could not answer. */
    record Unavailable() implements TokenCheck {
    }

    /** Why a token is refused; {@link #code()} goes to the audit trail. */
    enum Reason {
        MALFORMED, SIGNATURE, EXPIRED, NOT_YET_VALID, ISSUER, AUDIENCE, ACR, IDENTIFIER, INACTIVE;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Checks one token; never throws for a bad token, and runs on the caller's thread (it may block on the provider). */
    interface Checker {
        TokenCheck check(String token);
    }
}
