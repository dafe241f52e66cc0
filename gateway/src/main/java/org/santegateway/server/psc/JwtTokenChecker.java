package org.santegateway.server.psc;

import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Local validation of a PSC access token (a signed JWT): the signature against the provider's key
 * set, then {@link ClaimRules}.
 *
 * <p>The key set is fetched at the first login and cached ({@link PscSettings#jwksCache()}); a token
 * signed with a key id the cache does not hold makes it fetched again (the provider rotated its
 * keys), at most once per {@link PscSettings#jwksRefreshMinInterval()} so that tokens with made-up
 * key ids cannot make the gateway hammer the provider. When the provider cannot be reached the
 * keys already known stay in use for {@link PscSettings#jwksOutageTolerance()}; a token that needs
 * a key the gateway never got is then a temporary failure, not a refusal. RSA and EC signatures
 * only ({@code none} and HMAC never verify).
 */
final class JwtTokenChecker implements TokenCheck.Checker {
    private static final Logger LOGGER = LoggerFactory.getLogger(JwtTokenChecker.class);
    private static final int JWKS_SIZE_LIMIT = 512 * 1024;
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
        JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final ClaimRules rules;

    JwtTokenChecker(PscSettings settings, Clock clock) {
        this.rules = new ClaimRules(settings, clock);
        int timeout = (int) settings.httpTimeout().toMillis();
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(settings.jwksUrl().orElseThrow().toURL(),
                    new DefaultResourceRetriever(timeout, timeout, JWKS_SIZE_LIMIT))
                .cache(settings.jwksCache().toMillis(), settings.httpTimeout().toMillis())
                .refreshAheadCache(false)
                .rateLimited(settings.jwksRefreshMinInterval().toMillis())
                .retrying(false)
                .outageTolerant(settings.jwksOutageTolerance().toMillis())
                .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(PscSettings.JWKS_URL + " is not a URL", e);
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        // The claims are checked by ClaimRules, the same for both validations.
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        });
    }

    @Override
    public TokenCheck check(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            return new TokenCheck.Refused(TokenCheck.Reason.MALFORMED);
        } catch (KeySourceException e) {
            LOGGER.warn("The PSC key set cannot be fetched: {}", e.getClass().getSimpleName());
            return new TokenCheck.Unavailable();
        } catch (BadJOSEException | JOSEException e) {
            return new TokenCheck.Refused(TokenCheck.Reason.SIGNATURE);
        }
        Map<String, Object> values = new HashMap<>(claims.getClaims());
        values.put("aud", claims.getAudience());
        return rules.check(values);
    }
}
