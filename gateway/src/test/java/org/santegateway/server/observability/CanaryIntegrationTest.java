package org.santegateway.server.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.ins.MatriculeIns;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.admin.WebAdminTokens;
import org.santegateway.server.dmp.DmpTestDocuments;
import org.santegateway.server.pki.dev.DevelopmentPki;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority;
import org.santegateway.server.testing.GatewayProcess;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.SmtpDialog;
import org.santegateway.server.testing.TestTls;

/**
 * No health data in logs, audit trail or metrics: messages whose subject, body, attachment name
 * and patient INS carry unique markers go through the accepted, refused, document-filed and
 * document-refused and quarantined (unsigned mail from another operator) paths (and an admin
 * reads the patient's record) of a gateway
 * running in its own process with its shipped logging configuration; then none of the markers may
 * appear in its console output, its log files, its audit trail or its Prometheus output.
 */
class CanaryIntegrationTest {
    static final String DOMAIN = "canari-test.fr";
    static final String PATIENT_DOMAIN = "patient.mssante.fr";
    static final String DOCTOR = "dr.canari@" + DOMAIN;
    static final String PASSWORD = "canary test password";
    static final String OPERATOR_DOMAIN = "operateur-canari.test";
    static final String OPERATOR = "CN=mx.operateur-canari.test, O=Operateur canari, C=FR";

    @TempDir
    Path root;

