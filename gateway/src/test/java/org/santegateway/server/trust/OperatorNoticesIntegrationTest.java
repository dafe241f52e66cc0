package org.santegateway.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.activation.DataHandler;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;
import javax.net.ssl.SSLSocketFactory;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.admin.WebAdminTokens;
import org.santegateway.server.dmp.DmpTestDocuments;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority.Purpose;
import org.santegateway.server.testing.GatewayProcess;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.Mailboxes;
import org.santegateway.server.testing.SmtpDialog;
import org.santegateway.server.testing.TestTls;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * The notices of two gateways of the trust space, A (in this JVM) and B (in a process of its own,
 * restarted by the tests): a message B refuses is answered by a notice from B's postmaster that
 * reaches the sender's mailbox on A, signed by B and verified by A, quarantined on neither side; an
 * MDN B sends to A (the acknowledgement of documents filed for a patient of B) arrives once however
 * often B restarts; a notice B refuses is never answered.
 */
class OperatorNoticesIntegrationTest {
    static final String DOMAIN_A = "gateway-a.test";
    static final String DOMAIN_B = "gateway-b.test";
    static final String PATIENTS_B = "patient.gateway-b.test";
    static final String OPERATOR_A = "CN=mx.gateway-a.test, OU=MSSante operator, O=Sante Gateway development PKI, C=FR";
    static final String OPERATOR_B = "CN=mx.gateway-b.test, OU=MSSante operator, O=Sante Gateway development PKI, C=FR";
    static final String ALICE = "dr.alice@" + DOMAIN_A;
    static final String BOB = "dr.bob@" + DOMAIN_B;
    static final String PATIENT = DmpTestDocuments.ins("1850575123456") + "@" + PATIENTS_B;
    static final String PASSWORD = "correct horse battery staple";
    /** Long enough for one retry of each hop (RemoteDelivery retries after a minute). */
    static final Duration DELIVERY = Duration.ofMinutes(3);
    static final Duration SLOW_DELIVERY = Duration.ofSeconds(30);
    static final String QUARANTINE = URLEncoder.encode("var/mail/quarantine/", StandardCharsets.UTF_8);
    static final String ERROR = URLEncoder.encode("var/mail/error/", StandardCharsets.UTF_8);
    static final String UNANSWERED = URLEncoder.encode("var/mail/unanswered-notices/", StandardCharsets.UTF_8);

