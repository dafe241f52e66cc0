package org.santegateway.server.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.ins.MatriculeIns;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.Mailboxes;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.TestTls;

/** Conversations and the organisational-mailbox marks are kept in the embedded database across a restart. */
class ConversationRestartIntegrationTest {
    static final String MARTIN = "dr.martin@hopital-test.fr";
    static final String PHARMACY = "pharmacie@hopital-test.fr";
    static final String PATIENT = "1850575123456" + MatriculeIns.keyOf("1850575123456") + "@patient.mssante.fr";
    static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path root;
    GatewayTestServer gateway;

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void conversationAndPatientInitiatedMarkShouldStillBeKnownAfterARestart() throws Exception {
        gateway = GatewayTestServer.prepare(root).withProbe(ConversationProbe.class).start();
        gateway.data().addDomain("hopital-test.fr");
        gateway.data().addDomain("patient.mssante.fr");
        for (String user : List.of(MARTIN, PHARMACY, PATIENT)) {
            gateway.data().addUser(user, PASSWORD);
        }
        String subject = "before restart " + UUID.randomUUID();
        clients().sendStartTls(gateway.submissionPort(), MARTIN, PASSWORD, message(MARTIN, PATIENT, subject));
        String opening = awaitReceived(PATIENT, subject).messageId();
        gateway.probe(ConversationProbe.class).markPatientInitiated(new MailAddress(PHARMACY));

        gateway.restart();

        MimeMessage reply = message(PATIENT, MARTIN, "Re: " + subject);
        reply.setHeader("In-Reply-To", opening);
        clients().sendStartTls(gateway.submissionPort(), PATIENT, PASSWORD, reply);
        awaitReceived(MARTIN, "Re: " + subject);

        String toPharmacy = "pharmacy after restart " + UUID.randomUUID();
        clients().sendStartTls(gateway.submissionPort(), PATIENT, PASSWORD, message(PATIENT, PHARMACY, toPharmacy));
        awaitReceived(PHARMACY, toPharmacy);

        // Dr Martin wrote and did not close: the patient may write to him anew, after the restart too.
        String contacted = "new after restart " + UUID.randomUUID();
        clients().sendStartTls(gateway.submissionPort(), PATIENT, PASSWORD, message(PATIENT, MARTIN, contacted));
        awaitReceived(MARTIN, contacted);
    }

    private MailClients clients() {
        return new MailClients(TestTls.socketFactory(gateway.testCaCertificate()));
    }

    private Mailboxes.Received awaitReceived(String user, String subject) {
        Mailboxes mailboxes = new Mailboxes(TestTls.socketFactory(gateway.testCaCertificate()));
        Optional<Mailboxes.Received> received = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> mailboxes.find(gateway.imapsPort(), user, PASSWORD, subject), Optional::isPresent);
        assertThat(received).isPresent();
        return received.get();
    }

    private static MimeMessage message(String from, String to, String subject) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText("Contenu de test", "UTF-8");
        return message;
    }
}