    @Test
    void markersShouldAppearNowhereOutsideTheMailboxes() throws Exception {
        String marker = HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        String subject = "CanarySubject" + marker;
        String body = "CanaryBody" + marker;
        String fileName = "CanaryFile" + marker + ".pdf";
        String ins = randomIns();
        String patient = ins + "@" + PATIENT_DOMAIN;

        Path config = root.resolve("config");
        GatewayTestServer.copyConfiguration(config, GatewayTestServer.freePort(), true);
        // Another operator of the trust space, for the quarantine path.
        Files.writeString(config.resolve("gateway.properties"), "\ntrust.local.canary=" + OPERATOR_DOMAIN + " " + OPERATOR + "\n",
            StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        GatewaySettings settings = new GatewaySettings(config, root.resolve("data"));
        Path console = root.resolve("console.out");
        try (GatewayProcess gateway = GatewayProcess.start(settings, console)) {
            int submission = GatewayProcess.bindPort(settings, "smtpserver.xml", 1);
            int imaps = GatewayProcess.bindPort(settings, "imapserver.xml", 1);
            sendThroughEveryPath(settings, submission, imaps, subject, body, fileName, ins, patient, marker);
            fileAndReadDocuments(settings, submission, imaps, subject, body, marker, ins, patient);
            quarantineFromAnotherOperator(settings, subject, body, fileName, patient);
            assertNowhere(settings, console, List.of(marker, ins, DOCTOR));
        }
    }

    private void sendThroughEveryPath(GatewaySettings settings, int submission, int imaps, String subject, String body,
                                      String fileName, String ins, String patient, String marker) throws Exception {
        for (String[] command : List.of(
                new String[] {"AddDomain", DOMAIN}, new String[] {"AddDomain", PATIENT_DOMAIN},
                new String[] {"AddUser", DOCTOR, PASSWORD}, new String[] {"AddUser", patient, PASSWORD})) {
            assertThat(GatewayProcess.cli(settings, command)).isZero();
        }
        MailClients clients = new MailClients(TestTls.socketFactory(settings.certsDirectory().resolve("test-ca.pem")));

        // Accepted: a professional writes to the patient, with an attachment.
        clients.sendStartTls(submission, DOCTOR, PASSWORD, withAttachment(DOCTOR, patient, subject, body, fileName));
        await().atMost(60, TimeUnit.SECONDS).untilAsserted(() ->
            assertThat(clients.inboxSubjects(imaps, true, patient, PASSWORD)).contains(subject));
        // Refused in the session: the patient writes to a professional who never wrote to them; a wrong password.
        String stranger = "autre.medecin@" + DOMAIN;
        assertThatThrownBy(() -> clients.sendStartTls(submission, patient, PASSWORD, withAttachment(patient, stranger, subject, body, fileName)))
            .isInstanceOf(MessagingException.class);
        assertThatThrownBy(() -> clients.login(GatewayProcess.bindPort(settings, "imapserver.xml", 0), patient, "wrong " + marker))
            .isInstanceOf(MessagingException.class);
        // Refused at RCPT: a patient-domain address that is not a valid INS (its key is off by one).
        char last = ins.charAt(ins.length() - 1);
        String badIns = ins.substring(0, ins.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
        assertThat(MatriculeIns.isValid(badIns)).isFalse();
        assertThatThrownBy(() -> clients.sendStartTls(submission, DOCTOR, PASSWORD,
                withAttachment(DOCTOR, badIns + "@" + PATIENT_DOMAIN, subject, body, fileName)))
            .isInstanceOf(MessagingException.class);
    }

    /**
     * Filed: an XDM whose CDA names the patient, with the markers in the document and its file
     * name; refused (904): one naming another patient; then an admin lists and fetches the record.
     */
    private void fileAndReadDocuments(GatewaySettings settings, int submission, int imaps, String subject, String body,
                                      String marker, String ins, String patient) throws Exception {
        MailClients clients = new MailClients(TestTls.socketFactory(settings.certsDirectory().resolve("test-ca.pem")));
        byte[] filed = DmpTestDocuments.xdm(DmpTestDocuments.insCx(ins),
            List.of(DmpTestDocuments.Doc.cda("Canary" + marker, ins, body)));
        String other = randomIns();
        byte[] refused = DmpTestDocuments.xdm(DmpTestDocuments.insCx(other),
            List.of(DmpTestDocuments.Doc.cda("Canary" + marker, other, body)));
        clients.sendStartTls(submission, DOCTOR, PASSWORD, withZip(DOCTOR, patient, subject + " filed", body, filed));
        clients.sendStartTls(submission, DOCTOR, PASSWORD, withZip(DOCTOR, patient, subject + " refused", body, refused));
        await().atMost(60, TimeUnit.SECONDS).untilAsserted(() ->
            assertThat(clients.inboxSubjects(imaps, true, patient, PASSWORD)).contains(subject + " filed", subject + " refused"));
        // The 904 notice reaches the professional: the refused path has run to its end.
        await().atMost(60, TimeUnit.SECONDS).untilAsserted(() ->
            assertThat(clients.inboxSubjects(imaps, true, DOCTOR, PASSWORD)).isNotEmpty());

        HttpResponse<String> list = webAdmin(settings, "/gateway/dmp/patients/" + ins + "/documents");
        assertThat(list.statusCode()).isEqualTo(200);
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(list.body());
        assertThat(id.find()).as(list.body()).isTrue();
        HttpResponse<String> content = webAdmin(settings, "/gateway/dmp/documents/" + id.group(1) + "/content");
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.body()).contains(body);
        assertThat(webAdmin(settings, "/gateway/dmp/patients/" + ins + "/access-history").statusCode()).isEqualTo(200);
    }

    /** Quarantined: unsigned mail from a listed operator over mutual TLS, with the markers. */
    private void quarantineFromAnotherOperator(GatewaySettings settings, String subject, String body, String fileName,
                                               String patient) throws Exception {
        Path certs = settings.certsDirectory();
        DevelopmentCertificateAuthority ca = DevelopmentCertificateAuthority.load(certs.resolve(DevelopmentPki.CA_CERTIFICATE_FILE),
            certs.resolve(DevelopmentPki.CA_PRIVATE_KEY_FILE), Clock.systemUTC());
        javax.net.ssl.SSLSocketFactory client = TestTls.clientSocketFactory(ca.certificate(),
            ca.issueEndEntity(OPERATOR, List.of("localhost"), List.of(), Duration.ofDays(1)));
        String sender = "dr.canari@" + OPERATOR_DOMAIN;
        try (SmtpDialog dialog = SmtpDialog.connect(GatewayProcess.bindPort(settings, "smtpserver.xml", 0))) {
            dialog.read();
            dialog.send("EHLO peer.test");
            assertThat(dialog.startTls(client)).startsWith("220");
            assertThat(dialog.send("EHLO peer.test")).startsWith("250");
            assertThat(dialog.send("MAIL FROM:<" + sender + ">")).startsWith("250");
            assertThat(dialog.send("RCPT TO:<" + patient + ">")).startsWith("250");
            assertThat(dialog.send("DATA")).startsWith("354");
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            withAttachment(sender, patient, subject + " quarantined", body, fileName).writeTo(raw);
            String message = raw.toString(StandardCharsets.UTF_8).replace("\r\n.", "\r\n..");
            assertThat(dialog.send(message + (message.endsWith("\r\n") ? "" : "\r\n") + ".")).startsWith("250");
        }
        String quarantine = java.net.URLEncoder.encode("var/mail/quarantine/", StandardCharsets.UTF_8);
        await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> {
            HttpResponse<String> listing = webAdmin(settings, "/mailRepositories/" + quarantine + "/mails");
            assertThat(listing.statusCode()).isEqualTo(200);
            assertThat(listing.body()).startsWith("[").isNotEqualTo("[]");
        });
    }