    @TempDir
    static Path root;
    static DevelopmentCertificateAuthority ca;
    static GatewaySettings settingsB;
    static GatewayProcess gatewayB;
    static GatewayTestServer gatewayA;
    static SSLSocketFactory tls;
    static int restarts;
    /** What A's remote delivery logs (its attempts and their failures are INFO lines), for the explanation of a late delivery. */
    static final Logger REMOTE_DELIVERY_OF_A = (Logger) LoggerFactory.getLogger("org.apache.james.transport.mailets.remote");
    static final Queue<String> remoteDeliveryOfA = new ConcurrentLinkedQueue<>();
    static final AppenderBase<ILoggingEvent> remoteDeliveryLines = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            remoteDeliveryOfA.add(Instant.ofEpochMilli(event.getTimeStamp()) + " " + event.getLevel() + " [" + event.getThreadName() + "] "
                + event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : " (" + event.getThrowableProxy().getMessage() + ")"));
            while (remoteDeliveryOfA.size() > 200) {
                remoteDeliveryOfA.poll();
            }
        }
    };

    @BeforeAll
    static void start() throws Exception {
        remoteDeliveryLines.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        remoteDeliveryLines.start();
        REMOTE_DELIVERY_OF_A.addAppender(remoteDeliveryLines);
        REMOTE_DELIVERY_OF_A.setAdditive(false);
        REMOTE_DELIVERY_OF_A.setLevel(Level.INFO);
        Path caDirectory = Files.createDirectories(root.resolve("shared-ca"));
        ca = DevelopmentCertificateAuthority.create(Clock.systemUTC());
        Path caCertificate = caDirectory.resolve("test-ca.pem");
        Path caKey = caDirectory.resolve("test-ca.key");
        ca.writeTo(caCertificate, caKey);
        tls = TestTls.socketFactory(caCertificate);

        // B's configuration and domain certificate first: A encrypts for it.
        settingsB = new GatewaySettings(root.resolve("b/config"), root.resolve("b/data"));
        GatewayTestServer.copyConfiguration(settingsB.configDirectory(), GatewayTestServer.freePort(), true);
        Path smimeB = Files.createDirectories(settingsB.certsDirectory().resolve("smime"));
        Files.copy(caCertificate, settingsB.certsDirectory().resolve("test-ca.pem"));
        Files.copy(caKey, settingsB.certsDirectory().resolve("test-ca.key"));
        Path certificateOfB = smimeB.resolve(DOMAIN_B + ".pem");
        ca.issueEndEntity("CN=" + DOMAIN_B + ", OU=MSSante domain, O=" + DevelopmentCertificateAuthority.ORGANIZATION + ", C=FR", List.of(),
            List.of(), Duration.ofDays(825), EnumSet.of(Purpose.EMAIL_PROTECTION)).writeTo(certificateOfB, smimeB.resolve(DOMAIN_B + ".key"));
        int operatorsPortB = GatewayProcess.bindPort(settingsB, "smtpserver.xml", 0);

        gatewayA = GatewayTestServer.prepare(root.resolve("a")).withCertificateAuthority(caCertificate, caKey);
        append(gatewayA.settings(), OPERATOR_A, DOMAIN_A, "smime.certificate." + DOMAIN_B + "=" + certificateOfB + "\n"
            + "smime.certificate." + PATIENTS_B + "=" + certificateOfB + "\n"
            + "relay.routes=" + DOMAIN_B + "=localhost:" + operatorsPortB + "," + PATIENTS_B + "=localhost:" + operatorsPortB + "\n");
        gatewayA.start();
        gatewayA.data().addDomain(DOMAIN_A);
        gatewayA.data().addUser(ALICE, PASSWORD);

        Path certificateOfA = gatewayA.settings().certsDirectory().resolve("smime").resolve(DOMAIN_A + ".pem");
        append(settingsB, OPERATOR_B, DOMAIN_B, "patient.domains=" + PATIENTS_B + "\n"
            + "smime.certificate." + DOMAIN_A + "=" + certificateOfA + "\n"
            + "relay.routes=" + DOMAIN_A + "=localhost:" + gatewayA.operatorsSmtpPort() + "\n");
        gatewayB = GatewayProcess.start(settingsB, root.resolve("b.out"));
        assertThat(GatewayProcess.bindPort(settingsB, "smtpserver.xml", 0))
            .as("B's operators' port, where A relays (B came up on other ports: one was taken when it started)").isEqualTo(operatorsPortB);
        assertThat(GatewayProcess.cli(settingsB, "AddDomain", DOMAIN_B)).isZero();
        assertThat(GatewayProcess.cli(settingsB, "AddDomain", PATIENTS_B)).isZero();
        assertThat(GatewayProcess.cli(settingsB, "AddUser", BOB, PASSWORD)).isZero();
        assertThat(GatewayProcess.cli(settingsB, "AddUser", PATIENT, PASSWORD)).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        REMOTE_DELIVERY_OF_A.setLevel(null);
        REMOTE_DELIVERY_OF_A.setAdditive(true);
        REMOTE_DELIVERY_OF_A.detachAppender(remoteDeliveryLines);
        remoteDeliveryLines.stop();
        if (gatewayA != null) {
            gatewayA.close();
        }
        if (gatewayB != null) {
            gatewayB.close();
        }
    }

    static void append(GatewaySettings settings, String operatorSubject, String domain, String extra) throws IOException {
        Files.writeString(settings.file("gateway.properties"), "\noperator.certificate.subject=" + operatorSubject + "\n"
            + "smime.domains=" + domain + "\n"
            + "postmaster.address=postmaster@" + domain + "\n"
            + "trust.local.a=" + DOMAIN_A + " " + OPERATOR_A + "\n"
            + "trust.local.b=" + DOMAIN_B + " " + OPERATOR_B + "\n"
            + "trust.local.patients=" + PATIENTS_B + " " + OPERATOR_B + "\n"
            + extra, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    @Test
    void messageRefusedByBShouldBeAnsweredByANoticeSignedByBInTheSendersMailboxOnA() throws Exception {
        String subject = "Non signe " + UUID.randomUUID();
        int quarantinedOnB = repositorySize(QUARANTINE);

        sendAsOperatorA("<" + ALICE + ">", BOB, "From: <" + ALICE + ">\r\nTo: <" + BOB + ">\r\nSubject: " + subject + "\r\n\r\nEn clair.\r\n");

        Mailboxes.Received notice = await().atMost(DELIVERY).pollInterval(Duration.ofMillis(500))
            .until(() -> inbox().stream().filter(message -> message.body().contains(subject)).findFirst(), java.util.Optional::isPresent)
            .get();
        assertThat(notice.body()).contains("S/MIME protection could not be verified");
        assertThat(notice.header("From")).contains("postmaster@" + DOMAIN_B);
        // Verified by A's inbound S/MIME step: signed with B's domain certificate.
        assertThat(notice.header("X-Gateway-Smime-Signer")).contains("CN=" + DOMAIN_B);
        assertThat(notice.header("X-Gateway-Smime-Protection")).contains("signed=");
        // The refused message is quarantined on B, once; its notice on neither side.
        assertThat(repositorySize(QUARANTINE)).isEqualTo(quarantinedOnB + 1);
        assertThat(entries(webAdminA("/mailRepositories/" + QUARANTINE + "/mails"))).isZero();
    }

    @Test
    void noticeRefusedByBShouldNeverBeAnswered() throws Exception {
        String dsnSubject = "Rapport " + UUID.randomUUID();
        String mdnSubject = "Accuse " + UUID.randomUUID();
        String sentinel = "Temoin " + UUID.randomUUID();
        int quarantinedOnB = repositorySize(QUARANTINE);

        // Unsigned, so quarantined by B: a DSN (null sender) and an MDN with a sender (multipart/report).
        sendAsOperatorA("<>", BOB, report(dsnSubject, "delivery-status"));
        sendAsOperatorA("<" + ALICE + ">", BOB, report(mdnSubject, "disposition-notification"));
        // An ordinary unsigned message after them: its notice comes back, theirs would have come first.
        sendAsOperatorA("<" + ALICE + ">", BOB, "From: <" + ALICE + ">\r\nTo: <" + BOB + ">\r\nSubject: " + sentinel + "\r\n\r\nEn clair.\r\n");

        awaitOrExplain("the notice of the sentinel in Alice's mailbox", () -> inbox().stream().anyMatch(message -> message.body().contains(sentinel)));
        awaitOrExplain("B's queues empty, three mails quarantined", () -> queuesOfBAreEmpty() && repositorySize(QUARANTINE) == quarantinedOnB + 3);
        assertThat(inbox()).noneSatisfy(message -> assertThat(message.body()).containsAnyOf(dsnSubject, mdnSubject));
    }

    @Test
    void mdnRelayedByBShouldArriveOnceAcrossTwoRestartsOfB() throws Exception {
        String subject = "Compte rendu " + UUID.randomUUID();
        String ordinary = "Courrier ordinaire " + UUID.randomUUID();
        MimeMessage documents = documentsFor(PATIENT, subject);
        String messageId = documents.getMessageID();
        new MailClients(tls).sendStartTls(gatewayA.submissionPort(), ALICE, PASSWORD, documents);
        // B files the document for its patient and acknowledges it to Alice with an MDN.
        awaitOrExplain("the MDN of B in Alice's mailbox", () -> acknowledgements(messageId) == 1);
        new MailClients(tls).sendStartTls(submissionPortOfB(), BOB, PASSWORD, new MailClients(tls).newMessage(BOB, ALICE, ordinary, "Bonjour"));
        awaitOrExplain("Bob's message in Alice's mailbox", () -> copies(ordinary) == 1);

        // Restarted as soon as the peer has them: nothing may replay what it accepted with 250.
        for (int restart = 0; restart < 2; restart++) {
            restartB();
            // What B replays at start leaves before (or with) a message sent after the start.
            String canary = "Canari " + UUID.randomUUID();
            new MailClients(tls).sendStartTls(submissionPortOfB(), BOB, PASSWORD, new MailClients(tls).newMessage(BOB, ALICE, canary, "Canari"));
            awaitOrExplain("the canary in Alice's mailbox", () -> copies(canary) == 1);
            awaitOrExplain("B's queues empty", OperatorNoticesIntegrationTest::queuesOfBAreEmpty);
        }

        assertThat(acknowledgements(messageId)).isEqualTo(1);
        assertThat(copies(ordinary)).isEqualTo(1);
    }

    /**
     * Waits for a delivery; when it does not come, fails with what the two gateways hold and what B
     * logged about it (B runs in a process of its own: its log is otherwise lost with the test).
     */
    static void awaitOrExplain(String what, Callable<Boolean> condition) throws Exception {
        long start = System.nanoTime();
        try {
            await().atMost(DELIVERY).pollInterval(Duration.ofMillis(500)).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + ": not within " + DELIVERY + "\n" + stateOfBothGateways(), e);
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        if (waited.compareTo(SLOW_DELIVERY) > 0) {
            // Delivered, but late (a delivery attempt that failed and was retried): say why in the build's output.
            System.err.println(what + ": after " + waited.toSeconds() + " s\n" + stateOfBothGateways());
        }
    }

    static String stateOfBothGateways() {
        StringBuilder state = new StringBuilder();
        try {
            state.append("B: spool ").append(queueSize("spool")).append(", outgoing ").append(queueSize("outgoing"))
                .append(", error repository ").append(repositorySize(ERROR)).append(", quarantine ").append(repositorySize(QUARANTINE))
                .append("\nA: spool ").append(queueSize(webAdminA("/mailQueues/spool"))).append(", outgoing ")
                .append(queueSize(webAdminA("/mailQueues/outgoing")))
                .append(", error repository ").append(entries(webAdminA("/mailRepositories/" + ERROR + "/mails")))
                .append(", quarantine ").append(entries(webAdminA("/mailRepositories/" + QUARANTINE + "/mails")));
            List<String> lines = gatewayB.console().lines()
                .filter(line -> line.contains("WARN") || line.contains("ERROR") || line.contains("MailDelivrerToHost")
                    || line.contains("spooled") || line.contains("Storing mail") || line.contains("Local delivered"))
                .toList();
            state.append("\nB's log (deliveries, warnings, errors):\n")
                .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
            List<String> ofA = List.copyOf(remoteDeliveryOfA);
            state.append("\nA's remote delivery log:\n").append(String.join("\n", ofA.subList(Math.max(0, ofA.size() - 40), ofA.size())));
        } catch (Exception e) {
            state.append("\n(state not readable: ").append(e).append(')');
        }
        return state.toString();
    }

    static void restartB() throws Exception {
        gatewayB.close();
        restarts++;
        gatewayB = GatewayProcess.start(settingsB, root.resolve("b-" + restarts + ".out"));
    }

    static int submissionPortOfB() throws IOException {
        return GatewayProcess.bindPort(settingsB, "smtpserver.xml", 1);
    }

    static List<Mailboxes.Received> inbox() throws Exception {
        return new Mailboxes(tls).inbox(gatewayA.imapsPort(), ALICE, PASSWORD);
    }

    static long copies(String subject) throws Exception {
        return inbox().stream().filter(message -> subject.equals(message.subject())).count();
    }

    static long acknowledgements(String messageId) throws Exception {
        return inbox().stream().filter(message -> message.header("In-Reply-To").equals(messageId)
            && message.header("Content-Type").toLowerCase(java.util.Locale.ROOT).contains("disposition-notification")).count();
    }

    /** A professional's message with a PDF for a patient of B, asking for an MDN, keeping its Message-ID. */
    static MimeMessage documentsFor(String patient, String subject) throws MessagingException {
        String messageId = "<" + UUID.randomUUID() + "@" + DOMAIN_A + ">";
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(ALICE));
        message.addRecipient(Message.RecipientType.TO, new InternetAddress(patient));
        message.setSubject(subject, "UTF-8");
        message.setHeader("Disposition-Notification-To", ALICE);
        MimeMultipart multipart = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Veuillez trouver ci-joint le compte rendu.", "UTF-8");
        multipart.addBodyPart(text);
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new DataHandler(new ByteArrayDataSource(DmpTestDocuments.pdf(20_000, subject.hashCode()), "application/pdf")));
        file.setFileName("compte-rendu.pdf");
        file.setDisposition(MimeBodyPart.ATTACHMENT);
        multipart.addBodyPart(file);
        message.setContent(multipart);
        message.saveChanges();
        return message;
    }

    static String report(String subject, String reportType) {
        return "From: <postmaster@" + DOMAIN_A + ">\r\nTo: <" + BOB + ">\r\nSubject: " + subject + "\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=" + reportType + "; boundary=\"r\"\r\n\r\n"
            + "--r\r\nContent-Type: text/plain\r\n\r\nRapport.\r\n"
            + "--r\r\nContent-Type: message/" + reportType + "\r\n\r\nReporting-MTA: dns; " + DOMAIN_A + "\r\n"
            + "--r--\r\n";
    }

    /** Sends {@code data} on B's operators' port with A's operator certificate (neither signed nor encrypted). */
    static void sendAsOperatorA(String mailFrom, String recipient, String data) throws Exception {
        SSLSocketFactory operatorA = TestTls.clientSocketFactory(ca.certificate(), ca.issueEndEntity(OPERATOR_A, List.of("localhost"),
            List.of(), Duration.ofDays(1)));
        try (SmtpDialog dialog = SmtpDialog.connect(GatewayProcess.bindPort(settingsB, "smtpserver.xml", 0))) {
            dialog.read();
            dialog.send("EHLO peer.test");
            assertThat(dialog.startTls(operatorA)).startsWith("220");
            assertThat(dialog.send("EHLO peer.test")).startsWith("250");
            assertThat(dialog.send("MAIL FROM:" + mailFrom)).startsWith("250");
            assertThat(dialog.send("RCPT TO:<" + recipient + ">")).startsWith("250");
            assertThat(dialog.send("DATA")).startsWith("354");
            assertThat(dialog.send(data + ".")).startsWith("250");
        }
    }

    static boolean queuesOfBAreEmpty() throws Exception {
        return queueSize("spool") == 0 && queueSize("outgoing") == 0;
    }

    static int queueSize(String queue) throws Exception {
        return queueSize(webAdminB("/mailQueues/" + queue));
    }

    static int queueSize(HttpResponse<String> queue) {
        Matcher size = Pattern.compile("\"size\"\\s*:\\s*(\\d+)").matcher(queue.body());
        assertThat(size.find()).isTrue();
        return Integer.parseInt(size.group(1));
    }

    static int repositorySize(String repository) throws Exception {
        return entries(webAdminB("/mailRepositories/" + repository + "/mails"));
    }

    /** The number of mails of a WebAdmin repository listing (a repository never written to is not found). */
    static int entries(HttpResponse<String> listing) {
        if (listing.statusCode() == 404) {
            return 0;
        }
        assertThat(listing.statusCode()).isEqualTo(200);
        String body = listing.body().strip();
        return body.equals("[]") ? 0 : body.split(",").length;
    }

    static HttpResponse<String> webAdminB(String path) throws Exception {
        int port = Integer.parseInt(Files.readAllLines(settingsB.file("webadmin.properties")).stream()
            .filter(line -> line.startsWith("port=")).findFirst().orElseThrow().substring("port=".length()).strip());
        return get(port, path, WebAdminTokens.fromDataDirectory(settingsB, Clock.systemUTC()).issue("admin", Duration.ofMinutes(5)));
    }

    static HttpResponse<String> webAdminA(String path) throws Exception {
        return get(gatewayA.webAdminPort(), path,
            WebAdminTokens.fromDataDirectory(gatewayA.settings(), Clock.systemUTC()).issue("admin", Duration.ofMinutes(5)));
    }

    static HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
