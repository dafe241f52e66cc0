package org.santegateway.server.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import org.apache.james.jwt.JwtTokenVerifier;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.apache.james.webadmin.authentication.JwtFilter;

import spark.Request;
import spark.Response;
import spark.Spark;

/**
 * WebAdmin's token check with a bound on the token's lifetime. The delegate (James's
 * {@link JwtFilter}) checks the signature, the subject and the {@code admin} claim, and refuses an
 * expired token; James accepts a signed token without {@code exp} for ever. This filter then
 * refuses (401) a token without {@code exp}, and one whose lifetime, {@code exp - iat}, exceeds
 * {@value WebAdminSettings#TOKEN_MAX_LIFETIME}. A token without {@code iat}, or with an {@code iat}
 * in the future, is measured from now: what counts is how long it may still be used.
 *
 * <p>The claims are read through the same verifier, so only from a token whose signature holds.
 * CORS preflight requests ({@code OPTIONS}) pass, as in James's filter.</p>
 */
public class TokenLifetimeFilter implements AuthenticationFilter {
    private static final String EXPIRATION = "exp";
    private static final String ISSUED_AT = "iat";

    private final AuthenticationFilter delegate;
    private final JwtTokenVerifier verifier;
    private final Duration maxLifetime;
    private final Clock clock;

    public TokenLifetimeFilter(AuthenticationFilter delegate, JwtTokenVerifier verifier, Duration maxLifetime, Clock clock) {
        this.delegate = delegate;
        this.verifier = verifier;
        this.maxLifetime = maxLifetime;
        this.clock = clock;
    }

    @Override
    public void handle(Request request, Response response) throws Exception {
        delegate.handle(request, response);
        if (JwtFilter.OPTIONS.equals(request.requestMethod())) {
            return;
        }
        // The delegate let the request through: the header holds a bearer token with a valid signature.
        String token = request.headers(JwtFilter.AUTHORIZATION_HEADER_NAME).substring(JwtFilter.AUTHORIZATION_HEADER_PREFIX.length());
        Optional<Instant> expiration = claim(token, EXPIRATION);
        if (expiration.isEmpty()) {
            throw Spark.halt(401, "Token without expiration (exp).");
        }
        Instant now = clock.instant();
        Instant start = claim(token, ISSUED_AT).filter(issuedAt -> issuedAt.isBefore(now)).orElse(now);
        if (Duration.between(start, expiration.get()).compareTo(maxLifetime) > 0) {
            throw Spark.halt(401, "Token lifetime longer than allowed.");
        }
    }

    private Optional<Instant> claim(String token, String name) {
        try {
            return verifier.verifyAndExtractClaim(token, name, Date.class).map(Date::toInstant);
        } catch (RuntimeException malformed) {
            // A date claim that is not a date (a string, say): as good as absent.
            return Optional.empty();
        }
    }
}
