package org.santegateway.server.trust;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

import org.santegateway.pki.PemFiles;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.startup.StartupFailure;
import org.santegateway.pki.RevocationPolicy;
import org.santegateway.trust.TrustEntry;
import org.santegateway.trust.TrustListConfiguration;

/**
 * The trust space settings of {@code gateway.properties}: the trust list, the trust anchors, the
 * gateway's operator certificate and its S/MIME domains. A malformed value stops startup with a
 * line naming the key.
 *
 * <ul>
 *   <li>{@value #LIST_FILE} (required): the ANS XML file, relative to the configuration directory
 *   or absolute;</li>
 *   <li>{@value #LIST_CHECKSUM}: {@code side-file} (default: {@code <file>.sha256} must match),
 *   {@code none}, or the 64 hex digits of the only accepted file;</li>
 *   <li>{@value #LIST_POLL}: how often the file is checked for a change (default {@code 60s});</li>
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
 * The static routes of remote delivery ({@code relay.routes}) are in the same file but read by
 * the relay ({@code RelayRoutes}).
 */
public record TrustSettings(TrustListConfiguration trustList, List<Path> anchors, Optional<String> operatorSubject,
                            List<String> smimeDomains, RevocationPolicy revocation, List<Path> crls,
                            Map<String, Path> correspondentCertificates) {
    public static final String FILE = "gateway.properties";
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

    public static TrustSettings load(GatewaySettings settings) {
        Path file = settings.file(FILE);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new StartupFailure(file + ": missing: the trust list (" + LIST_FILE + ") must be configured");
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupFailure(file + ": cannot be read: " + e.getMessage(), e);
        }
        return from(properties, settings);
    }

    public static TrustSettings from(Properties properties, GatewaySettings settings) {
        String listFile = value(properties, LIST_FILE)
            .orElseThrow(() -> StartupFailure.of(FILE, LIST_FILE, "is required: the gateway does not run without a trust list"));
        TrustListConfiguration configuration = TrustListConfiguration.of(settings.configDirectory().resolve(listFile))
            .withChecksum(checksum(value(properties, LIST_CHECKSUM).orElse("side-file")))
            .withLocalAdditions(localAdditions(properties))
            .withPollInterval(duration(properties, LIST_POLL, Duration.ofSeconds(60)));
        Optional<String> maxDropped = value(properties, LIST_MAX_DROPPED);
        if (maxDropped.isPresent()) {
            try {
                configuration = configuration.withMaxDroppedFraction(Double.parseDouble(maxDropped.get()));
            } catch (IllegalArgumentException e) {
                throw StartupFailure.of(FILE, LIST_MAX_DROPPED, "must be a number in (0, 1]");
            }
        }
        List<Path> anchors = paths(settings, value(properties, ANCHORS).orElse(DEFAULT_ANCHORS));
        if (anchors.isEmpty()) {
            throw StartupFailure.of(FILE, ANCHORS, "names no trust anchor file");
        }
        List<String> smimeDomains = list(value(properties, SMIME_DOMAINS).orElse("")).stream()
            .map(domain -> domain.toLowerCase(Locale.ROOT)).toList();
        RevocationPolicy revocation = switch (value(properties, SMIME_REVOCATION).orElse("crl").toLowerCase(Locale.ROOT)) {
            case "crl" -> RevocationPolicy.REQUIRE_CRL;
            case "none" -> RevocationPolicy.NONE;
            default -> throw StartupFailure.of(FILE, SMIME_REVOCATION, "must be crl or none");
        };
        List<Path> crls = paths(settings, value(properties, SMIME_CRLS).orElse(""));
        Map<String, Path> certificates = new LinkedHashMap<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (key.startsWith(SMIME_CERTIFICATE_PREFIX) && key.length() > SMIME_CERTIFICATE_PREFIX.length()) {
                certificates.put(key.substring(SMIME_CERTIFICATE_PREFIX.length()).toLowerCase(Locale.ROOT),
                    resolve(settings, properties.getProperty(key).strip()));
            }
        }
        return new TrustSettings(configuration, anchors, value(properties, OPERATOR_SUBJECT), smimeDomains, revocation, crls,
            Map.copyOf(certificates));
    }

    /** The certificates of the configured trust anchor files. */
    public List<X509Certificate> anchorCertificates() {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Path file : anchors) {
            try {
                certificates.addAll(PemFiles.certificates(file));
            } catch (IOException | RuntimeException e) {
                throw StartupFailure.of(FILE, ANCHORS, "file " + file + " is not readable as PEM certificates ("
                    + e.getMessage() + ")");
            }
        }
        if (certificates.isEmpty()) {
            throw StartupFailure.of(FILE, ANCHORS, "no trust anchor certificate found");
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
                    throw StartupFailure.of(FILE, LIST_CHECKSUM, "must be side-file, none or a SHA-256 (64 hex digits)");
                }
            }
        };
    }

    private static List<TrustEntry> localAdditions(Properties properties) {
        List<TrustEntry> additions = new ArrayList<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!key.startsWith(LOCAL_PREFIX)) {
                continue;
            }
            String value = properties.getProperty(key).strip();
            int space = value.indexOf(' ');
            if (space < 0) {
                throw StartupFailure.of(FILE, key, "must be '<domain> <operator certificate subject DN>'");
            }
            try {
                additions.add(TrustEntry.of(value.substring(0, space), value.substring(space + 1).strip()));
            } catch (IllegalArgumentException e) {
                throw StartupFailure.of(FILE, key, e.getMessage() + " (expected '<domain> <operator certificate subject DN>')");
            }
        }
        return additions;
    }

    public static Duration duration(Properties properties, String key, Duration defaultValue) {
        Optional<String> value = value(properties, key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String text = value.get().toLowerCase(Locale.ROOT);
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw StartupFailure.of(FILE, key, "must be a duration such as 60s, 5m or 500ms");
        }
    }

    public static List<Path> paths(GatewaySettings settings, String value) {
        return list(value).stream().map(path -> resolve(settings, path)).toList();
    }

    /** As James's {@code file://} locations: relative to the data directory. */
    public static Path resolve(GatewaySettings settings, String path) {
        return settings.dataDirectory().resolve(path).normalize();
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    public static Optional<String> value(Properties properties, String key) {
        return Optional.ofNullable(properties.getProperty(key)).map(String::strip).filter(value -> !value.isEmpty());
    }
}
