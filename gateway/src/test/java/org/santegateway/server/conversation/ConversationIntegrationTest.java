package org.santegateway.server.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.net.ssl.SSLSocketFactory;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.ins.MatriculeIns;
import org.santegateway.server.admin.WebAdminTokens;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.Mailboxes;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.SmtpDialog;
import org.santegateway.server.testing.TestTls;

/**
 * Patient conversations end to end: professionals and patients send over SMTP submission with
 * Jakarta Mail and read over IMAP, against the real assembly started from {@code config/}.
 */
class ConversationIntegrationTest {
    static final String HOSPITAL = "hopital-test.fr";
    static final String PATIENT_DOMAIN = "patient.mssante.fr";
    static final String MARTIN = "dr.martin@" + HOSPITAL;
    static final String DURAND = "dr.durand@" + HOSPITAL;
    static final String PHARMACY = "pharmacie@" + HOSPITAL;
    /** A professional who never writes to any patient in these tests. */
    static final String NEVER_WROTE = "dr.jamais@" + HOSPITAL;
    static final String PATIENT_1 = ins("1850575123456") + "@" + PATIENT_DOMAIN;
    static final String PATIENT_2 = ins("2920399123789") + "@" + PATIENT_DOMAIN;
    static final String PATIENT_CORSICA = ins("185052A123456") + "@" + PATIENT_DOMAIN;
    static final String PASSWORD = "correct horse battery staple";
    static final List<String> EVERYBODY = List.of(MARTIN, DURAND, PHARMACY, NEVER_WROTE, PATIENT_1, PATIENT_2, PATIENT_CORSICA);
    static final Duration DELIVERY = Duration.ofSeconds(30);

    @TempDir
    static Path root;
    static GatewayTestServer gateway;
    static SSLSocketFactory tls;
    static MailClients clients;
    static Mailboxes mailboxes;

    @BeforeAll
    static void start() throws Exception {
        start(GatewayTestServer.prepare(root));
    }

