package org.santegateway.server.psc;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.santegateway.server.settings.GatewayProperties;

/**
 * Sign-in of professionals with Pro Santé Connect (PSC) access tokens (SASL XOAUTH2 and OAUTHBEARER
 * on IMAP and submission), from {@code gateway.properties}. Every endpoint is configuration: PSC's
 * differ between its environments.
 *
 * <ul>
 *   <li>{@value #VALIDATION}: {@code off} (the default: the mechanisms are not offered), {@code jwt}
 *   (the token is checked here against the provider's keys) or {@code introspection} (the provider
 *   is asked, RFC 7662, the answer cached for the token's remaining life);</li>
 *   <li>{@value #ISSUER}: the issuer the tokens must name ({@code iss});</li>
 *   <li>{@value #AUDIENCES}: the audiences accepted (comma separated); a token is for us when its
 *   {@code aud} or its authorised party {@code azp} is one of them;</li>
 *   <li>{@value #JWKS_URL}: the provider's key set (jwt); cached, fetched again only for a key id it
 *   does not hold (at most once per {@value #JWKS_REFRESH_MIN_INTERVAL}, default 30s), and kept
 *   {@value #JWKS_OUTAGE_TOLERANCE} (default 24h) when the provider is down;</li>
 *   <li>{@value #JWKS_CACHE}: how long the key set is kept before it is fetched again (default 12h);</li>
 *   <li>{@value #INTROSPECTION_URL}, {@value #CLIENT_ID}, {@value #CLIENT_SECRET_FILE}: the introspection
 *   endpoint and the gateway's client credentials (HTTP Basic); the secret is read from a file that
 *   only the gateway's user may read;</li>
 *   <li>{@value #IDENTIFIER_CLAIM}: the claim that carries the national identifier (default
 *   {@code preferred_username}; PSC's introspection answers {@code SubjectNameID});</li>
 *   <li>{@value #ACR_LEVELS}: the authentication levels, lowest first (default {@code eidas1}), and
 *   {@value #ACR_MINIMUM} the lowest accepted (default the first);</li>
 *   <li>{@value #CLOCK_SKEW}: tolerance on {@code exp} and {@code nbf} (default 30s, at most 5m);</li>
 *   <li>{@value #HTTP_TIMEOUT}: connection and answer time limit towards the provider (default 5s);</li>
 *   <li>{@value #THREADS}, {@value #QUEUE}: the pool that checks tokens (default 2 and 64);</li>
 *   <li>{@value #SCOPE} and {@value #OPENID_CONFIGURATION}: what the RFC 7628 error challenge tells
 *   clients (default {@code openid}, and no discovery URL);</li>
 *   <li>{@value #ONLY_DOMAINS}: domains whose mailboxes may not log in with a password (comma
 *   separated; default none).</li>
 * </ul>
 */
