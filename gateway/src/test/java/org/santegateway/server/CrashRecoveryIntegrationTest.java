package org.santegateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;
import javax.mail.Quota;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.Transport;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.testing.GatewayProcess;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.TestTls;

import com.sun.mail.imap.IMAPStore;

/**
 * Mail accepted with a 250 survives a crash: the gateway runs in its own process, a burst of
 * messages is accepted, the process is killed with SIGKILL right after the last 250, and after a
 * restart every accepted message is in the recipient's mailbox exactly once (the mail queue hands
 * out again what it had not acknowledged: what was already delivered is not delivered twice), and
 * IMAP SEARCH finds every one of them (the search index is repaired in the background, no admin
 * action), and the quota counts them exactly.
 */
class CrashRecoveryIntegrationTest {
    static final String DOMAIN = "crash-test.fr";
    static final String SENDER = "dr.leroy@" + DOMAIN;
    static final String RECIPIENT = "dr.petit@" + DOMAIN;
    static final String PASSWORD = "yet another long password";
    static final int MESSAGES = 40;

    @TempDir
    Path root;

    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Test
    void mailAcceptedJustBeforeAHardKillShouldBeDeliveredOnceAndFoundBySearchAfterRestart() throws Exception {
        GatewayTestServer.copyConfiguration(root.resolve("config"), GatewayTestServer.freePort(), true);
        GatewaySettings settings = new GatewaySettings(root.resolve("config"), root.resolve("data"));
        GatewayProcess first = GatewayProcess.start(settings, root.resolve("first.out"));
        int submission = GatewayProcess.bindPort(settings, "smtpserver.xml", 1);
        for (String[] command : List.of(
                new String[] {"AddDomain", DOMAIN},
                new String[] {"AddUser", SENDER, PASSWORD},
                new String[] {"AddUser", RECIPIENT, PASSWORD})) {
            assertThat(GatewayProcess.cli(settings, command)).isZero();
        }

        MailClients clients = new MailClients(TestTls.socketFactory(settings.certsDirectory().resolve("test-ca.pem")));
        List<String> subjects = new ArrayList<>();
        Properties properties = new Properties();
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", "true");
        properties.put("mail.smtp.auth", "true");
        properties.put("mail.smtp.ssl.socketFactory", TestTls.socketFactory(settings.certsDirectory().resolve("test-ca.pem")));
        Transport transport = Session.getInstance(properties).getTransport("smtp");
        transport.connect("localhost", submission, SENDER, PASSWORD);
        for (int i = 0; i < MESSAGES; i++) {
            String marker = marker(i);
            String subject = "crash " + i + " " + marker;
            MimeMessage message = clients.newMessage(SENDER, RECIPIENT, subject, marker + "\n" + "x".repeat(10_000));
            message.saveChanges();
            transport.sendMessage(message, message.getAllRecipients());
            subjects.add(subject);
        }
        // SIGKILL right after the last 250, before QUIT: no shutdown hook, no flush.
        first.kill();
        closeQuietly(transport);

        try (GatewayProcess second = GatewayProcess.start(settings, root.resolve("second.out"))) {
            int imaps = GatewayProcess.bindPort(settings, "imapserver.xml", 1);
            await().atMost(120, TimeUnit.SECONDS).pollInterval(1, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(clients.inboxSubjects(imaps, true, RECIPIENT, PASSWORD)).containsAll(subjects));
            // The queue hands out what it had not acknowledged first, at the start: once a message
            // sent after the restart is delivered, none of those is still on its way.
            String after = "after restart " + run;
            clients.sendStartTls(GatewayProcess.bindPort(settings, "smtpserver.xml", 1), SENDER, PASSWORD,
                clients.newMessage(SENDER, RECIPIENT, after, "x"));
            await().atMost(60, TimeUnit.SECONDS).pollInterval(1, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(clients.inboxSubjects(imaps, true, RECIPIENT, PASSWORD)).contains(after));
            List<String> delivered = new ArrayList<>(clients.inboxSubjects(imaps, true, RECIPIENT, PASSWORD));
            delivered.remove(after);
            assertThat(delivered)
                .as("every acknowledged message delivered exactly once")
                .containsExactlyInAnyOrderElementsOf(subjects);

            assertThat(second.console()).contains("The search index was not closed cleanly");

            // The quota is counted in the transactions that deliver: whatever the moment of the kill, a client is
            // shown exactly the messages it has (RFC 2087 GETQUOTAROOT, a limit set for the resource to be shown).
            assertThat(GatewayProcess.cli(settings, "SetMaxMessageCountQuota", "#private&" + RECIPIENT, "1000")).isZero();
            Store store = clients.imaps(imaps, RECIPIENT, PASSWORD);
            try {
                Quota.Resource messages = Arrays.stream(((IMAPStore) store).getQuota("INBOX"))
                    .flatMap(quota -> Arrays.stream(quota.resources))
                    .filter(resource -> resource.name.equalsIgnoreCase("MESSAGE"))
                    .findFirst().orElseThrow();
                assertThat(messages.usage).isEqualTo(MESSAGES + 1);
            } finally {
                store.close();
            }

            await().atMost(60, TimeUnit.SECONDS).pollInterval(1, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(clients.searchInbox(imaps, true, RECIPIENT, PASSWORD, "ALL")).hasSize(MESSAGES + 1));
            for (int i = 0; i < MESSAGES; i++) {
                assertThat(clients.searchInbox(imaps, true, RECIPIENT, PASSWORD, "SUBJECT " + marker(i)))
                    .as("SEARCH SUBJECT of message %d", i).hasSize(1);
                assertThat(clients.searchInbox(imaps, true, RECIPIENT, PASSWORD, "BODY " + marker(i)))
                    .as("SEARCH BODY of message %d", i).hasSize(1);
            }
        }
    }

    /** A word of its own for message {@code i} (the server searches substrings: no marker is inside another). */
    private String marker(int i) {
        return "mk" + run + String.format("n%03d", i);
    }

    private static void closeQuietly(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException expected) {
            // the server is gone
        }
    }
}
