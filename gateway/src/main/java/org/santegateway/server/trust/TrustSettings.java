package org.santegateway.server.trust;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.santegateway.pki.PemFiles;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.pki.RevocationPolicy;
import org.santegateway.trust.TrustEntry;
import org.santegateway.trust.TrustListConfiguration;

/**
 * The trust space settings of {@code gateway.properties} ({@link GatewayProperties}): the trust
 * list, the trust anchors, the gateway's operator certificate and its S/MIME domains. A malformed
 * value stops startup with a line naming the key.
 *
 * <ul>
 *   <li>{@value #LIST_FILE} (required): the ANS XML file, relative to the configuration directory
 *   or absolute;</li>
 *   <li>{@value #LIST_CHECKSUM}: {@code side-file} (default: {@code <file>.sha256} must match),
 *   {@code none}, or the 64 hex digits of the only accepted file;</li>
 *   <li>{@value #LIST_POLL}: how often the file is checked for a change (default {@code 60s}; a
 *   bare number is seconds);</li>
 *   <li>{@value #LIST_MAX_DROPPED}: a reload dropping more than this fraction of the domains is
 *   refused (default 0.25; the WebAdmin route can force it), and so is any file with more than this
 *   fraction of malformed entries (fewer are skipped);</li>
 *   <li>{@value #LOCAL_PREFIX}{@code <name>=<domain> <operator DN>}: local additions to the list
 *   (the gateway's own domains, test partners);</li>
 *   <li>{@value #ANCHORS}: comma-separated PEM files of the trust anchors (IGC-Santé roots in
 *   production; default the development CA {@code certs/test-ca.pem}), relative to the data
 *   directory or absolute: they validate the operators' TLS client and server certificates and
 *   the S/MIME signers;</li>
 *   <li>{@value #OPERATOR_SUBJECT}: the subject of the development operator certificate issued at
 *   first start in {@code certs/operator.pem} (production installs its own certificate there);</li>
 *   <li>{@value #SMIME_DOMAINS}: the gateway's mail domains that sign and decrypt with a domain
 *   certificate, {@code certs/smime/<domain>.pem} and {@code .key} (issued by the development PKI
 *   at first start when absent);</li>
 *   <li>{@value #SMIME_REVOCATION}: {@code crl} (fail closed: every signer certificate needs a
 *   current CRL among {@value #SMIME_CRLS}) or {@code none}; the CRL files also serve the
 *   operators' TLS certificates, see {@code RevocationSettings};</li>
 *   <li>{@value #SMIME_CERTIFICATE_PREFIX}{@code <address or domain>=<PEM file>}: encryption
 *   certificates of correspondents (learnt ones are added from verified mail).</li>
 * </ul>
 * The static routes of remote delivery ({@code relay.routes}) are in the same file but belong to
 * the relay.
 */
