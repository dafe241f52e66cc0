package org.santegateway.server.psc;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;

/**
 * Validation of a PSC access token by the provider's introspection endpoint (RFC 7662): a POST of
 * the token with the gateway's client credentials (HTTP Basic). An answer {@code active: false} is a
 * refusal; an error, a time-out or an unreadable answer is a temporary failure.
 *
 * <p>The claims checked by {@link ClaimRules} are those of the answer; when the token is itself a
 * JWT, which the provider has just vouched for as a whole, its payload completes them (PSC's
 * answers carry {@code SubjectNameID} but not always {@code acr}). A valid token's outcome is cached
 * for its remaining life under its SHA-256 (never the token itself), so that a client opening
 * several connections costs one call; a refused one is not cached.
 */
final class IntrospectionTokenChecker implements TokenCheck.Checker {
    private static final Logger LOGGER = LoggerFactory.getLogger(IntrospectionTokenChecker.class);
    private static final int MAX_CACHED = 100_000;
    private static final int MAX_ANSWER = 64 * 1024;

    private record Cached(TokenCheck.Valid valid) {
    }

    private final PscSettings settings;
    private final ClaimRules rules;
    private final Clock clock;
    private final HttpClient http;
    private final String authorization;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    IntrospectionTokenChecker(PscSettings settings, Clock clock) {
        this.settings = settings;
        this.rules = new ClaimRules(settings, clock);
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.httpTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        // RFC 6749 2.3.1: client id and secret form-encoded, then Basic.
        String credentials = form(settings.clientId().orElseThrow()) + ":" + form(settings.clientSecret().orElseThrow());
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public TokenCheck check(String token) {
        String key = sha256(token);
        Cached cached = cache.get(key);
        Instant now = clock.instant();
        if (cached != null) {
            if (now.isBefore(cached.valid().expiresAt())) {
                return cached.valid();
            }
            cache.remove(key, cached);
        }
        TokenCheck check = introspect(token);
        if (check instanceof TokenCheck.Valid valid) {
            if (cache.size() >= MAX_CACHED) {
                cache.values().removeIf(entry -> !now.isBefore(entry.valid().expiresAt()));
            }
            if (cache.size() < MAX_CACHED) {
                cache.put(key, new Cached(valid));
            }
        }
        return check;
    }

    private TokenCheck introspect(String token) {
        HttpRequest request = HttpRequest.newBuilder(settings.introspectionUrl().orElseThrow())
            .timeout(settings.httpTimeout())
            .header("Authorization", authorization)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("token=" + form(token) + "&token_type_hint=access_token"))
            .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOGGER.warn("The PSC introspection endpoint cannot be reached: {}", e.getClass().getSimpleName());
            return new TokenCheck.Unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TokenCheck.Unavailable();
        }
        if (response.statusCode() != 200 || response.body().length() > MAX_ANSWER) {
            LOGGER.warn("The PSC introspection endpoint answered HTTP {}", response.statusCode());
            return new TokenCheck.Unavailable();
        }
        Map<String, Object> answer;
        try {
            answer = JSONObjectUtils.parse(response.body());
        } catch (ParseException e) {
            LOGGER.warn("The PSC introspection endpoint answered something that is not JSON");
            return new TokenCheck.Unavailable();
        }
        if (!Boolean.TRUE.equals(answer.get("active"))) {
            return new TokenCheck.Refused(TokenCheck.Reason.INACTIVE);
        }
        Map<String, Object> claims = new HashMap<>(answer);
        payload(token).ifPresent(claims::putAll);
        if (answer.get("exp") instanceof Number exp) {
            // The provider's word on the expiry wins over the payload's.
            claims.put("exp", exp);
        }
        return rules.check(claims);
    }

    /** The payload of a JWT the provider has just declared active; empty for an opaque token. */
    private static java.util.Optional<Map<String, Object>> payload(String token) {
        try {
            JWTClaimsSet claims = JWTParser.parse(token).getJWTClaimsSet();
            Map<String, Object> values = new HashMap<>(claims.getClaims());
            values.put("aud", claims.getAudience());
            return java.util.Optional.of(values);
        } catch (ParseException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
