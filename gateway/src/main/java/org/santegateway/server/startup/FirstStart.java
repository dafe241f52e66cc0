package org.santegateway.server.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import org.santegateway.server.GatewaySettings;
import org.santegateway.server.pki.dev.DevelopmentPki;
import org.santegateway.pki.PemFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares the data directory before James starts, creating what a fresh installation lacks and
 * never replacing what exists:
 * <ul>
 *     <li>the data directory itself and its {@code conf/} (owner-only);</li>
 *     <li>the development PKI in {@code certs/}, when the listeners point there and it is absent
 *     (production configurations point at their own certificates and never trigger it);</li>
 *     <li>the JMX credentials James's CLI uses, {@code conf/jmxremote.password} and
 *     {@code conf/jmxremote.access} (James would generate them too, but falls back to JMX without
 *     authentication when it cannot);</li>
 *     <li>the key pair that signs WebAdmin tokens, {@code conf/webadmin-jwt.key} and {@code .pub}.</li>
 * </ul>
 */
public final class FirstStart {
    private static final Logger LOGGER = LoggerFactory.getLogger(FirstStart.class);

    public static final String JMX_USER = "james-admin";
    public static final String JMX_PASSWORD_FILE = "jmxremote.password";
    public static final String JMX_ACCESS_FILE = "jmxremote.access";
    public static final String WEBADMIN_PRIVATE_KEY = "webadmin-jwt.key";
    public static final String WEBADMIN_PUBLIC_KEY = "webadmin-jwt.pub";
    public static final String AUDIT_KEY = "audit-hmac.key";

    private final GatewaySettings settings;
    private final ConfigurationChecks checks;
    private final List<String> hostNames;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** {@code hostNames}: what the development TLS certificate is issued for ({@code tls.hostnames}). */
    public FirstStart(GatewaySettings settings, ConfigurationChecks checks, List<String> hostNames, Clock clock) {
        this.settings = settings;
        this.checks = checks;
        this.hostNames = List.copyOf(hostNames);
        this.clock = clock;
    }

    /** The data directory and its {@code conf} (private) and {@code var} directories, as {@link #prepare} makes them first. */
    public void prepareDirectories() {
        try {
            PemFiles.createPrivateDirectory(settings.dataDirectory());
            PemFiles.createPrivateDirectory(settings.generatedConfDirectory());
            Files.createDirectories(settings.dataDirectory().resolve("var"));
        } catch (IOException e) {
            throw new StartupFailure(settings.dataDirectory() + ": data directory cannot be prepared: " + e.getMessage(), e);
        }
    }

    public void prepare() {
        prepareDirectories();
        try {
            createDevelopmentPkiWhenUsed();
            createJmxCredentials();
            createWebAdminKeys();
            createAuditKey();
        } catch (IOException e) {
            throw new StartupFailure(settings.dataDirectory() + ": data directory cannot be prepared: " + e.getMessage(), e);
        }
    }

    private void createDevelopmentPkiWhenUsed() throws IOException {
        boolean usesDevelopmentPki = checks.tlsMaterial().stream()
            .anyMatch(material -> material.path().startsWith(settings.certsDirectory()));
        if (!usesDevelopmentPki) {
            return;
        }
        DevelopmentPki.Result result = DevelopmentPki.ensure(settings.certsDirectory(), hostNames, clock);
        if (result.created()) {
            LOGGER.warn("Created a development PKI in {} (TEST certificate authority, not for production): "
                + "point the <tls> settings of smtpserver.xml and imapserver.xml at your own certificates", settings.certsDirectory());
        }
    }

    private void createJmxCredentials() throws IOException {
        Path password = settings.generatedConfDirectory().resolve(JMX_PASSWORD_FILE);
        Path access = settings.generatedConfDirectory().resolve(JMX_ACCESS_FILE);
        if (!Files.exists(password)) {
            PemFiles.writeAtomically(password, JMX_USER + " " + newPassword() + "\n", PemFiles.OWNER_ONLY_FILE);
            LOGGER.info("Generated JMX credentials for the James CLI in {}", password);
        }
        if (!Files.exists(access)) {
            PemFiles.writeAtomically(access, JMX_USER + " readwrite\n", PemFiles.OWNER_ONLY_FILE);
        }
    }

    private void createWebAdminKeys() throws IOException {
        Path privateKey = settings.generatedConfDirectory().resolve(WEBADMIN_PRIVATE_KEY);
        Path publicKey = settings.generatedConfDirectory().resolve(WEBADMIN_PUBLIC_KEY);
        if (Files.exists(privateKey) && Files.exists(publicKey)) {
            return;
        }
        KeyPair keyPair = newRsaKeyPair();
        PemFiles.writePrivateKey(privateKey, keyPair.getPrivate());
        String pem = "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keyPair.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
        PemFiles.writeAtomically(publicKey, pem, PemFiles.PUBLIC_FILE);
        LOGGER.info("Generated the WebAdmin token signing key in {}", privateKey);
    }

    private void createAuditKey() throws IOException {
        Path key = settings.generatedConfDirectory().resolve(AUDIT_KEY);
        if (Files.exists(key)) {
            return;
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        PemFiles.writeAtomically(key, java.util.HexFormat.of().formatHex(bytes) + "\n", PemFiles.OWNER_ONLY_FILE);
        LOGGER.info("Generated the audit trail key in {}", key);
    }

    /** The audit trail's HMAC key, generated on first start. */
    public static byte[] auditKey(Path generatedConfDirectory) {
        Path file = generatedConfDirectory.resolve(AUDIT_KEY);
        try {
            byte[] key = java.util.HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (key.length < 32) {
                throw new StartupFailure(file + ": the audit key must hold 32 bytes (64 hex digits)");
            }
            return key;
        } catch (IOException e) {
            throw new StartupFailure(file + ": the audit key cannot be read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new StartupFailure(file + ": the audit key is not hexadecimal");
        }
    }

    private String newPassword() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(3072, random);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JMX password of {@link #JMX_USER}, for the admin command that wraps the James CLI. */
    public static String jmxPassword(GatewaySettings settings) {
        Path file = settings.generatedConfDirectory().resolve(JMX_PASSWORD_FILE);
        try {
            Properties properties = new Properties();
            try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            String password = properties.getProperty(JMX_USER);
            if (password == null) {
                throw new StartupFailure(file + ": no entry for " + JMX_USER);
            }
            return password.trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