public record TrustSettings(TrustListConfiguration trustList, List<Path> anchors, Optional<String> operatorSubject,
                            List<String> smimeDomains, RevocationPolicy revocation, List<Path> crls,
                            Map<String, Path> correspondentCertificates) {
    public static final String LIST_FILE = "trust.list.file";
    public static final String LIST_CHECKSUM = "trust.list.checksum";
    public static final String LIST_POLL = "trust.list.poll.interval";
    public static final String LIST_MAX_DROPPED = "trust.list.max.dropped.fraction";
    public static final String LOCAL_PREFIX = "trust.local.";
    public static final String ANCHORS = "trust.anchors";
    public static final String OPERATOR_SUBJECT = "operator.certificate.subject";
    public static final String SMIME_DOMAINS = "smime.domains";
    public static final String SMIME_REVOCATION = "smime.revocation";
    public static final String SMIME_CRLS = "smime.crls";
    public static final String SMIME_CERTIFICATE_PREFIX = "smime.certificate.";
    static final String DEFAULT_ANCHORS = "certs/test-ca.pem";

    public static TrustSettings from(GatewayProperties properties, GatewaySettings settings) {
        Path listFile = properties.path(LIST_FILE, settings.configDirectory())
            .orElseThrow(() -> GatewayProperties.failure(LIST_FILE, "is required: the gateway does not run without a trust list"));
        TrustListConfiguration configuration = TrustListConfiguration.of(listFile)
            .withChecksum(checksum(properties.string(LIST_CHECKSUM, "side-file")))
            .withLocalAdditions(localAdditions(properties))
            .withPollInterval(properties.positiveDurationOrSeconds(LIST_POLL, Duration.ofSeconds(60)));
        Optional<String> maxDropped = properties.string(LIST_MAX_DROPPED);
        if (maxDropped.isPresent()) {
            try {
                configuration = configuration.withMaxDroppedFraction(Double.parseDouble(maxDropped.get()));
            } catch (IllegalArgumentException e) {
                throw GatewayProperties.failure(LIST_MAX_DROPPED, "must be a number in (0, 1]");
            }
        }
        List<Path> anchors = properties.string(ANCHORS).isPresent()
            ? properties.paths(ANCHORS, settings.dataDirectory())
            : List.of(settings.dataDirectory().resolve(DEFAULT_ANCHORS));
        if (anchors.isEmpty()) {
            throw GatewayProperties.failure(ANCHORS, "names no trust anchor file");
        }
        List<String> smimeDomains = properties.list(SMIME_DOMAINS).stream().map(domain -> domain.toLowerCase(Locale.ROOT)).toList();
        RevocationPolicy revocation = revocationPolicy(properties, SMIME_REVOCATION).orElse(RevocationPolicy.REQUIRE_CRL);
        List<Path> crls = properties.paths(SMIME_CRLS, settings.dataDirectory());
        Map<String, Path> certificates = new LinkedHashMap<>();
        properties.withPrefix(SMIME_CERTIFICATE_PREFIX).forEach((key, file) ->
            certificates.put(key.substring(SMIME_CERTIFICATE_PREFIX.length()).toLowerCase(Locale.ROOT),
                settings.dataDirectory().resolve(file).normalize()));
        return new TrustSettings(configuration, anchors, properties.string(OPERATOR_SUBJECT), smimeDomains, revocation, crls,
            Map.copyOf(certificates));
    }

    /** {@code crl} or {@code none}, in any case; empty when the setting is absent. */
    public static Optional<RevocationPolicy> revocationPolicy(GatewayProperties properties, String key) {
        return properties.string(key).map(value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "crl" -> RevocationPolicy.REQUIRE_CRL;
            case "none" -> RevocationPolicy.NONE;
            default -> throw GatewayProperties.failure(key, "must be crl or none");
        });
    }

    /** The certificates of the configured trust anchor files. */
    public List<X509Certificate> anchorCertificates() {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Path file : anchors) {
            try {
                certificates.addAll(PemFiles.certificates(file));
            } catch (IOException | RuntimeException e) {
                throw GatewayProperties.failure(ANCHORS, "file " + file + " is not readable as PEM certificates ("
                    + e.getMessage() + ")");
            }
        }
        if (certificates.isEmpty()) {
            throw GatewayProperties.failure(ANCHORS, "no trust anchor certificate found");
        }
        return certificates;
    }

    private static TrustListConfiguration.Checksum checksum(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "side-file" -> TrustListConfiguration.Checksum.sideFile();
            case "none" -> TrustListConfiguration.Checksum.none();
            default -> {
                try {
                    yield TrustListConfiguration.Checksum.pinned(value);
                } catch (IllegalArgumentException e) {
                    throw GatewayProperties.failure(LIST_CHECKSUM, "must be side-file, none or a SHA-256 (64 hex digits)");
                }
            }
        };
    }

    private static List<TrustEntry> localAdditions(GatewayProperties properties) {
        List<TrustEntry> additions = new ArrayList<>();
        properties.withPrefix(LOCAL_PREFIX).forEach((key, value) -> {
            int space = value.indexOf(' ');
            if (space < 0) {
                throw GatewayProperties.failure(key, "must be '<domain> <operator certificate subject DN>'");
            }
            try {
                additions.add(TrustEntry.of(value.substring(0, space), value.substring(space + 1).strip()));
            } catch (IllegalArgumentException e) {
                throw GatewayProperties.failure(key, e.getMessage() + " (expected '<domain> <operator certificate subject DN>')");
            }
        });
        return additions;
    }
}
