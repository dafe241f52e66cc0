package org.santegateway.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLSocketFactory;

import org.santegateway.server.settings.GatewayProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.admin.WebAdminTokens;
import org.santegateway.server.pki.dev.IssuedCertificate;
import org.santegateway.pki.PemFiles;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority.Purpose;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.Mailboxes;
import org.santegateway.server.testing.SmtpDialog;
import org.santegateway.server.testing.TestTls;
import org.santegateway.server.testing.TlsSmtpPeer;

/**
 * CRLs on the operators' TLS, with the gateway's own parts: a CRL file issued by the test CA,
 * re-read without a restart (poll and WebAdmin); an operator client whose certificate it lists is
 * refused on the operators' port while another is accepted; the relay does not deliver to a peer
 * whose certificate it lists (the mail waits in the outgoing queue) while it delivers to a good
 * one; an expired CRL makes the health check unhealthy and operators are asked to retry.
 */
class CrlIntegrationTest {
    static final String LOCAL_DOMAIN = "gw-crl.test";
    static final String ALICE = "dr.alice@" + LOCAL_DOMAIN;
    static final String PASSWORD = "correct horse battery staple";
    static final String PEER_DOMAIN = "peer-a.test";
    static final String PEER_OPERATOR = "CN=mx.peer-a.test, OU=MSSante operator, O=Sante Gateway development PKI, C=FR";
    static final String REVOKED_DOMAIN = "revoked-peer.test";
    static final String REVOKED_OPERATOR = "CN=mx.revoked-peer.test, OU=MSSante operator, O=Sante Gateway development PKI, C=FR";
    static final String GOOD_DOMAIN = "good-peer.test";
    static final String GOOD_OPERATOR = "CN=mx.good-peer.test, OU=MSSante operator, O=Sante Gateway development PKI, C=FR";
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path root;
    static DevelopmentCertificateAuthority ca;
    static GatewayTestServer gateway;
    static Path crlFile;
    static final AtomicLong CRL_NUMBER = new AtomicLong();
    static IssuedCertificate goodClient;
    static IssuedCertificate revokedClient;
    static IssuedCertificate revokedPeerCertificate;
    static TlsSmtpPeer revokedPeer;
    static TlsSmtpPeer goodPeer;
    static IssuedCertificate goodPeerCertificate;
    static String token;
    /** A second root for S/MIME signers of the peer, with a CRL file of its own. */
    static DevelopmentCertificateAuthority signerCa;
    static Path signerCrlFile;
    static IssuedCertificate signer;

    @BeforeAll
    static void start() throws Exception {
        ca = DevelopmentCertificateAuthority.create(Clock.systemUTC());
        Path caCertificate = root.resolve("test-ca.pem");
        Path caKey = root.resolve("test-ca.key");
        ca.writeTo(caCertificate, caKey);
        goodClient = ca.issueEndEntity(PEER_OPERATOR, List.of("localhost"), List.of(), Duration.ofDays(1));
        revokedClient = ca.issueEndEntity(PEER_OPERATOR, List.of("localhost"), List.of(), Duration.ofDays(1));
        revokedPeerCertificate = ca.issueEndEntity(REVOKED_OPERATOR, List.of("localhost"), List.of(), Duration.ofDays(1));
        revokedPeer = TlsSmtpPeer.start(revokedPeerCertificate);
        goodPeerCertificate = ca.issueEndEntity(GOOD_OPERATOR, List.of("localhost"), List.of(), Duration.ofDays(1));
        goodPeer = TlsSmtpPeer.start(goodPeerCertificate);

        Path material = Files.createDirectories(root.resolve("material"));
        crlFile = material.resolve("test-ca.crl");
        publish(currentCrl(revokedClient, revokedPeerCertificate));
        // The peers' S/MIME domain certificates, so that mail to them is encrypted and goes to remote delivery.
        Path revokedSmime = material.resolve("revoked-peer.pem");
        Path goodSmime = material.resolve("good-peer.pem");
        ca.issueEndEntity("CN=" + REVOKED_DOMAIN + ", C=FR", List.of(), List.of(), Duration.ofDays(1), EnumSet.of(Purpose.EMAIL_PROTECTION))
            .writeTo(revokedSmime, material.resolve("revoked-peer.key"));
        ca.issueEndEntity("CN=" + GOOD_DOMAIN + ", C=FR", List.of(), List.of(), Duration.ofDays(1), EnumSet.of(Purpose.EMAIL_PROTECTION))
            .writeTo(goodSmime, material.resolve("good-peer.key"));

        signerCa = DevelopmentCertificateAuthority.create(Clock.systemUTC(), "CN=Sante Gateway TEST S/MIME signers CA, O=Sante Gateway tests, C=FR");
        Path signerCaCertificate = material.resolve("signer-ca.pem");
        signerCa.writeTo(signerCaCertificate, material.resolve("signer-ca.key"));
        signerCrlFile = material.resolve("signer-ca.crl");
        PemFiles.writeCrl(signerCrlFile, signerCa.issueCrl(List.of(), Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(3)),
            BigInteger.valueOf(CRL_NUMBER.incrementAndGet())));
        signer = signerCa.issueEndEntity("CN=Dr Dan, O=Peer A, C=FR", List.of(), List.of("dr.dan@" + PEER_DOMAIN), Duration.ofDays(1),
            EnumSet.of(Purpose.EMAIL_PROTECTION));

