package org.santegateway.server.pki.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import nl.altindag.ssl.util.PemUtils;

/**
 * The generated files are read back with the JDK only (CertificateFactory, KeyFactory, JSSE), as Apache James and
 * the peers of the gateway will read them, not with the Bouncy Castle code that wrote them.
 */
class DevelopmentPkiTest {
    private static final List<String> HOST_NAMES = List.of("localhost", "127.0.0.1", "::1", "mx.gateway.test");
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final Clock FIXED_CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final List<String> ALL_FILES = List.of(DevelopmentPki.CA_CERTIFICATE_FILE, DevelopmentPki.CA_PRIVATE_KEY_FILE,
        DevelopmentPki.SERVER_CERTIFICATE_FILE, DevelopmentPki.SERVER_PRIVATE_KEY_FILE);
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
    private static final int DNS_NAME = 2;
    private static final int RFC822_NAME = 1;
    private static final int IP_ADDRESS = 7;
    private static final char[] IN_MEMORY_KEYSTORE_PASSWORD = "in-memory".toCharArray();
    private static final int TIMEOUT_MILLIS = 10_000;

    @TempDir
    Path temporaryDirectory;

    private Path certsDir() {
        // A directory that does not exist yet, so that its creation is tested too.
        return temporaryDirectory.resolve("conf").resolve("certs");
    }