public record PscSettings(Validation validation, String issuer, Set<String> audiences, Optional<URI> jwksUrl,
                          Duration jwksCache, Duration jwksRefreshMinInterval, Duration jwksOutageTolerance,
                          Optional<URI> introspectionUrl, Optional<String> clientId, Optional<String> clientSecret,
                          String identifierClaim, List<String> acrLevels, String acrMinimum, Duration clockSkew,
                          Duration httpTimeout, int threads, int queue, String scope, Optional<String> openidConfiguration,
                          Set<String> onlyDomains) {
    public static final String VALIDATION = "psc.validation";
    public static final String ISSUER = "psc.issuer";
    public static final String AUDIENCES = "psc.audiences";
    public static final String JWKS_URL = "psc.jwks.url";
    public static final String JWKS_CACHE = "psc.jwks.cache";
    public static final String JWKS_REFRESH_MIN_INTERVAL = "psc.jwks.refresh.min.interval";
    public static final String JWKS_OUTAGE_TOLERANCE = "psc.jwks.outage.tolerance";
    public static final String INTROSPECTION_URL = "psc.introspection.url";
    public static final String CLIENT_ID = "psc.client.id";
    public static final String CLIENT_SECRET_FILE = "psc.client.secret.file";
    public static final String IDENTIFIER_CLAIM = "psc.identifier.claim";
    public static final String ACR_LEVELS = "psc.acr.levels";
    public static final String ACR_MINIMUM = "psc.acr.minimum";
    public static final String CLOCK_SKEW = "psc.clock.skew";
    public static final String HTTP_TIMEOUT = "psc.http.timeout";
    public static final String THREADS = "psc.threads";
    public static final String QUEUE = "psc.queue";
    public static final String SCOPE = "psc.scope";
    public static final String OPENID_CONFIGURATION = "psc.openid.configuration";
    public static final String ONLY_DOMAINS = "psc.only.domains";

    /** How tokens are checked. */
    public enum Validation {
        OFF, JWT, INTROSPECTION
    }

    public boolean enabled() {
        return validation != Validation.OFF;
    }

    /** Whether the acr value is known and at or above the minimum. */
    public boolean acrAccepted(String acr) {
        int level = acrLevels.indexOf(acr);
        return level >= 0 && level >= acrLevels.indexOf(acrMinimum);
    }

    public boolean passwordAllowed(String domain) {
        return !onlyDomains.contains(domain.toLowerCase(Locale.ROOT));
    }

    public static PscSettings from(GatewayProperties properties, Path configDirectory) {
        String mode = properties.string(VALIDATION, "off").toLowerCase(Locale.ROOT);
        Validation validation = switch (mode) {
            case "off" -> Validation.OFF;
            case "jwt" -> Validation.JWT;
            case "introspection" -> Validation.INTROSPECTION;
            default -> throw GatewayProperties.failure(VALIDATION, "'" + mode + "' is not off, jwt or introspection");
        };
        List<String> levels = properties.list(ACR_LEVELS);
        if (levels.isEmpty()) {
            levels = List.of("eidas1");
        }
        if (Set.copyOf(levels).size() != levels.size()) {
            throw GatewayProperties.failure(ACR_LEVELS, "a level is listed twice");
        }
        String minimum = properties.string(ACR_MINIMUM, levels.get(0));
        if (!levels.contains(minimum)) {
            throw GatewayProperties.failure(ACR_MINIMUM, "'" + minimum + "' is not one of " + ACR_LEVELS);
        }
        Duration skew = properties.nonNegativeDuration(CLOCK_SKEW, Duration.ofSeconds(30));
        if (skew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw GatewayProperties.failure(CLOCK_SKEW, "must be at most 5m (PSC tokens live a few minutes)");
        }
        Optional<URI> jwks = url(properties, JWKS_URL);
        Optional<URI> introspection = url(properties, INTROSPECTION_URL);
        Optional<String> clientId = properties.string(CLIENT_ID);
        Optional<String> secret = properties.path(CLIENT_SECRET_FILE, configDirectory).map(PscSettings::secret);
        Optional<String> issuer = properties.string(ISSUER);
        Set<String> audiences = Set.copyOf(properties.list(AUDIENCES));
        if (validation != Validation.OFF) {
            if (issuer.isEmpty()) {
                throw GatewayProperties.failure(ISSUER, "is required when " + VALIDATION + " is " + mode);
            }
            if (audiences.isEmpty()) {
                throw GatewayProperties.failure(AUDIENCES, "is required when " + VALIDATION + " is " + mode);
            }
        }
        if (validation == Validation.JWT && jwks.isEmpty()) {
            throw GatewayProperties.failure(JWKS_URL, "is required when " + VALIDATION + " is jwt");
        }
        if (validation == Validation.INTROSPECTION) {
            if (introspection.isEmpty()) {
                throw GatewayProperties.failure(INTROSPECTION_URL, "is required when " + VALIDATION + " is introspection");
            }
            if (clientId.isEmpty()) {
                throw GatewayProperties.failure(CLIENT_ID, "is required when " + VALIDATION + " is introspection");
            }
            if (secret.isEmpty()) {
                throw GatewayProperties.failure(CLIENT_SECRET_FILE, "is required when " + VALIDATION + " is introspection");
            }
        }
        Set<String> only = Set.copyOf(properties.list(ONLY_DOMAINS).stream().map(domain -> domain.toLowerCase(Locale.ROOT)).toList());
        if (!only.isEmpty() && validation == Validation.OFF) {
            throw GatewayProperties.failure(ONLY_DOMAINS, "leaves these domains without any login while " + VALIDATION + " is off");
        }
        return new PscSettings(validation, issuer.orElse(""), audiences, jwks,
            properties.positiveDuration(JWKS_CACHE, Duration.ofHours(12)),
            properties.positiveDuration(JWKS_REFRESH_MIN_INTERVAL, Duration.ofSeconds(30)),
            properties.positiveDuration(JWKS_OUTAGE_TOLERANCE, Duration.ofHours(24)),
            introspection, clientId, secret,
            properties.string(IDENTIFIER_CLAIM, "preferred_username"), List.copyOf(levels), minimum, skew,
            properties.positiveDuration(HTTP_TIMEOUT, Duration.ofSeconds(5)),
            properties.integer(THREADS, 2, 1, 64), properties.integer(QUEUE, 64, 1, 100_000),
            properties.string(SCOPE, "openid"), properties.string(OPENID_CONFIGURATION), only);
    }

    private static Optional<URI> url(GatewayProperties properties, String key) {
        return properties.string(key).map(value -> {
            try {
                URI uri = new URI(value);
                String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
                if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
                    throw GatewayProperties.failure(key, "is not an http(s) URL");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw GatewayProperties.failure(key, "is not a URL");
            }
        });
    }

    private static String secret(Path file) {
        try {
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                    throw GatewayProperties.failure(CLIENT_SECRET_FILE, "must be readable by its owner only (chmod 600)");
                }
            }
            String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (secret.isEmpty()) {
                throw GatewayProperties.failure(CLIENT_SECRET_FILE, "is empty");
            }
            return secret;
        } catch (IOException e) {
            throw GatewayProperties.failure(CLIENT_SECRET_FILE, "cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /** Never prints the client secret. */
    @Override
    public String toString() {
        return "PscSettings[validation=" + validation + ", issuer=" + issuer + "]";
    }
}
