package org.santegateway.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.mail.Message;
import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.admin.WebAdminTokens;
import org.santegateway.server.pki.dev.IssuedCertificate;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority;
import org.santegateway.server.testing.GatewayProcess;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.Mailboxes;
import org.santegateway.server.testing.SmtpDialog;
import org.santegateway.server.testing.TestTls;

/**
 * Two gateways of the trust space, A (in this JVM) and B (in a process of its own), sharing a
 * test CA, each with its own data directory, operator certificate and S/MIME domain certificate: a professional on A writes to a professional on B; the message leaves A
 * signed and encrypted over mutual TLS, B decrypts and verifies it, and B's user reads it in clear
 * over IMAP with the verified signer. B's operators' port refuses a non-listed domain, a
 * certificate of another CA, no certificate, and a listed domain presented with another operator's
 * certificate.
 */
class TrustSpaceIntegrationTest {
    static final String DOMAIN_A = "gateway-a.test";
    static final String DOMAIN_B = "gateway-b.test";
    static final String DOMAIN_OTHER = "other-operator.test";
    static final String OPERATOR_A = "CN=mx.gateway-a.test, OU=MSSante operator, O=Sante Gateway development PKI, C=FR";
    static final String OPERATOR_B = "CN=mx.gateway-b.test, OU=MSSante operator, O=Sante Gateway development PKI, C=FR";
    static final String OPERATOR_OTHER = "CN=mx.other-operator.test, OU=MSSante operator, O=Sante Gateway development PKI, C=FR";
    static final String ALICE = "dr.alice@" + DOMAIN_A;
    static final String BOB = "dr.bob@" + DOMAIN_B;
    /** A professional on A whose own S/MIME certificate the gateway holds. */
    static final String CLAIRE = "dr.claire@" + DOMAIN_A;
    static final String CLAIRE_SUBJECT = "CN=Dr Claire Personnelle, O=Gateway A test, C=FR";
    static final String PASSWORD = "correct horse battery staple";
    static final Duration DELIVERY = Duration.ofSeconds(60);

    @TempDir
    static Path root;
    static DevelopmentCertificateAuthority ca;
    static GatewayProcess gatewayB;
    static GatewaySettings settingsB;
    static int operatorsPortB;
    static int imapsPortB;
    static GatewayTestServer gatewayA;
    static SSLSocketFactory tls;

