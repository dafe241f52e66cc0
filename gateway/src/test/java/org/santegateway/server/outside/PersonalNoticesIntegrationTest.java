package org.santegateway.server.outside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.ins.MatriculeIns;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.Mailboxes;
import org.santegateway.server.testing.TestTls;
import org.santegateway.server.testing.TlsSmtpPeer;
import org.santegateway.server.webmail.NotificationAddresses;

/**
 * Notifications reach a patient's personal mailbox on the internet (a server on loopback playing the internet MX of
 * the personal domains, with a certificate of a CA the gateway is told to trust): with STARTTLS, naming no sender,
 * subject or content (canary); never in clear to a server without STARTTLS; an address the remote server refuses is
 * marked failing for the patient, and nobody gets a bounce. The path is the notices' only: a professional's mail to the
 * same internet domain is still refused.
 */
class PersonalNoticesIntegrationTest {
    static final String HOSPITAL = "hopital-notices.test";
    static final String MARTIN = "dr.martin@" + HOSPITAL;
    static final String PASSWORD = "a long doctor password";
    static final String PATIENTS = "patient.mssante.fr";
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path root;
    static DevelopmentCertificateAuthority internetCa;
    static TlsSmtpPeer internet;
    static TlsSmtpPeer refusing;
    static TlsSmtpPeer plain;
    static GatewayTestServer gateway;
    static MailClients clients;

    @BeforeAll
    static void start() throws Exception {
        internetCa = DevelopmentCertificateAuthority.create(Clock.systemUTC(), "CN=Public CA of the test internet, O=Tests, C=FR");
        Path internetCaFile = root.resolve("internet-ca.pem");
        internetCa.writeTo(internetCaFile, root.resolve("internet-ca.key"));
        internet = TlsSmtpPeer.start(internetCa.issueEndEntity("CN=mx.perso.example", List.of("localhost"), List.of(), Duration.ofDays(1)));
        refusing = TlsSmtpPeer.start(internetCa.issueEndEntity("CN=mx.refus.example", List.of("localhost"), List.of(), Duration.ofDays(1)))
            .refusingRecipients();
        plain = TlsSmtpPeer.start(internetCa.issueEndEntity("CN=mx.clair.example", List.of("localhost"), List.of(), Duration.ofDays(1)))
            .withoutStartTls();
        gateway = GatewayTestServer.prepare(root.resolve("gateway")).withProbe(NotificationsProbe.class);
        Files.writeString(gateway.settings().file(GatewayProperties.FILE), "\n"
            + "relay.routes=perso.example=localhost:" + internet.port() + ",refus.example=localhost:" + refusing.port()
            + ",clair.example=localhost:" + plain.port() + "\n"
            + "outside.tls.trust=" + internetCaFile + "\n"
            + "webmail.notification.sender=ne-pas-repondre@" + HOSPITAL + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        gateway.start();
        gateway.data().addDomain(HOSPITAL);
        gateway.data().addDomain(PATIENTS);
        gateway.data().addUser(MARTIN, PASSWORD);
        clients = new MailClients(TestTls.socketFactory(gateway.testCaCertificate()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        internet.close();
        refusing.close();
        plain.close();
    }

    static String patient(String thirteenDigits) throws Exception {
        String address = thirteenDigits + MatriculeIns.keyOf(thirteenDigits) + "@" + PATIENTS;
        gateway.data().addUser(address, "a long patient password");
        return address;
    }

    static NotificationAddresses addresses() {
        return gateway.probe(NotificationsProbe.class).addresses();
    }

    static void professionalWrites(String patient, String canary) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(MARTIN, "Dr Martin " + canary, "UTF-8"));
        message.setRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(patient));
        message.setSubject("Résultats " + canary, "UTF-8");
        MimeMultipart multipart = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Votre glycémie " + canary, "UTF-8");
        multipart.addBodyPart(text);
        MimeBodyPart file = new MimeBodyPart();
        file.setText("note", "UTF-8");
        file.setFileName("bilan-" + canary + ".txt");
        multipart.addBodyPart(file);
        message.setContent(multipart);
        clients.sendStartTls(gateway.submissionPort(), MARTIN, PASSWORD, message);
    }