        gateway = GatewayTestServer.prepare(root.resolve("gateway")).withCertificateAuthority(caCertificate, caKey);
        Files.writeString(gateway.settings().file(GatewayProperties.FILE), "\n"
            + "smime.domains=" + LOCAL_DOMAIN + "\n"
            + "postmaster.address=postmaster@" + LOCAL_DOMAIN + "\n"
            + "trust.local.self=" + LOCAL_DOMAIN + " CN=mx." + LOCAL_DOMAIN + ", C=FR\n"
            + "trust.local.peer=" + PEER_DOMAIN + " " + PEER_OPERATOR + "\n"
            + "trust.local.revoked=" + REVOKED_DOMAIN + " " + REVOKED_OPERATOR + "\n"
            + "trust.local.good=" + GOOD_DOMAIN + " " + GOOD_OPERATOR + "\n"
            + "trust.anchors=certs/test-ca.pem," + signerCaCertificate + "\n"
            + "smime.crls=" + crlFile + "," + signerCrlFile + "\n"
            + "smime.revocation=crl\n"
            + "operators.revocation=crl\n"
            + "crl.poll.interval=200ms\n"
            + "smime.certificate." + REVOKED_DOMAIN + "=" + revokedSmime + "\n"
            + "smime.certificate." + GOOD_DOMAIN + "=" + goodSmime + "\n"
            + "relay.routes=" + REVOKED_DOMAIN + "=localhost:" + revokedPeer.port() + "," + GOOD_DOMAIN + "=localhost:" + goodPeer.port() + "\n",
            StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        gateway.start();
        gateway.data().addDomain(LOCAL_DOMAIN);
        gateway.data().addUser(ALICE, PASSWORD);
        token = WebAdminTokens.fromDataDirectory(gateway.settings(), Clock.systemUTC()).issue("admin", Duration.ofMinutes(10));
    }

    @AfterAll
    static void stop() throws IOException {
        if (gateway != null) {
            gateway.close();
        }
        if (revokedPeer != null) {
            revokedPeer.close();
        }
        if (goodPeer != null) {
            goodPeer.close();
        }
    }

    @Test
    void anOperatorWhoseCertificateIsRevokedShouldBeRefusedWhileAnotherIsAccepted() throws Exception {
        inForce(currentCrl(revokedClient, revokedPeerCertificate));

        assertThat(mailFrom(goodClient)).startsWith("250");
        assertThat(mailFrom(revokedClient)).startsWith("550").contains("5.7.1").contains("revoked");
        assertThat(webAdmin("GET", "/gateway/metrics").body()).contains("outcome=\"revoked-certificate\"");
    }