    private void assertNowhere(GatewaySettings settings, Path console, List<String> canaries) throws Exception {
        String metrics = metrics(settings);
        assertThat(metrics).contains("james_");
        List<Path> searched = new ArrayList<>(List.of(console));
        try (Stream<Path> files = Files.walk(settings.dataDirectory().resolve("logs"))) {
            files.filter(Files::isRegularFile).forEach(searched::add);
        }
        try (Stream<Path> files = Files.walk(settings.dataDirectory().resolve("var").resolve("audit"))) {
            files.filter(Files::isRegularFile).forEach(searched::add);
        }
        assertThat(Files.readString(console)).contains("Gateway started");
        assertThat(searched).anySatisfy(file -> assertThat(file.toString()).endsWith(".jsonl"));
        for (String canary : canaries) {
            assertThat(metrics).as("metrics").doesNotContain(canary);
            for (Path file : searched) {
                assertThat(Files.readString(file, StandardCharsets.UTF_8)).as(file.toString()).doesNotContain(canary);
            }
        }
    }

    private static MimeMessage withAttachment(String from, String to, String subject, String body, String fileName) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, "UTF-8");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(body, "UTF-8");
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setContent("%PDF-1.4 " + body, "application/pdf");
        attachment.setFileName(fileName);
        message.setContent(new MimeMultipart(text, attachment));
        return message;
    }

    private static MimeMessage withZip(String from, String to, String subject, String body, byte[] zip) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, "UTF-8");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(body, "UTF-8");
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(new javax.activation.DataHandler(new javax.mail.util.ByteArrayDataSource(zip, "application/zip")));
        attachment.setFileName("IHE_XDM.ZIP");
        message.setContent(new MimeMultipart(text, attachment));
        return message;
    }

    private static String randomIns() {
        SecureRandom random = new SecureRandom();
        String body = "1" + String.format("%02d", random.nextInt(100)) + String.format("%02d", 1 + random.nextInt(12))
            + String.format("%02d", 1 + random.nextInt(95)) + String.format("%06d", random.nextInt(1_000_000));
        String ins = body + MatriculeIns.keyOf(body);
        assertThat(MatriculeIns.isValid(ins)).isTrue();
        return ins;
    }

    private String metrics(GatewaySettings settings) throws Exception {
        HttpResponse<String> response = webAdmin(settings, "/gateway/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static HttpResponse<String> webAdmin(GatewaySettings settings, String path) throws Exception {
        String token = WebAdminTokens.fromDataDirectory(settings, Clock.systemUTC()).issue("admin", Duration.ofMinutes(5));
        int port = Integer.parseInt(Files.readString(settings.file("webadmin.properties")).lines()
            .filter(line -> line.startsWith("port=")).findFirst().orElseThrow().substring(5).trim());
        return HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).build(),
            HttpResponse.BodyHandlers.ofString());
    }
}