    @Test
    void aNotificationShouldReachThePersonalMailboxOverStartTlsAndTellNothingOfTheMessage() throws Exception {
        String patient = patient("1850575123456");
        addresses().set(Username.of(patient), new MailAddress("jeanne@perso.example"));
        String canary = "CANARY" + UUID.randomUUID().toString().replace("-", "");
        int before = internet.messages();

        professionalWrites(patient, canary);

        await().atMost(WAIT).until(() -> internet.messages() > before);
        String notification = internet.bodies().get(internet.bodies().size() - 1);
        assertThat(internet.startTlsCount()).isPositive();
        assertThat(internet.commands()).anyMatch(command -> command.equalsIgnoreCase("RCPT TO:<jeanne@perso.example>"));
        assertThat(notification).contains("Un nouveau message vous attend")
            .doesNotContain(canary).doesNotContain(MARTIN).doesNotContain("Martin").doesNotContain(patient);
    }

    @Test
    void anAddressTheRemoteServerRefusesShouldBeMarkedFailingAndNobodyTold() throws Exception {
        String patient = patient("2920399123789");
        addresses().set(Username.of(patient), new MailAddress("ancienne@refus.example"));

        professionalWrites(patient, "refused");

        await().atMost(WAIT).until(() -> addresses().state(Username.of(patient)).flatMap(NotificationAddresses.Registered::failedAt).isPresent());
        assertThat(addresses().failingCount()).isPositive();
        java.net.http.HttpResponse<String> admin = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + gateway.webAdminPort() + "/gateway/notification-addresses"))
            .header("Authorization", "Bearer " + org.santegateway.server.admin.WebAdminTokens.fromDataDirectory(gateway.settings(), Clock.systemUTC())
                .issue("admin", Duration.ofMinutes(5))).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(admin.body()).contains("\"failing\":").doesNotContain("refus.example");
        assertThat(new Mailboxes(TestTls.socketFactory(gateway.testCaCertificate())).inbox(gateway.imapsPort(), MARTIN, PASSWORD))
            .noneMatch(received -> received.subject().contains("refused") || received.body().contains("ancienne@refus.example"));

        addresses().set(Username.of(patient), new MailAddress("nouvelle@perso.example"));
        assertThat(addresses().state(Username.of(patient)).flatMap(NotificationAddresses.Registered::failedAt)).isEmpty();
    }

    @Test
    void aServerWithoutStartTlsShouldNeverGetTheNotification() throws Exception {
        String patient = patient("1790112345678");
        addresses().set(Username.of(patient), new MailAddress("jean@clair.example"));

        professionalWrites(patient, "plain");

        await().atMost(WAIT).until(() -> plain.commands().stream().anyMatch(command -> command.toUpperCase().startsWith("EHLO")));
        assertThat(plain.commands()).noneMatch(command -> command.toUpperCase().startsWith("MAIL"));
        assertThat(plain.messages()).isZero();
    }

    @Test
    void aProfessionalsMailToAnInternetDomainShouldStillBeRefused() throws Exception {
        int before = internet.messages();
        String subject = "Hors espace de confiance " + UUID.randomUUID();
        clients.sendStartTls(gateway.submissionPort(), MARTIN, PASSWORD, clients.newMessage(MARTIN, "jeanne@perso.example", subject, "Bonjour"));

        Mailboxes mailboxes = new Mailboxes(TestTls.socketFactory(gateway.testCaCertificate()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(mailboxes.inbox(gateway.imapsPort(), MARTIN, PASSWORD))
            .anySatisfy(notice -> assertThat(notice.body()).contains("liste blanche MSSant")));
        assertThat(internet.messages()).isEqualTo(before);
    }
}