    @Test
    void aReplacedCrlFileShouldTakeEffectWithoutRestart() throws Exception {
        inForce(currentCrl(revokedClient, revokedPeerCertificate));
        assertThat(mailFrom(revokedClient)).startsWith("550");

        // The refresh job replaces the file with a newer CRL: the revoked one is no longer listed, the other one is.
        X509CRL next = currentCrl(goodClient, revokedPeerCertificate);
        publish(next);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
            assertThat(mailFrom(revokedClient)).startsWith("250"));
        assertThat(mailFrom(goodClient)).startsWith("550");
        assertThat(webAdmin("GET", "/gateway/crls").body())
            .contains("\"crlNumber\":\"" + number(next) + "\"").contains("\"revoked\":2").contains("\"current\":true")
            .contains("\"issuer\":\"CN=Sante Gateway TEST Root CA");
    }

    @Test
    void aBadCrlFileShouldBeRefusedAndTheLastGoodCrlStayInForce() throws Exception {
        X509CRL good = currentCrl(revokedClient, revokedPeerCertificate);
        inForce(good);
        byte[] content = Files.readAllBytes(crlFile);
        DevelopmentCertificateAuthority stranger = DevelopmentCertificateAuthority.create(Clock.systemUTC());
        try {
            Files.writeString(crlFile, "-----BEGIN X509 CRL-----\ntruncated\n", StandardCharsets.US_ASCII);
            HttpResponse<String> rejected = webAdmin("POST", "/gateway/crls/reload");
            assertThat(rejected.statusCode()).isEqualTo(409);
            assertThat(rejected.body()).contains("\"rejected\"").contains("not a PEM or DER CRL file").contains(crlFile.toString());

            // Same CA name, another key: the signature does not verify.
            PemFiles.writeCrl(crlFile, stranger.issueCrl(List.of(), Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(3)),
                BigInteger.valueOf(CRL_NUMBER.incrementAndGet())));
            assertThat(webAdmin("POST", "/gateway/crls/reload").body()).contains("does not verify");

            assertThat(mailFrom(revokedClient)).startsWith("550");
            assertThat(webAdmin("GET", "/gateway/crls").body()).contains("\"crlNumber\":\"" + number(good) + "\"");
            assertThat(webAdmin("GET", "/healthcheck/checks/CRLs").body()).contains("degraded");
        } finally {
            Files.write(crlFile, content);
        }
        assertThat(webAdmin("POST", "/gateway/crls/reload").statusCode()).isEqualTo(200);
        assertThat(webAdmin("GET", "/healthcheck/checks/CRLs").body()).contains("healthy").doesNotContain("degraded");
    }

    @Test
    void anExpiredCrlShouldMakeTheHealthCheckUnhealthyAndOperatorsRetryLater() throws Exception {
        try {
            inForce(ca.issueCrl(List.of(), Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(3)),
                BigInteger.valueOf(CRL_NUMBER.incrementAndGet())));

            assertThat(mailFrom(goodClient)).startsWith("451").contains("no current CRL");
            HttpResponse<String> health = webAdmin("GET", "/healthcheck/checks/CRLs");
            assertThat(health.body()).contains("unhealthy").contains("past its nextUpdate");
            String metrics = webAdmin("GET", "/gateway/metrics").body();
            assertThat(metrics.lines().filter(line -> line.startsWith("gateway_crl_next_update_days")).findFirst().orElseThrow())
                .contains(" -");
        } finally {
            inForce(currentCrl(revokedClient, revokedPeerCertificate));
        }
        assertThat(webAdmin("GET", "/healthcheck/checks/CRLs").body()).contains("healthy").doesNotContain("unhealthy");
        assertThat(mailFrom(goodClient)).startsWith("250");
    }

    @Test
    void theRelayShouldNotDeliverToAPeerWhoseCertificateIsRevoked() throws Exception {
        inForce(currentCrl(revokedClient, revokedPeerCertificate));
        MailClients clients = new MailClients(TestTls.socketFactory(gateway.testCaCertificate()));
        String revokedRecipient = "dr.bob@" + REVOKED_DOMAIN;
        clients.sendStartTls(gateway.submissionPort(), ALICE, PASSWORD,
            clients.newMessage(ALICE, revokedRecipient, "Revoque " + UUID.randomUUID(), "Pour un pair revoque"));
        clients.sendStartTls(gateway.submissionPort(), ALICE, PASSWORD,
            clients.newMessage(ALICE, "dr.carol@" + GOOD_DOMAIN, "Valide " + UUID.randomUUID(), "Pour un pair valide"));

        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> goodPeer.messages() >= 1);
        // The refused peer's mail waits in the outgoing queue for its next attempt, as for any TLS failure.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
            assertThat(webAdmin("GET", "/mailQueues/outgoing/mails").body()).contains(revokedRecipient).contains("nextDelivery"));
        assertThat(revokedPeer.startTlsCount()).isPositive();
        assertThat(revokedPeer.commands()).noneMatch(command -> command.toUpperCase().startsWith("MAIL FROM"));
    }

    /**
     * A peer the relay has already been to (its TLS session is kept and resumed by the next connection, without the
     * certificate checks of a full handshake) is revoked: the next mail to it is not handed over, it waits in the
     * outgoing queue; a mail to another peer still leaves.
     */
    @Test
    void aPeerRevokedAfterARelayShouldNotReceiveTheNextMail() throws Exception {
        inForce(currentCrl(revokedClient, revokedPeerCertificate));
        MailClients clients = new MailClients(TestTls.socketFactory(gateway.testCaCertificate()));
        String recipient = "dr.erin@" + GOOD_DOMAIN;
        int before = goodPeer.messages();
        clients.sendStartTls(gateway.submissionPort(), ALICE, PASSWORD,
            clients.newMessage(ALICE, recipient, "Avant " + UUID.randomUUID(), "Avant la revocation"));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> goodPeer.messages() > before);
        long mailFromsBefore = mailFroms(goodPeer);

        inForce(currentCrl(revokedClient, revokedPeerCertificate, goodPeerCertificate));
        try {
            String late = "Apres " + UUID.randomUUID();
            clients.sendStartTls(gateway.submissionPort(), ALICE, PASSWORD, clients.newMessage(ALICE, recipient, late, "Apres la revocation"));

            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(webAdmin("GET", "/mailQueues/outgoing/mails").body()).contains(recipient).contains("nextDelivery"));
            assertThat(mailFroms(goodPeer)).isEqualTo(mailFromsBefore);
        } finally {
            inForce(currentCrl(revokedClient, revokedPeerCertificate));
        }
    }

    private static long mailFroms(TlsSmtpPeer peer) {
        return peer.commands().stream().filter(command -> command.toUpperCase().startsWith("MAIL FROM")).count();
    }

    /**
     * The operator's workflow around a late CRL: a signed message whose signer's CA has no current
     * CRL is quarantined, not delivered; once the CRL is refreshed, the operator replays it from the
     * quarantine through WebAdmin and it is delivered, verified.
     */
    @Test
    void aMessageQuarantinedForWantOfACurrentCrlShouldBeDeliveredWhenReplayedAfterTheRefresh() throws Exception {
        inForce(currentCrl(revokedClient, revokedPeerCertificate));
        PemFiles.writeCrl(signerCrlFile, signerCa.issueCrl(List.of(), Instant.now().minus(Duration.ofDays(10)),
            Instant.now().minus(Duration.ofDays(3)), BigInteger.valueOf(CRL_NUMBER.incrementAndGet())));
        assertThat(webAdmin("POST", "/gateway/crls/reload").statusCode()).isEqualTo(200);
        String subject = "Signe " + UUID.randomUUID();
        String sender = "dr.dan@" + PEER_DOMAIN;
        javax.mail.internet.MimeMessage message = new MailClients(TestTls.socketFactory(gateway.testCaCertificate()))
            .newMessage(sender, ALICE, subject, "Compte rendu signe.");
        message.saveChanges();
        javax.mail.internet.MimeMessage signed = new org.santegateway.smime.SmimeOutbound(Clock.systemUTC())
            .sign(message, org.santegateway.smime.certificates.SigningIdentity.of(signer.keyPair().getPrivate(), signer.certificate()));
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        signed.writeTo(raw);

        try (SmtpDialog dialog = operatorSession(goodClient)) {
            assertThat(dialog.send("MAIL FROM:<" + sender + ">")).startsWith("250");
            assertThat(dialog.send("RCPT TO:<" + ALICE + ">")).startsWith("250");
            assertThat(dialog.send("DATA")).startsWith("354");
            String data = raw.toString(StandardCharsets.US_ASCII).replace("\r\n.", "\r\n..");
            assertThat(dialog.send(data + (data.endsWith("\r\n") ? "" : "\r\n") + ".")).startsWith("250");
        }
        // WebAdmin names a repository by its path, without the protocol.
        String quarantine = "/mailRepositories/" + java.net.URLEncoder.encode("var/mail/quarantine/", StandardCharsets.UTF_8) + "/mails";
        String key = await().atMost(WAIT).pollInterval(Duration.ofMillis(300))
            .until(() -> quarantinedKeys(quarantine), keys -> !keys.isEmpty()).get(0);
        Mailboxes mailboxes = new Mailboxes(TestTls.socketFactory(gateway.testCaCertificate()));
        assertThat(mailboxes.find(gateway.imapsPort(), ALICE, PASSWORD, subject)).isEmpty();

        // The refresh job brings a current CRL; the operator replays the quarantined message.
        PemFiles.writeCrl(signerCrlFile, signerCa.issueCrl(List.of(), Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(3)),
            BigInteger.valueOf(CRL_NUMBER.incrementAndGet())));
        assertThat(webAdmin("POST", "/gateway/crls/reload").statusCode()).isEqualTo(200);
        HttpResponse<String> replay = webAdmin("PATCH", quarantine + "/" + java.net.URLEncoder.encode(key, StandardCharsets.UTF_8)
            + "?action=reprocess&processor=transport");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(201);

        Mailboxes.Received delivered = await().atMost(WAIT).pollInterval(Duration.ofMillis(300))
            .until(() -> mailboxes.find(gateway.imapsPort(), ALICE, PASSWORD, subject), java.util.Optional::isPresent).get();
        assertThat(delivered.body()).contains("Compte rendu signe.");
        assertThat(delivered.header("X-Gateway-Smime-Signer")).contains("CN=Dr Dan");
        assertThat(quarantinedKeys(quarantine)).doesNotContain(key);
    }

    private static List<String> quarantinedKeys(String quarantine) throws Exception {
        HttpResponse<String> listing = webAdmin("GET", quarantine);
        assertThat(listing.statusCode()).as(listing.body()).isEqualTo(200);
        assertThat(listing.body()).startsWith("[");
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"([^\"]+)\"").matcher(listing.body());
        List<String> keys = new java.util.ArrayList<>();
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }
        return keys;
    }

    static X509CRL currentCrl(IssuedCertificate... revoked) {
        return ca.issueCrl(java.util.Arrays.stream(revoked).map(issued -> issued.certificate().getSerialNumber()).toList(),
            Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(3)), BigInteger.valueOf(CRL_NUMBER.incrementAndGet()));
    }

    static BigInteger number(X509CRL crl) {
        return org.bouncycastle.asn1.ASN1Integer.getInstance(org.bouncycastle.asn1.ASN1OctetString.getInstance(
            crl.getExtensionValue(org.bouncycastle.asn1.x509.Extension.cRLNumber.getId())).getOctets()).getValue();
    }

    /** As the refresh job does it: the new file replaces the old one atomically. */
    static void publish(X509CRL crl) throws IOException {
        PemFiles.writeCrl(crlFile, crl);
    }

    /** Publishes the CRL and has the gateway read it now (WebAdmin). */
    static void inForce(X509CRL crl) throws Exception {
        publish(crl);
        HttpResponse<String> reload = webAdmin("POST", "/gateway/crls/reload");
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        assertThat(reload.body()).contains("\"crlNumber\":\"" + number(crl) + "\"");
    }

    static String mailFrom(IssuedCertificate client) throws Exception {
        try (SmtpDialog dialog = operatorSession(client)) {
            return dialog.send("MAIL FROM:<dr.dan@" + PEER_DOMAIN + ">");
        }
    }

    /** A session on the operators' port, after STARTTLS with the client certificate and the second EHLO. */
    static SmtpDialog operatorSession(IssuedCertificate client) throws Exception {
        SSLSocketFactory factory = TestTls.clientSocketFactory(ca.certificate(), client);
        SmtpDialog dialog = SmtpDialog.connect(gateway.operatorsSmtpPort());
        dialog.read();
        dialog.send("EHLO peer-a.test");
        assertThat(dialog.startTls(factory)).startsWith("220");
        assertThat(dialog.send("EHLO peer-a.test")).startsWith("250");
        return dialog;
    }

    static HttpResponse<String> webAdmin(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.webAdminPort() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
