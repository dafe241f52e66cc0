package org.santegateway.server.psc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checks both validations make on the claims of a token (a verified JWT, or an introspection
 * answer): issuer, audience or authorised party, expiry and not-before with the allowed skew,
 * authentication level ({@code acr}), and the national identifier.
 */
final class ClaimRules {
    /** A PSC national identifier: a type digit (8: RPPS, 0: ADELI...) then the number; 12 characters for an RPPS. */
    static final Pattern NATIONAL_ID = Pattern.compile("[0-9][0-9A-Za-z]{5,30}");

    private final PscSettings settings;
    private final Clock clock;

    ClaimRules(PscSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    TokenCheck check(Map<String, Object> claims) {
        if (!settings.issuer().equals(claims.get("iss"))) {
            return new TokenCheck.Refused(TokenCheck.Reason.ISSUER);
        }
        if (!forUs(claims)) {
            return new TokenCheck.Refused(TokenCheck.Reason.AUDIENCE);
        }
        Instant now = clock.instant();
        Duration skew = settings.clockSkew();
        Optional<Instant> expiry = instant(claims.get("exp"));
        if (expiry.isEmpty() || !now.isBefore(expiry.get().plus(skew))) {
            return new TokenCheck.Refused(TokenCheck.Reason.EXPIRED);
        }
        Optional<Instant> notBefore = instant(claims.get("nbf"));
        if (notBefore.isPresent() && now.plus(skew).isBefore(notBefore.get())) {
            return new TokenCheck.Refused(TokenCheck.Reason.NOT_YET_VALID);
        }
        if (!(claims.get("acr") instanceof String acr) || !settings.acrAccepted(acr)) {
            return new TokenCheck.Refused(TokenCheck.Reason.ACR);
        }
        if (!(claims.get(settings.identifierClaim()) instanceof String id) || !NATIONAL_ID.matcher(id).matches()) {
            return new TokenCheck.Refused(TokenCheck.Reason.IDENTIFIER);
        }
        return new TokenCheck.Valid(id, expiry.get());
    }

    private boolean forUs(Map<String, Object> claims) {
        Object aud = claims.get("aud");
        Collection<?> audiences = aud instanceof Collection<?> list ? list : aud == null ? List.of() : List.of(aud);
        if (audiences.stream().anyMatch(settings.audiences()::contains)) {
            return true;
        }
        return claims.get("azp") instanceof String azp && settings.audiences().contains(azp);
    }

    /** Seconds since the epoch (a number), or a Date as nimbus gives them. */
    private static Optional<Instant> instant(Object value) {
        if (value instanceof Number seconds) {
            return Optional.of(Instant.ofEpochSecond(seconds.longValue()));
        }
        if (value instanceof java.util.Date date) {
            return Optional.of(date.toInstant());
        }
        return Optional.empty();
    }
}