    /** Starts {@code prepared} with this class's domains and users; the PostgreSQL variant prepares it on its database. */
    static void start(GatewayTestServer prepared) throws Exception {
        gateway = prepared.withProbe(ConversationProbe.class).start();
        gateway.data().addDomain(HOSPITAL);
        gateway.data().addDomain(PATIENT_DOMAIN);
        for (String user : EVERYBODY) {
            gateway.data().addUser(user, PASSWORD);
        }
        tls = TestTls.socketFactory(gateway.testCaCertificate());
        clients = new MailClients(tls);
        mailboxes = new Mailboxes(tls);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static String ins(String body) {
        return body + MatriculeIns.keyOf(body);
    }

    static String unique(String label) {
        return label + " " + UUID.randomUUID();
    }

    static MimeMessage message(String from, List<String> to, String subject) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(from));
        for (String recipient : to) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(subject, "UTF-8");
        message.setText("Contenu de test", "UTF-8");
        return message;
    }

    static MimeMessage reply(String from, List<String> to, String subject, String inReplyTo) throws MessagingException {
        MimeMessage message = message(from, to, subject);
        message.setHeader("In-Reply-To", inReplyTo);
        message.setHeader("References", inReplyTo);
        return message;
    }

    static void send(String user, MimeMessage message) throws MessagingException {
        clients.sendStartTls(gateway.submissionPort(), user, PASSWORD, message);
    }

    static Mailboxes.Received awaitReceived(String user, String subject) {
        return await().atMost(DELIVERY).pollInterval(Duration.ofMillis(200)).until(
            () -> mailboxes.find(gateway.imapsPort(), user, PASSWORD, subject), java.util.Optional::isPresent).get();
    }

    /** A professional opens a conversation with the patient; returns the Message-ID the patient received. */
    static String open(String professional, String patient, String subject) throws Exception {
        send(professional, message(professional, List.of(patient), subject));
        return awaitReceived(patient, subject).messageId();
    }

    /**
     * The subject reached no mailbox: a control message sent after it reaches every mailbox, and it is in none. The
     * control closes the conversation it opens, so that it makes no professional contactable by the patients.
     */
    static void assertDeliveredToNobody(String subject) throws Exception {
        String control = unique("control");
        MimeMessage closed = message(MARTIN, EVERYBODY, control);
        closed.setHeader("X-MSS-MES", "FIN");
        send(MARTIN, closed);
        for (String user : EVERYBODY) {
            awaitReceived(user, control);
            assertThat(mailboxes.inbox(gateway.imapsPort(), user, PASSWORD))
                .extracting(Mailboxes.Received::subject)
                .as("mailbox of %s", user)
                .doesNotContain(subject);
        }
    }

    /** The reply of the gateway to RCPT TO, for a user authenticated on the submission port. */
    static String rcptReply(String user, String recipient) throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(gateway.submissionPort())) {
            smtp.read();
            smtp.send("EHLO client.test");
            smtp.startTls(tls);
            smtp.send("EHLO client.test");
            String credentials = Base64.getEncoder().encodeToString(("\0" + user + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertThat(smtp.send("AUTH PLAIN " + credentials)).startsWith("235");
            assertThat(smtp.send("MAIL FROM:<" + user + ">")).startsWith("250");
            return smtp.send("RCPT TO:<" + recipient + ">");
        }
    }

    @Nested
    class ProfessionalOpensPatientReplies {
        @Test
        void patientReplyShouldReachTheProfessionalOverImapWhenAProfessionalOpenedTheConversation() throws Exception {
            String subject = unique("consultation");
            String opening = open(MARTIN, PATIENT_1, subject);

            send(PATIENT_1, reply(PATIENT_1, List.of(MARTIN), "Re: " + subject, opening));

            awaitReceived(MARTIN, "Re: " + subject);
        }

        @Test
        void corsicanPatientShouldReceiveAndReplyWhenAProfessionalOpenedTheConversation() throws Exception {
            String subject = unique("corse");
            String opening = open(DURAND, PATIENT_CORSICA, subject);

            send(PATIENT_CORSICA, reply(PATIENT_CORSICA, List.of(DURAND), "Re: " + subject, opening));

            awaitReceived(DURAND, "Re: " + subject);
        }

        @Test
        void patientShouldReplyToEveryProfessionalWhenSeveralTookPartInTheConversation() throws Exception {
            String subject = unique("equipe");
            send(MARTIN, message(MARTIN, List.of(PATIENT_2, DURAND), subject));
            String opening = awaitReceived(PATIENT_2, subject).messageId();

            send(PATIENT_2, reply(PATIENT_2, List.of(MARTIN, DURAND), "Re: " + subject, opening));

            awaitReceived(MARTIN, "Re: " + subject);
            awaitReceived(DURAND, "Re: " + subject);
        }
    }

    @Nested
    class Refusals {
        @Test
        void newMessageFromAPatientShouldBeRefusedAndDeliveredToNobody() throws Exception {
            String subject = unique("patient starts");

            assertThatThrownBy(() -> send(PATIENT_1, message(PATIENT_1, List.of(NEVER_WROTE), subject)))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("550 5.7.1")
                .hasMessageContaining("You can only write to health professionals who wrote to you")
                // SMTP replies are ASCII: the French text loses its accents there (DSNs keep them).
                .hasMessageContaining("Vous ne pouvez ecrire qu'aux professionnels de sante qui vous ont ecrit");
            assertDeliveredToNobody(subject);
        }

        @Test
        void forgedReferencesToAnotherPatientsConversationShouldBeRefusedAndDeliveredToNobody() throws Exception {
            String othersConversation = open(DURAND, PATIENT_2, unique("other patient"));
            String subject = unique("forged");

            assertThatThrownBy(() -> send(PATIENT_1, reply(PATIENT_1, List.of(DURAND), subject, othersConversation)))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("550 5.7.1")
                .hasMessageContaining("does not reply to a conversation you take part in");
            assertDeliveredToNobody(subject);
        }

        @Test
        void replyAddingARecipientOutsideTheConversationShouldBeRefusedAndDeliveredToNobody() throws Exception {
            String opening = open(MARTIN, PATIENT_1, unique("one professional"));
            String subject = unique("extra recipient");

            assertThatThrownBy(() -> send(PATIENT_1, reply(PATIENT_1, List.of(MARTIN, DURAND), subject, opening)))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("550 5.7.1")
                .hasMessageContaining("only write to the health professionals who take part");
            assertDeliveredToNobody(subject);
        }

        @Test
        void patientToPatientShouldBeRefusedAtRcpt() throws Exception {
            assertThat(rcptReply(PATIENT_1, PATIENT_2))
                .startsWith("550 5.7.1")
                .contains("Un patient ne peut pas ecrire a un autre patient")
                .contains("A patient cannot write to another patient");
        }

        @Test
        void patientToAnOutsideAddressShouldBeRefusedAtRcpt() throws Exception {
            assertThat(rcptReply(PATIENT_1, "someone@elsewhere.test"))
                .startsWith("550 5.7.1")
                .contains("You can only write to the health professionals of your conversations");
        }

        @Test
        void patientToPatientMessageShouldBeDeliveredToNobody() throws Exception {
            String subject = unique("patient to patient");

            assertThatThrownBy(() -> send(PATIENT_1, message(PATIENT_1, List.of(PATIENT_2), subject)))
                .isInstanceOf(MessagingException.class);
            assertDeliveredToNobody(subject);
        }

        @Test
        void invalidInsAddressShouldBeRefusedAtRcpt() throws Exception {
            String wrongKey = "1850575123456" + (Integer.parseInt(MatriculeIns.keyOf("1850575123456")) % 97 + 1);

            assertThat(rcptReply(MARTIN, wrongKey + "@" + PATIENT_DOMAIN)).startsWith("550 5.1.1").contains("Invalid patient address");
            assertThat(rcptReply(MARTIN, "jean.dupont@" + PATIENT_DOMAIN)).startsWith("550 5.1.1");
            assertThat(rcptReply(MARTIN, PATIENT_1)).startsWith("250");
        }

        @Test
        void messageOver25MegabytesToAPatientShouldBeRefusedAndDeliveredToNobody() throws Exception {
            String subject = unique("large");
            MimeMessage large = message(MARTIN, List.of(PATIENT_1), subject);
            MimeBodyPart text = new MimeBodyPart();
            text.setText("Compte rendu", "UTF-8");
            MimeBodyPart attachment = new MimeBodyPart();
            attachment.setText("x".repeat(76).concat("\r\n").repeat(26_000_000 / 78), "US-ASCII");
            attachment.setFileName("imagerie.txt");
            large.setContent(new MimeMultipart(text, attachment));

            assertThatThrownBy(() -> send(MARTIN, large))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("552 5.3.4")
                .hasMessageContaining("25 MB");
            assertDeliveredToNobody(subject);
        }

        @Test
        void patientMessageThatDidNotComeThroughSmtpShouldBeRefusedWithADsnAndDeliveredToNobody() throws Exception {
            String subject = unique("from the webmail");
            ConversationProbe probe = gateway.probe(ConversationProbe.class);
            double refusedBefore = probe.decisions("refused", "no_conversation", "pipeline");

            probe.enqueue("webmail-" + UUID.randomUUID(), new MailAddress(PATIENT_1), new MailAddress(NEVER_WROTE),
                message(PATIENT_1, List.of(NEVER_WROTE), subject));

            Mailboxes.Received dsn = await().atMost(DELIVERY).pollInterval(Duration.ofMillis(200)).until(
                () -> mailboxes.inbox(gateway.imapsPort(), PATIENT_1, PASSWORD).stream()
                    .filter(message -> message.body().contains(subject)).findFirst(), java.util.Optional::isPresent).get();
            assertThat(dsn.body())
                .contains("Vous ne pouvez écrire qu'aux professionnels de santé qui vous ont écrit")
                .contains("You can only write to health professionals who wrote to you");
            assertThat(probe.decisions("refused", "no_conversation", "pipeline")).isEqualTo(refusedBefore + 1);
            assertDeliveredToNobody(subject);
        }
    }

    @Nested
    class Contactable {
        @Test
        void aPatientShouldWriteANewMessageToAProfessionalWhoWroteToThemUntilTheExchangeIsClosed() throws Exception {
            String subject = unique("contactable");
            String opening = open(DURAND, PATIENT_CORSICA, subject);
            awaitReceived(PATIENT_CORSICA, subject);

            String question = unique("new question");
            send(PATIENT_CORSICA, message(PATIENT_CORSICA, List.of(DURAND), question));
            awaitReceived(DURAND, question);

            MimeMessage closing = reply(DURAND, List.of(PATIENT_CORSICA), "Fin du suivi " + subject, opening);
            closing.setHeader("X-MSS-MES", "FIN");
            send(DURAND, closing);
            awaitReceived(PATIENT_CORSICA, "Fin du suivi " + subject);
            String afterClosing = unique("after closing");
            assertThatThrownBy(() -> send(PATIENT_CORSICA, message(PATIENT_CORSICA, List.of(DURAND), afterClosing)))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("You can only write to health professionals who wrote to you");
            assertDeliveredToNobody(afterClosing);
        }
    }

    @Nested
    class Closing {
        @Test
        void subjectFinShouldCloseTheConversationAndALaterProfessionalMessageReopenIt() throws Exception {
            String subject = unique("fin subject");
            String opening = open(MARTIN, PATIENT_1, subject);
            send(MARTIN, reply(MARTIN, List.of(PATIENT_1), "[FIN]", opening));
            awaitReceived(PATIENT_1, "[FIN]");

            String refused = unique("after fin");
            assertThatThrownBy(() -> send(PATIENT_1, reply(PATIENT_1, List.of(MARTIN), refused, opening)))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("550 5.7.1")
                .hasMessageContaining("This conversation was closed");
            assertDeliveredToNobody(refused);

            String reopening = unique("reopen");
            send(MARTIN, reply(MARTIN, List.of(PATIENT_1), reopening, opening));
            awaitReceived(PATIENT_1, reopening);
            send(PATIENT_1, reply(PATIENT_1, List.of(MARTIN), "Re: " + reopening, opening));
            awaitReceived(MARTIN, "Re: " + reopening);
        }

        @Test
        void mssMesFinHeaderShouldCloseTheConversation() throws Exception {
            String subject = unique("fin header");
            String opening = open(DURAND, PATIENT_2, subject);
            MimeMessage closing = reply(DURAND, List.of(PATIENT_2), "Derniers résultats " + subject, opening);
            closing.setHeader("X-MSS-MES", "FIN");
            send(DURAND, closing);
            awaitReceived(PATIENT_2, "Derniers résultats " + subject);

            String refused = unique("after header fin");
            assertThatThrownBy(() -> send(PATIENT_2, reply(PATIENT_2, List.of(DURAND), refused, opening)))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("This conversation was closed");
            assertDeliveredToNobody(refused);
        }
    }

    @Nested
    class PatientInitiatedMailboxes {
        @Test
        void patientShouldStartAMessageToAPharmacyOnlyWhileAnAdminMarksIt() throws Exception {
            String before = unique("pharmacy before");
            assertThatThrownBy(() -> send(PATIENT_2, message(PATIENT_2, List.of(PHARMACY), before)))
                .hasMessageContaining("You can only write to health professionals who wrote to you");

            assertThat(webAdmin("PUT", "/gateway/patient-initiated/" + PHARMACY).statusCode()).isEqualTo(204);
            assertThat(webAdmin("GET", "/gateway/patient-initiated").body()).contains(PHARMACY);
            assertThat(webAdmin("GET", "/gateway/patient-initiated/" + PHARMACY).statusCode()).isEqualTo(200);

            String marked = unique("pharmacy marked");
            send(PATIENT_2, message(PATIENT_2, List.of(PHARMACY), marked));
            String question = awaitReceived(PHARMACY, marked).messageId();
            // The pharmacy's answer continues the exchange the patient opened, and the patient answers back.
            String answer = unique("pharmacy answer");
            send(PHARMACY, reply(PHARMACY, List.of(PATIENT_2), answer, question));
            String answerId = awaitReceived(PATIENT_2, answer).messageId();
            String thanks = unique("thanks");
            send(PATIENT_2, reply(PATIENT_2, List.of(PHARMACY), thanks, answerId));
            awaitReceived(PHARMACY, thanks);

            assertThat(webAdmin("DELETE", "/gateway/patient-initiated/" + PHARMACY).statusCode()).isEqualTo(204);
            assertThat(webAdmin("GET", "/gateway/patient-initiated/" + PHARMACY).statusCode()).isEqualTo(404);
            // Unmarked: the patient it exchanges with can still write to it until it closes the exchange; nobody else.
            String still = unique("pharmacy still open");
            send(PATIENT_2, message(PATIENT_2, List.of(PHARMACY), still));
            awaitReceived(PHARMACY, still);
            String other = unique("pharmacy other patient");
            assertThatThrownBy(() -> send(PATIENT_1, message(PATIENT_1, List.of(PHARMACY), other)))
                .hasMessageContaining("You can only write to health professionals who wrote to you");
            MimeMessage closing = reply(PHARMACY, List.of(PATIENT_2), "Fin " + answer, question);
            closing.setHeader("X-MSS-MES", "FIN");
            send(PHARMACY, closing);
            awaitReceived(PATIENT_2, "Fin " + answer);
            String after = unique("pharmacy after");
            assertThatThrownBy(() -> send(PATIENT_2, message(PATIENT_2, List.of(PHARMACY), after)))
                .hasMessageContaining("You can only write to health professionals who wrote to you");
            assertDeliveredToNobody(other);
            assertDeliveredToNobody(after);
        }

        @Test
        void routeShouldRefuseAPatientAddressOrAnUnknownDomain() throws Exception {
            assertThat(webAdmin("PUT", "/gateway/patient-initiated/" + PATIENT_1).statusCode()).isEqualTo(400);
            assertThat(webAdmin("PUT", "/gateway/patient-initiated/accueil@unknown.test").statusCode()).isEqualTo(400);
            assertThat(webAdmin("PUT", "/gateway/patient-initiated/not-an-address").statusCode()).isEqualTo(400);
        }

        @Test
        void routeShouldRequireAToken() throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.webAdminPort() + "/gateway/patient-initiated"))
                .GET().timeout(Duration.ofSeconds(10)).build();
            assertThat(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        }

        private HttpResponse<String> webAdmin(String method, String path) throws Exception {
            String token = WebAdminTokens.fromDataDirectory(gateway.settings(), Clock.systemUTC()).issue("admin", Duration.ofMinutes(5));
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.webAdminPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .build();
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