    @BeforeAll
    static void start() throws Exception {
        Path caDirectory = Files.createDirectories(root.resolve("shared-ca"));
        ca = DevelopmentCertificateAuthority.create(Clock.systemUTC());
        Path caCertificate = caDirectory.resolve("test-ca.pem");
        Path caKey = caDirectory.resolve("test-ca.key");
        ca.writeTo(caCertificate, caKey);

        // B, the other operator, in a process of its own (one gateway per JVM: JMX names, the
        // embedded broker's name and the relay's TLS client are per process).
        settingsB = new GatewaySettings(root.resolve("b/config"), root.resolve("b/data"));
        GatewayTestServer.copyConfiguration(settingsB.configDirectory(), GatewayTestServer.freePort(), true);
        Files.createDirectories(settingsB.certsDirectory());
        Files.copy(caCertificate, settingsB.certsDirectory().resolve("test-ca.pem"));
        Files.copy(caKey, settingsB.certsDirectory().resolve("test-ca.key"));
        appendProperties(settingsB, OPERATOR_B, DOMAIN_B, "");
        gatewayB = GatewayProcess.start(settingsB, root.resolve("b.out"));
        operatorsPortB = GatewayProcess.bindPort(settingsB, "smtpserver.xml", 0);
        imapsPortB = GatewayProcess.bindPort(settingsB, "imapserver.xml", 1);
        assertThat(GatewayProcess.cli(settingsB, "AddDomain", DOMAIN_B)).isZero();
        assertThat(GatewayProcess.cli(settingsB, "AddUser", BOB, PASSWORD)).isZero();

        gatewayA = GatewayTestServer.prepare(root.resolve("a")).withCertificateAuthority(caCertificate, caKey);
        Path personal = Files.createDirectories(gatewayA.settings().certsDirectory().resolve("smime"));
        ca.issueEndEntity(CLAIRE_SUBJECT, List.of(), List.of(CLAIRE), Duration.ofDays(30))
            .writeTo(personal.resolve(CLAIRE + ".pem"), personal.resolve(CLAIRE + ".key"));
        Path certificateOfB = settingsB.certsDirectory().resolve("smime").resolve(DOMAIN_B + ".pem");
        // A's route to B: a static relay route to B's operators' port on loopback (the name its certificate has).
        // The other operator is down: its route leads to a port nobody listens on.
        appendProperties(gatewayA.settings(), OPERATOR_A, DOMAIN_A, "smime.certificate." + DOMAIN_B + "=" + certificateOfB + "\n"
            + "smime.certificate." + DOMAIN_OTHER + "=" + certificateOfB + "\n"
            + "relay.routes=" + DOMAIN_B + "=localhost:" + operatorsPortB + "," + DOMAIN_OTHER + "=localhost:"
            + GatewayTestServer.freePort() + "\n");
        gatewayA.start();
        gatewayA.data().addDomain(DOMAIN_A);
        gatewayA.data().addUser(ALICE, PASSWORD);
        gatewayA.data().addUser(CLAIRE, PASSWORD);

        tls = TestTls.socketFactory(caCertificate);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gatewayA != null) {
            gatewayA.close();
        }
        if (gatewayB != null) {
            gatewayB.close();
        }
    }

    static void appendProperties(GatewaySettings settings, String operatorSubject, String smimeDomain, String extra) throws IOException {
        String lines = "\noperator.certificate.subject=" + operatorSubject + "\n"
            + "smime.domains=" + smimeDomain + "\n"
            + "postmaster.address=postmaster@" + smimeDomain + "\n"
            + "trust.local.a=" + DOMAIN_A + " " + OPERATOR_A + "\n"
            + "trust.local.b=" + DOMAIN_B + " " + OPERATOR_B + "\n"
            + "trust.local.other=" + DOMAIN_OTHER + " " + OPERATOR_OTHER + "\n"
            + extra;
        Files.writeString(settings.file("gateway.properties"), lines, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    @Test
    void messageShouldCrossSignedAndEncryptedAndBeReadInClearWithTheVerifiedSigner() throws Exception {
        String subject = "Compte rendu " + UUID.randomUUID();
        MailClients clients = new MailClients(tls);
        MimeMessage message = clients.newMessage(ALICE, BOB, subject, "Compte rendu de consultation");
        message.setHeader("X-Gateway-Smime-Signer", "CN=forged");
        clients.sendStartTls(gatewayA.submissionPort(), ALICE, PASSWORD, message);

        Received received = await().atMost(DELIVERY).pollInterval(Duration.ofMillis(500))
            .until(() -> find(imapsPortB, BOB, subject), Optional::isPresent).get();

        assertThat(received.body()).contains("Compte rendu de consultation");
        assertThat(received.signer()).contains("CN=" + DOMAIN_A).doesNotContain("forged");
        // Set by B's inbound S/MIME step from what it removed: the message crossed encrypted and signed.
        assertThat(received.protection()).contains("encrypted=").contains("signed=");
        assertThat(received.nil()).isEqualTo("SanteGateway/1.0");
    }

    @Test
    void operatorsPortShouldRefuseADomainThatIsNotOnTheTrustList() throws Exception {
        try (SmtpDialog dialog = operatorSession(clientFactory(ca.issueEndEntity(OPERATOR_A, List.of("localhost"), List.of(),
            Duration.ofDays(1))))) {
            assertThat(dialog.send("MAIL FROM:<someone@not-listed.example>")).startsWith("550").contains("trust list");
        }
    }

    @Test
    void operatorsPortShouldRefuseAListedDomainPresentedWithAnotherOperatorsCertificate() throws Exception {
        try (SmtpDialog dialog = operatorSession(clientFactory(ca.issueEndEntity(OPERATOR_OTHER, List.of("localhost"), List.of(),
            Duration.ofDays(1))))) {
            assertThat(dialog.send("MAIL FROM:<" + ALICE + ">")).startsWith("550").contains("not that of an operator listed");
        }
    }

    @Test
    void operatorsPortShouldAcceptTheListedOperatorForLocalRecipientsOnly() throws Exception {
        try (SmtpDialog dialog = operatorSession(clientFactory(ca.issueEndEntity(OPERATOR_A, List.of("localhost"), List.of(),
            Duration.ofDays(1))))) {
            assertThat(dialog.send("MAIL FROM:<" + ALICE + ">")).startsWith("250");
            assertThat(dialog.send("RCPT TO:<someone@" + DOMAIN_OTHER + ">")).startsWith("5");
            assertThat(dialog.send("RCPT TO:<" + BOB + ">")).startsWith("250");
        }
    }

    @Test
    void operatorsPortShouldRefuseACertificateOfAnotherCa() {
        DevelopmentCertificateAuthority stranger = DevelopmentCertificateAuthority.create(Clock.systemUTC());
        SSLSocketFactory factory = clientFactory(stranger.issueEndEntity(OPERATOR_A, List.of("localhost"), List.of(), Duration.ofDays(1)));
        assertThatThrownBy(() -> {
            try (SmtpDialog dialog = operatorSession(factory)) {
                dialog.send("MAIL FROM:<" + ALICE + ">");
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void operatorsPortShouldRefuseAClientWithoutCertificate() {
        assertThatThrownBy(() -> {
            try (SmtpDialog dialog = operatorSession(tls)) {
                dialog.send("MAIL FROM:<" + ALICE + ">");
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void relayShouldBounceARecipientOutsideTheTrustSpace() throws Exception {
        String subject = "Hors liste " + UUID.randomUUID();
        MailClients clients = new MailClients(tls);
        clients.sendStartTls(gatewayA.submissionPort(), ALICE, PASSWORD, clients.newMessage(ALICE, "someone@not-listed.example", subject, "x"));

        await().atMost(DELIVERY).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
            assertThat(inboxTexts(gatewayA.imapsPort(), ALICE)).anySatisfy(text ->
                assertThat(text).contains("not on the MSSante trust list").contains("someone@not-listed.example")));
    }

    @Test
    void aProfessionalWhoseCertificateTheGatewayHoldsShouldSignWithIt() throws Exception {
        String subject = "Signature personnelle " + UUID.randomUUID();
        MailClients clients = new MailClients(tls);
        clients.sendStartTls(gatewayA.submissionPort(), CLAIRE, PASSWORD, clients.newMessage(CLAIRE, BOB, subject, "Signe par Claire"));

        Received received = await().atMost(DELIVERY).pollInterval(Duration.ofMillis(500))
            .until(() -> find(imapsPortB, BOB, subject), Optional::isPresent).get();

        assertThat(received.body()).contains("Signe par Claire");
        assertThat(received.signer()).contains("CN=Dr Claire Personnelle").doesNotContain("CN=" + DOMAIN_A);
        assertThat(received.protection()).contains("encrypted=").contains("signed=");
    }

    @Test
    void aPeerThatIsDownShouldNotHoldDeliveryToTheOthersAndItsMailWaitsForARetry() throws Exception {
        String subject = "Deux operateurs " + UUID.randomUUID();
        String carol = "dr.carol@" + DOMAIN_OTHER;
        MailClients clients = new MailClients(tls);
        MimeMessage message = clients.newMessage(ALICE, BOB, subject, "Pour deux operateurs");
        message.addRecipient(Message.RecipientType.CC, new javax.mail.internet.InternetAddress(carol));
        message.saveChanges();
        clients.sendStartTls(gatewayA.submissionPort(), ALICE, PASSWORD, message);

        await().atMost(DELIVERY).pollInterval(Duration.ofMillis(500)).until(() -> find(imapsPortB, BOB, subject), Optional::isPresent);
        String token = WebAdminTokens.fromDataDirectory(gatewayA.settings(), Clock.systemUTC()).issue("admin", Duration.ofMinutes(5));
        // The copy for the operator that is down waits in the outgoing queue for its next attempt: no bounce yet.
        await().atMost(DELIVERY).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
            assertThat(webAdmin(gatewayA.webAdminPort(), "GET", "/mailQueues/outgoing/mails", token).body())
                .contains(carol).contains("nextDelivery"));
        assertThat(inboxTexts(gatewayA.imapsPort(), ALICE)).noneSatisfy(text -> assertThat(text).contains(carol));
    }

    @Test
    void unsignedMailFromAListedOperatorShouldBeQuarantinedNotDelivered() throws Exception {
        String subject = "Non signe " + UUID.randomUUID();
        try (SmtpDialog dialog = operatorSession(clientFactory(ca.issueEndEntity(OPERATOR_A, List.of("localhost"), List.of(),
            Duration.ofDays(1))))) {
            assertThat(dialog.send("MAIL FROM:<" + ALICE + ">")).startsWith("250");
            assertThat(dialog.send("RCPT TO:<" + BOB + ">")).startsWith("250");
            assertThat(dialog.send("DATA")).startsWith("354");
            assertThat(dialog.send("From: <" + ALICE + ">\r\nTo: <" + BOB + ">\r\nSubject: " + subject
                + "\r\nX-Gateway-Smime-Signer: CN=forged\r\n\r\nEn clair.\r\n.")).startsWith("250");
        }
        String token = WebAdminTokens.fromDataDirectory(settingsB, Clock.systemUTC()).issue("admin", Duration.ofMinutes(5));
        int webAdminPort = Integer.parseInt(Files.readAllLines(settingsB.file("webadmin.properties")).stream()
            .filter(line -> line.startsWith("port=")).findFirst().orElseThrow().substring("port=".length()).strip());
        await().atMost(DELIVERY).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> listing = webAdmin(webAdminPort, "GET", "/mailRepositories/" + QUARANTINE + "/mails", token);
            assertThat(listing.statusCode()).isEqualTo(200);
            assertThat(listing.body()).startsWith("[").isNotEqualTo("[]");
        });
        assertThat(find(imapsPortB, BOB, subject)).isEmpty();
    }

    @Test
    void trustListRoutesShouldShowTheListAndRefuseABadFileKeepingTheListInForce() throws Exception {
        String token = WebAdminTokens.fromDataDirectory(gatewayA.settings(), Clock.systemUTC()).issue("admin", Duration.ofMinutes(5));
        HttpResponse<String> status = webAdmin(gatewayA.webAdminPort(), "GET", "/gateway/trust-list", token);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"sha256\"").contains("\"domains\"");
        assertThat(webAdmin(gatewayA.webAdminPort(), "POST", "/gateway/trust-list/reload", token).body()).contains("\"unchanged\"");
        assertThat(webAdmin(gatewayA.webAdminPort(), "GET", "/gateway/trust-list", null).statusCode()).isEqualTo(401);
        assertThat(webAdmin(gatewayA.webAdminPort(), "GET", "/gateway/metrics", token).body()).contains("gateway_trust_list_domains");

        Path list = gatewayA.settings().file("liste-blanche-mssante.xml");
        String original = Files.readString(list, StandardCharsets.UTF_8);
        Files.writeString(list, original.substring(0, original.length() / 2), StandardCharsets.UTF_8);
        try {
            HttpResponse<String> rejected = webAdmin(gatewayA.webAdminPort(), "POST", "/gateway/trust-list/reload", token);
            assertThat(rejected.statusCode()).isEqualTo(409);
            assertThat(rejected.body()).contains("\"rejected\"");
            assertThat(webAdmin(gatewayA.webAdminPort(), "GET", "/healthcheck/checks/TrustList", token).body()).contains("degraded");
            assertThat(webAdmin(gatewayA.webAdminPort(), "GET", "/gateway/trust-list", token).body())
                .contains(status.body().substring(status.body().indexOf("\"domains\""), status.body().indexOf(",", status.body().indexOf("\"domains\""))));
        } finally {
            Files.writeString(list, original, StandardCharsets.UTF_8);
        }
        assertThat(webAdmin(gatewayA.webAdminPort(), "POST", "/gateway/trust-list/reload", token).body()).contains("\"unchanged\"");
        assertThat(webAdmin(gatewayA.webAdminPort(), "GET", "/healthcheck/checks/TrustList", token).body()).contains("healthy")
            .doesNotContain("degraded");
    }

    @Test
    void trustListReloadThroughWebAdminShouldTakeAListWithMalformedEntriesAndSaySo() throws Exception {
        String token = WebAdminTokens.fromDataDirectory(gatewayA.settings(), Clock.systemUTC()).issue("admin", Duration.ofMinutes(5));
        Path list = gatewayA.settings().file("liste-blanche-mssante.xml");
        String original = Files.readString(list, StandardCharsets.UTF_8);
        TrustListHealthCheckTest.publish(list, TrustListHealthCheckTest.withPublishedDefects(original));
        try {
            // The poll may have taken the file first: then the reload finds it in force already.
            HttpResponse<String> reloaded = webAdmin(gatewayA.webAdminPort(), "POST", "/gateway/trust-list/reload", token);
            assertThat(reloaded.statusCode()).isEqualTo(200);
            assertThat(reloaded.body()).containsAnyOf("\"swapped\"", "\"unchanged\"");

            assertThat(webAdmin(gatewayA.webAdminPort(), "GET", "/gateway/trust-list", token).body())
                .containsPattern("\"skippedEntries\"\\s*:\\s*3").contains("Nom is an e-mail address, not a domain name")
                .doesNotContain("sessad");
            assertThat(webAdmin(gatewayA.webAdminPort(), "GET", "/healthcheck/checks/TrustList", token).body())
                .contains("degraded", "3 entries skipped");
            assertThat(webAdmin(gatewayA.webAdminPort(), "GET", "/gateway/metrics", token).body())
                .containsPattern("gateway_trust_list_skipped_entries(\\{[^}]*\\})? 3\\.0");
        } finally {
            TrustListHealthCheckTest.publish(list, original);
        }
        assertThat(webAdmin(gatewayA.webAdminPort(), "POST", "/gateway/trust-list/reload", token).statusCode()).isEqualTo(200);
        assertThat(webAdmin(gatewayA.webAdminPort(), "GET", "/healthcheck/checks/TrustList", token).body()).contains("healthy")
            .doesNotContain("degraded");
    }

    /** WebAdmin names a repository by its path, without the protocol. */
    static final String QUARANTINE = URLEncoder.encode("var/mail/quarantine/", StandardCharsets.UTF_8);

    static HttpResponse<String> webAdmin(int port, String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> inboxTexts(int imapsPort, String user) throws Exception {
        return new Mailboxes(tls).inbox(imapsPort, user, PASSWORD).stream().map(Mailboxes.Received::body).toList();
    }

    static SmtpDialog operatorSession(SSLSocketFactory factory) throws IOException {
        SmtpDialog dialog = SmtpDialog.connect(operatorsPortB);
        dialog.read();
        dialog.send("EHLO peer.test");
        String reply = dialog.startTls(factory);
        assertThat(reply).startsWith("220");
        // With TLS 1.3 the server checks the client certificate after the client's handshake: a
        // refusal shows on the next exchange.
        assertThat(dialog.send("EHLO peer.test")).startsWith("250");
        return dialog;
    }

    static SSLSocketFactory clientFactory(IssuedCertificate certificate) {
        return TestTls.clientSocketFactory(ca.certificate(), certificate);
    }

    record Received(String body, String signer, String protection, String nil) {
    }

    static Optional<Received> find(int imapsPort, String user, String subject) throws Exception {
        return new Mailboxes(tls).find(imapsPort, user, PASSWORD, subject)
            .map(message -> new Received(message.body(), message.header("X-Gateway-Smime-Signer"),
                message.header("X-Gateway-Smime-Protection"), message.header("X-MSS-NIL")));
    }
}
