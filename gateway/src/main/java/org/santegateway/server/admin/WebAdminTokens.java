package org.santegateway.server.admin;

import java.io.IOException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.santegateway.server.GatewaySettings;
import org.santegateway.pki.PemFiles;
import org.santegateway.server.startup.FirstStart;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.SignatureAlgorithm;

/**
 * Issues WebAdmin bearer tokens: RS256 JWTs with the {@code admin} claim James's WebAdmin
 * requires, signed with the key generated on first start in {@code <data>/conf/}. Tokens are
 * short-lived; whoever can read the key (the gateway's system user) can issue them.
 */
public final class WebAdminTokens {
    public static final Duration DEFAULT_VALIDITY = Duration.ofHours(1);

    private final PrivateKey signingKey;
    private final Clock clock;

    public WebAdminTokens(PrivateKey signingKey, Clock clock) {
        this.signingKey = signingKey;
        this.clock = clock;
    }

    public static WebAdminTokens fromDataDirectory(GatewaySettings settings, Clock clock) throws IOException {
        return new WebAdminTokens(
            PemFiles.privateKey(settings.generatedConfDirectory().resolve(FirstStart.WEBADMIN_PRIVATE_KEY)), clock);
    }

    public String issue(String subject, Duration validity) {
        Instant now = clock.instant();
        return Jwts.builder()
            .setSubject(subject)
            .claim("admin", true)
            .setIssuedAt(Date.from(now))
            .setExpiration(Date.from(now.plus(validity)))
            .signWith(signingKey, SignatureAlgorithm.RS256)
            .compact();
    }
}