    @Test
    void ensureShouldCreateKeysWithOwnerOnlyPermissionsWhenAbsent() throws Exception {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        Path certsDir = certsDir();

        DevelopmentPki.Result result = DevelopmentPki.ensure(certsDir, HOST_NAMES, FIXED_CLOCK);

        assertThat(result.created()).isTrue();
        assertThat(result.caCertificate()).isEqualTo(certsDir.resolve("test-ca.pem"));
        assertThat(result.caPrivateKey()).isEqualTo(certsDir.resolve("test-ca.key"));
        assertThat(result.serverCertificateChain()).isEqualTo(certsDir.resolve("server.pem"));
        assertThat(result.serverPrivateKey()).isEqualTo(certsDir.resolve("server.key"));
        assertThat(result.caSubject()).isEqualTo(
            "CN=Sante Gateway TEST Root CA - NOT FOR PRODUCTION,O=Sante Gateway development PKI,C=FR");
        assertThat(result.serverCertificateSha256()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");

        // No temporary file left behind.
        try (Stream<Path> files = Files.list(certsDir)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrderElementsOf(ALL_FILES);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certsDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(result.caPrivateKey()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(result.serverPrivateKey()))).isEqualTo("rw-------");

        assertThat(Files.readString(result.caPrivateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(result.serverPrivateKey())).startsWith("-----BEGIN PRIVATE KEY-----")
            .doesNotContain("ENCRYPTED");
        List<X509Certificate> chain = readCertificates(result.serverCertificateChain());
        X509Certificate ca = readCertificates(result.caCertificate()).get(0);
        assertThat(chain).hasSize(2);
        assertThat(chain.get(1)).isEqualTo(ca);
        assertThat(result.serverCertificateSha256()).isEqualTo(DevelopmentPki.sha256Fingerprint(chain.get(0)));
    }

    @Test
    void ensureShouldNotChangeAnythingWhenKeysExist() throws Exception {
        Path certsDir = certsDir();
        DevelopmentPki.Result first = DevelopmentPki.ensure(certsDir, HOST_NAMES, FIXED_CLOCK);
        Map<String, byte[]> contents = contents(certsDir);
        Map<String, FileTime> modificationTimes = modificationTimes(certsDir);

        DevelopmentPki.Result second = DevelopmentPki.ensure(certsDir, List.of("other.example"), Clock.systemUTC());

        assertThat(second.created()).isFalse();
        assertThat(second.serverCertificateSha256()).isEqualTo(first.serverCertificateSha256());
        assertThat(second.caSubject()).isEqualTo(first.caSubject());
        assertThat(contents(certsDir)).containsOnlyKeys(contents.keySet());
        contents.forEach((file, bytes) -> assertThat(contents(certsDir).get(file)).as(file).isEqualTo(bytes));
        assertThat(modificationTimes(certsDir)).isEqualTo(modificationTimes);
    }

    @Test
    void serverCertificateShouldChainToTheTestCa() throws Exception {
        DevelopmentPki.Result result = DevelopmentPki.ensure(certsDir(), HOST_NAMES, FIXED_CLOCK);
        X509Certificate ca = readCertificates(result.caCertificate()).get(0);
        X509Certificate leaf = readCertificates(result.serverCertificateChain()).get(0);

        leaf.verify(ca.getPublicKey());
        ca.verify(ca.getPublicKey());
        validatePath(leaf, ca, NOW);

        assertThat(ca.getSubjectX500Principal().getName()).contains("TEST").contains("NOT FOR PRODUCTION")
            .isEqualTo(ca.getIssuerX500Principal().getName());
        assertThat(ca.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(((RSAPublicKey) ca.getPublicKey()).getModulus().bitLength()).isEqualTo(3072);
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getKeyUsage()).startsWith(false, false, false, false, false, true, true);
        assertThat(ca.getCriticalExtensionOIDs()).contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        assertThat(ca.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
        assertThat(ca.getNotBefore().toInstant()).isEqualTo(NOW.minus(DevelopmentCertificateAuthority.CLOCK_SKEW_ALLOWANCE));
        assertThat(ca.getNotAfter().toInstant())
            .isEqualTo(ca.getNotBefore().toInstant().atOffset(ZoneOffset.UTC).plusYears(10).toInstant());

        assertThat(leaf.getSubjectX500Principal().getName())
            .isEqualTo("CN=localhost,O=Sante Gateway development PKI,C=FR");
        assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(((RSAPublicKey) leaf.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(leaf.getSerialNumber().signum()).isPositive();
        assertThat(leaf.getSerialNumber().bitLength()).isLessThanOrEqualTo(128).isGreaterThan(64);
        assertThat(leaf.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
            List.of(DNS_NAME, "localhost"),
            List.of(IP_ADDRESS, "127.0.0.1"),
            List.of(IP_ADDRESS, "0:0:0:0:0:0:0:1"),
            List.of(DNS_NAME, "mx.gateway.test"));
        assertThat(leaf.getExtendedKeyUsage()).containsExactlyInAnyOrder(SERVER_AUTH, CLIENT_AUTH);
        assertThat(leaf.getKeyUsage()).startsWith(true, false, true, false, false, false, false);
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getCriticalExtensionOIDs()).contains(Extension.keyUsage.getId());
        assertThat(authorityKeyIdentifier(leaf)).isEqualTo(subjectKeyIdentifier(ca));
        assertThat(subjectKeyIdentifier(leaf)).isNotEmpty();
        assertThat(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
            .isEqualTo(Duration.ofDays(825));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void tlsHandshakeShouldSucceedWithAClientTrustingOnlyTheTestCa(String protocol) throws Exception {
        DevelopmentPki.Result result = DevelopmentPki.ensure(certsDir(), HOST_NAMES, Clock.systemUTC());
        SSLContext serverContext = sslContext(keyManagers(result.serverCertificateChain(), result.serverPrivateKey()), null);
        SSLContext clientContext = sslContext(null, trustManagers(result.caCertificate()));

        Handshake handshake = handshake(serverContext, false, clientContext, protocol);

        assertThat(handshake.clientProtocol()).isEqualTo(protocol);
        assertThat(handshake.serverProtocol()).isEqualTo(protocol);
        assertThat(handshake.serverCertificate())
            .isEqualTo(readCertificates(result.serverCertificateChain()).get(0));
    }

    @Test
    void serverFilesShouldLoadAsApacheJamesLoadsThemWithoutSecret() throws Exception {
        DevelopmentPki.Result result = DevelopmentPki.ensure(certsDir(), HOST_NAMES, FIXED_CLOCK);

        // What James 3.8.1 (LegacyJavaEncryptionFactory) does with <certificates> and <privateKey> when <secret> is absent.
        X509ExtendedKeyManager keyManager;
        try (InputStream certificates = Files.newInputStream(result.serverCertificateChain());
             InputStream privateKey = Files.newInputStream(result.serverPrivateKey())) {
            keyManager = PemUtils.loadIdentityMaterial(certificates, privateKey, null);
        }

        String[] aliases = keyManager.getServerAliases("RSA", null);
        assertThat(aliases).hasSize(1);
        assertThat(keyManager.getCertificateChain(aliases[0])).containsExactlyElementsOf(readCertificates(result.serverCertificateChain()));
        assertThat(keyManager.getPrivateKey(aliases[0])).isEqualTo(readPrivateKey(result.serverPrivateKey()));
    }

    @Test
    void serverCertificateShouldAlsoAuthenticateTheGatewayAsATlsClient() throws Exception {
        DevelopmentPki.Result result = DevelopmentPki.ensure(certsDir(), HOST_NAMES, Clock.systemUTC());
        KeyManager[] gatewayKeys = keyManagers(result.serverCertificateChain(), result.serverPrivateKey());
        TrustManager[] testCa = trustManagers(result.caCertificate());

        Handshake handshake = handshake(sslContext(gatewayKeys, testCa), true, sslContext(gatewayKeys, testCa), "TLSv1.3");

        assertThat(handshake.clientCertificate()).isEqualTo(readCertificates(result.serverCertificateChain()).get(0));
    }

    @Test
    void issueEndEntityShouldChainToTheTestCaWithTheGivenEmail() throws Exception {
        DevelopmentPki developmentPki = new DevelopmentPki(certsDir(), FIXED_CLOCK);
        developmentPki.ensure(HOST_NAMES);
        X509Certificate ca = readCertificates(certsDir().resolve(DevelopmentPki.CA_CERTIFICATE_FILE)).get(0);

        IssuedCertificate issued = developmentPki.issueEndEntity("CN=Alice Martin, O=Test Hospital, C=FR",
            List.of(), List.of("alice.martin@hospital.test"), Duration.ofDays(365));

        X509Certificate certificate = issued.certificate();
        certificate.verify(ca.getPublicKey());
        validatePath(certificate, ca, NOW);
        assertThat(issued.issuer()).isEqualTo(ca);
        assertThat(issued.chain()).containsExactly(certificate, ca);
        assertThat(issued.keyPair().getPublic()).isEqualTo(certificate.getPublicKey());
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=Alice Martin,O=Test Hospital,C=FR");
        assertThat(certificate.getSubjectAlternativeNames())
            .containsExactly(List.of(RFC822_NAME, "alice.martin@hospital.test"));
        assertThat(certificate.getExtendedKeyUsage()).containsExactly(EMAIL_PROTECTION);
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()))
            .isEqualTo(Duration.ofDays(365));
        assertThat(issued.toString()).doesNotContain("PRIVATE").contains("Alice Martin");
    }

    @Test
    void issuedCertificateShouldBeWrittenWithAnOwnerOnlyKey() throws Exception {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        DevelopmentPki developmentPki = new DevelopmentPki(certsDir(), FIXED_CLOCK);
        developmentPki.ensure(HOST_NAMES);
        IssuedCertificate issued = developmentPki.issueEndEntity("CN=operator-b.test, O=Operator B, C=FR",
            List.of("operator-b.test"), List.of(), Duration.ofDays(30));

        Path chainFile = temporaryDirectory.resolve("operator-b.pem");
        Path keyFile = temporaryDirectory.resolve("operator-b.key");
        issued.writeTo(chainFile, keyFile);

        assertThat(readCertificates(chainFile)).containsExactly(issued.certificate(), issued.issuer());
        assertThat(readPrivateKey(keyFile)).isEqualTo(issued.keyPair().getPrivate());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(issued.certificate().getExtendedKeyUsage()).containsExactlyInAnyOrder(SERVER_AUTH, CLIENT_AUTH);
    }

    @Test
    void ensureShouldReuseAnExistingTestCaWhenOnlyTheServerFilesAreMissing() throws Exception {
        Path certsDir = certsDir();
        DevelopmentPki.ensure(certsDir, HOST_NAMES, FIXED_CLOCK);
        byte[] caCertificate = Files.readAllBytes(certsDir.resolve(DevelopmentPki.CA_CERTIFICATE_FILE));
        byte[] caPrivateKey = Files.readAllBytes(certsDir.resolve(DevelopmentPki.CA_PRIVATE_KEY_FILE));
        Files.delete(certsDir.resolve(DevelopmentPki.SERVER_CERTIFICATE_FILE));
        Files.delete(certsDir.resolve(DevelopmentPki.SERVER_PRIVATE_KEY_FILE));

        DevelopmentPki.Result result = DevelopmentPki.ensure(certsDir, List.of("gateway.test"), FIXED_CLOCK);

        assertThat(result.created()).isTrue();
        assertThat(Files.readAllBytes(result.caCertificate())).isEqualTo(caCertificate);
        assertThat(Files.readAllBytes(result.caPrivateKey())).isEqualTo(caPrivateKey);
        X509Certificate leaf = readCertificates(result.serverCertificateChain()).get(0);
        validatePath(leaf, readCertificates(result.caCertificate()).get(0), NOW);
        assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(DNS_NAME, "gateway.test"));
    }

    @Test
    void ensureShouldRefuseToOverwriteALoneServerKey() throws Exception {
        Path certsDir = Files.createDirectories(certsDir());
        Path serverKey = certsDir.resolve(DevelopmentPki.SERVER_PRIVATE_KEY_FILE);
        Files.writeString(serverKey, "operator key");

        assertThatThrownBy(() -> DevelopmentPki.ensure(certsDir, HOST_NAMES, FIXED_CLOCK))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(DevelopmentPki.SERVER_CERTIFICATE_FILE);
        assertThat(Files.readString(serverKey)).isEqualTo("operator key");
        try (Stream<Path> files = Files.list(certsDir)) {
            assertThat(files).containsExactly(serverKey);
        }
    }

    @Test
    void ensureShouldWriteNothingWhenAHostNameIsInvalid() {
        assertThatThrownBy(() -> DevelopmentPki.ensure(certsDir(), List.of("localhost", "bad,name"), FIXED_CLOCK))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("bad,name");
        assertThat(certsDir()).doesNotExist();
    }

    private static void validatePath(X509Certificate certificate, X509Certificate ca, Instant date) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        CertPath path = factory.generateCertPath(List.of(certificate));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(date));
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }

    private static byte[] subjectKeyIdentifier(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(value).getOctets()).getKeyIdentifier();
    }

    private static byte[] authorityKeyIdentifier(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(value).getOctets()).getKeyIdentifier();
    }

    private static List<X509Certificate> readCertificates(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                .map(X509Certificate.class::cast)
                .collect(Collectors.toList());
        }
    }

    private static PrivateKey readPrivateKey(Path file) throws Exception {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "");
        byte[] pkcs8 = Base64.getMimeDecoder().decode(base64);
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    private static KeyManager[] keyManagers(Path chainFile, Path keyFile) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("gateway", readPrivateKey(keyFile), IN_MEMORY_KEYSTORE_PASSWORD,
            readCertificates(chainFile).toArray(Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keyStore, IN_MEMORY_KEYSTORE_PASSWORD);
        return factory.getKeyManagers();
    }

    private static TrustManager[] trustManagers(Path caFile) throws Exception {
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("test-ca", readCertificates(caFile).get(0));
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(trustStore);
        return factory.getTrustManagers();
    }

    private static SSLContext sslContext(KeyManager[] keyManagers, TrustManager[] trustManagers) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, trustManagers, null);
        return context;
    }

    private record Handshake(String clientProtocol, String serverProtocol, Certificate serverCertificate,
                             Certificate clientCertificate) {
    }

    private record ServerSide(String protocol, Certificate clientCertificate) {
    }

    /**
     * One byte echoed over TLS on loopback, the client checking the server name as HTTPS does (here against the
     * 127.0.0.1 IP address entry of the certificate).
     */
    private static Handshake handshake(SSLContext serverContext, boolean needClientAuth, SSLContext clientContext,
                                       String protocol) throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (SSLServerSocket serverSocket = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0, 1, loopback)) {
            serverSocket.setEnabledProtocols(new String[] {protocol});
            serverSocket.setNeedClientAuth(needClientAuth);
            serverSocket.setSoTimeout(TIMEOUT_MILLIS);
            CompletableFuture<ServerSide> serverSide = new CompletableFuture<>();
            Thread server = new Thread(() -> {
                try (SSLSocket socket = (SSLSocket) serverSocket.accept()) {
                    socket.setSoTimeout(TIMEOUT_MILLIS);
                    int received = socket.getInputStream().read();
                    OutputStream out = socket.getOutputStream();
                    out.write(received);
                    out.flush();
                    serverSide.complete(new ServerSide(socket.getSession().getProtocol(),
                        needClientAuth ? socket.getSession().getPeerCertificates()[0] : null));
                } catch (IOException | RuntimeException e) {
                    serverSide.completeExceptionally(e);
                }
            }, "tls-test-server");
            server.start();

            Handshake handshake;
            try (SSLSocket client = (SSLSocket) clientContext.getSocketFactory().createSocket()) {
                client.connect(new InetSocketAddress(loopback, serverSocket.getLocalPort()), TIMEOUT_MILLIS);
                client.setSoTimeout(TIMEOUT_MILLIS);
                SSLParameters parameters = client.getSSLParameters();
                parameters.setProtocols(new String[] {protocol});
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                client.setSSLParameters(parameters);
                client.startHandshake();
                client.getOutputStream().write(42);
                client.getOutputStream().flush();
                assertThat(client.getInputStream().read()).isEqualTo(42);

                // Collected before the client closes: closing a TLS 1.3 socket waits for the peer's close_notify.
                ServerSide accepted = serverSide.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                handshake = new Handshake(client.getSession().getProtocol(), accepted.protocol(),
                    client.getSession().getPeerCertificates()[0], accepted.clientCertificate());
            }
            server.join(TIMEOUT_MILLIS);
            assertThat(server.isAlive()).as("server thread still running").isFalse();
            return handshake;
        }
    }

    private static Map<String, byte[]> contents(Path directory) {
        Map<String, byte[]> contents = new HashMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                contents.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return contents;
    }

    private static Map<String, FileTime> modificationTimes(Path directory) throws IOException {
        Map<String, FileTime> times = new HashMap<>();
        for (String file : ALL_FILES) {
            times.put(file, Files.getLastModifiedTime(directory.resolve(file)));
        }
        return times;
    }
}
