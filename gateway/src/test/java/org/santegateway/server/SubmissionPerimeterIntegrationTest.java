package org.santegateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.santegateway.ins.MatriculeIns;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.Mailboxes;
import org.santegateway.server.testing.SmtpDialog;
import org.santegateway.server.testing.TestTls;

/**
 * The submission perimeter as an attacker meets it, from outside, over the real listeners: no
 * transaction without AUTH on either submission port, whatever the sender and the recipients;
 * login floods that neither hold up other users nor go on unchecked; one reply per DATA and the
 * limits of a transaction.
 */
class SubmissionPerimeterIntegrationTest {
    static final String DOMAIN = "hopital-test.fr";
    static final String PATIENT_DOMAIN = "patient.mssante.fr";
    static final String MARTIN = "dr.martin@" + DOMAIN;
    static final String DURAND = "dr.durand@" + DOMAIN;
    static final String BERNARD = "dr.bernard@" + DOMAIN;
    // Only ever a forged sender: any notice in this mailbox is backscatter.
    static final String LEROY = "dr.leroy@" + DOMAIN;
    static final String PATIENT = "1850575123456" + MatriculeIns.keyOf("1850575123456") + "@" + PATIENT_DOMAIN;
    static final String PASSWORD = "correct horse battery staple";
    // A domain of the shipped trust list: a sender that claims it counts as a professional.
    static final String LISTED_SENDER = "dr.fake@adsea29.mssante.fr";

    @TempDir
    static Path root;
    static GatewayTestServer gateway;
    static SSLSocketFactory tls;
    static MailClients clients;
    static Mailboxes mailboxes;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayTestServer.prepare(root).start();
        gateway.data().addDomain(DOMAIN);
        gateway.data().addDomain(PATIENT_DOMAIN);
        for (String user : List.of(MARTIN, DURAND, BERNARD, LEROY, PATIENT)) {
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

    static String unique(String label) {
        return label + " " + UUID.randomUUID();
    }

    /** An encrypted session on a submission port, not authenticated, EHLO done. */
    static SmtpDialog anonymous(String port) throws IOException {
        return anonymous(port, "127.0.0.1");
    }

    static SmtpDialog anonymous(String port, String sourceAddress) throws IOException {
        return anonymous(port, sourceAddress, "client.test");
    }

    static SmtpDialog anonymous(String port, String sourceAddress, String clientName) throws IOException {
        SmtpDialog smtp;
        if (port.equals("submissions")) {
            smtp = SmtpDialog.connectTls(gateway.submissionsPort(), tls, sourceAddress);
            smtp.read();
        } else {
            smtp = SmtpDialog.connect(gateway.submissionPort(), sourceAddress);
            smtp.read();
            smtp.send("EHLO " + clientName);
            assertThat(smtp.startTls(tls)).startsWith("220");
        }
        smtp.send("EHLO " + clientName);
        return smtp;
    }

    static SmtpDialog authenticated(String port, String user) throws IOException {
        SmtpDialog smtp = anonymous(port);
        assertThat(smtp.send("AUTH PLAIN " + plain(user, PASSWORD))).startsWith("235 2.7.0");
        return smtp;
    }

    static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String message(String from, String to, String subject, String body) {
        return "From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: " + subject + "\r\nMessage-ID: <" + UUID.randomUUID()
            + "@client.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + body + "\r\n.\r\n";
    }

    List<String> subjects(String user) throws Exception {
        return mailboxes.inbox(gateway.imapsPort(), user, PASSWORD).stream().map(Mailboxes.Received::subject).toList();
    }

    /** Sends a control message with AUTH and waits for it: whatever was sent before it has been processed. */
    void awaitControl(String port, String recipient) throws Exception {
        String control = unique("control");
        try (SmtpDialog smtp = authenticated(port, MARTIN)) {
            assertThat(smtp.send("MAIL FROM:<" + MARTIN + ">")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<" + recipient + ">")).startsWith("250");
            assertThat(smtp.send("DATA")).startsWith("354");
            smtp.write(message(MARTIN, recipient, control, "control"));
            assertThat(smtp.read()).startsWith("250");
        }
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
            assertThat(subjects(recipient)).contains(control));
    }

    @Nested
    class WithoutAuthentication {
        @ParameterizedTest
        @ValueSource(strings = {"submission", "submissions"})
        void everyTransactionShouldBeRefusedAndNothingDeliveredNorBounced(String port) throws Exception {
            String subject = unique("forged");
            // A trust-list sender to a professional, to a patient and to an unknown local user; a
            // forged colleague; the null sender: each refused at MAIL FROM, nothing goes further.
            for (String sender : List.of(LISTED_SENDER, LEROY, "")) {
                try (SmtpDialog smtp = anonymous(port)) {
                    assertThat(smtp.send("MAIL FROM:<" + sender + ">")).startsWith("530 5.7.0 Authentication required");
                    for (String recipient : List.of(MARTIN, PATIENT, "nobody@" + DOMAIN)) {
                        assertThat(smtp.send("RCPT TO:<" + recipient + ">")).startsWith("503");
                    }
                    assertThat(smtp.send("DATA")).startsWith("503");
                    // A client that goes on regardless: its lines are commands, not a message.
                    smtp.write(message(sender, MARTIN, subject, "forged").replace("\r\n.\r\n", "\r\n"));
                    assertThat(smtp.send("NOOP")).isNotEmpty();
                }
            }

            awaitControl(port, MARTIN);
            awaitControl(port, PATIENT);
            assertThat(subjects(MARTIN)).noneMatch(s -> s.contains(subject));
            assertThat(subjects(PATIENT)).noneMatch(s -> s.contains(subject));
            // No delivery status notification to the forged colleague (backscatter).
            assertThat(subjects(LEROY)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"submission", "submissions"})
        void relayTricksShouldBeRefused(String port) throws Exception {
            for (String recipient : List.of("victim%outside.test@" + DOMAIN, "\"victim@outside.test\"@" + DOMAIN,
                "@" + DOMAIN + ":victim@outside.test", "victim@outside.test")) {
                try (SmtpDialog smtp = anonymous(port)) {
                    assertThat(smtp.send("MAIL FROM:<" + MARTIN + ">")).startsWith("530 5.7.0");
                    assertThat(smtp.send("RCPT TO:<" + recipient + ">")).matches("(?s)^5\\d\\d .*");
                }
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"submission", "submissions"})
        void theSameTransactionWithAuthenticationShouldBeDelivered(String port) throws Exception {
            String subject = unique("authentic");
            try (SmtpDialog smtp = authenticated(port, DURAND)) {
                assertThat(smtp.send("MAIL FROM:<" + DURAND + ">")).startsWith("250");
                assertThat(smtp.send("RCPT TO:<" + MARTIN + ">")).startsWith("250");
                assertThat(smtp.send("RCPT TO:<" + PATIENT + ">")).startsWith("250");
                assertThat(smtp.send("DATA")).startsWith("354");
                smtp.write(message(DURAND, MARTIN, subject, "Bonjour"));
                assertThat(smtp.read()).startsWith("250");
            }
            await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> {
                assertThat(subjects(MARTIN)).contains(subject);
                assertThat(subjects(PATIENT)).contains(subject);
            });
        }
    }

    @Nested
    class ClientPrivacy {
        /**
         * Where a professional works from (their address, the name of their computer) is not written into the message
         * that reaches colleagues, other operators and patients; the gateway's Received header still says which
         * server took it, how and when.
         */
        @ParameterizedTest
        @ValueSource(strings = {"submission", "submissions"})
        void theReceivedHeaderShouldNotCarryTheSendersAddressNorTheNameOfTheirComputer(String port) throws Exception {
            String subject = unique("privacy");
            // An address of its own: the other tests of the class lock theirs out.
            try (SmtpDialog smtp = anonymous(port, "127.0.0.41", "DESKTOP-DRDURAND.cabinet-durand.lan")) {
                assertThat(smtp.send("AUTH PLAIN " + plain(DURAND, PASSWORD))).startsWith("235 2.7.0");
                assertThat(smtp.send("MAIL FROM:<" + DURAND + ">")).startsWith("250");
                assertThat(smtp.send("RCPT TO:<" + MARTIN + ">")).startsWith("250");
                assertThat(smtp.send("DATA")).startsWith("354");
                smtp.write(message(DURAND, MARTIN, subject, "Bonjour"));
                assertThat(smtp.read()).startsWith("250");
            }

            Mailboxes.Received received = await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                .until(() -> mailboxes.find(gateway.imapsPort(), MARTIN, PASSWORD, subject), Optional::isPresent).orElseThrow();

            assertThat(received.headers().get("received")).hasSize(1);
            assertThat(received.header("Received"))
                .startsWith("by ")
                .contains("with ESMTPSA id ")
                .contains("for <" + MARTIN + ">;")
                .doesNotContain("127.0.0.41")
                .doesNotContain("DESKTOP-DRDURAND")
                .doesNotContain("from ");
        }
    }

    @Nested
    class LoginFloods {
        @Test
        void attackersShouldNotHoldUpALegitimateSenderAndShouldBeLockedOut() throws Exception {
            int attackers = 10;
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<String> attackerReplies = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(attackers);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < attackers; i++) {
                running.add(pool.submit(() -> {
                    // Another client address than the legitimate user's, one account guessed.
                    while (!stop.get()) {
                        try (SmtpDialog smtp = anonymous("submission", "127.0.0.2")) {
                            for (int attempt = 0; attempt < 3 && !stop.get(); attempt++) {
                                attackerReplies.add(smtp.send("AUTH PLAIN " + plain(BERNARD, "guess " + UUID.randomUUID())));
                            }
                        } catch (IOException e) {
                            attackerReplies.add("closed");
                        }
                    }
                    return null;
                }));
            }
            try {
                await().atMost(60, TimeUnit.SECONDS).until(() -> attackerReplies.size() >= attackers);

                String subject = unique("during the flood");
                long started = System.nanoTime();
                clients.sendStartTls(gateway.submissionPort(), MARTIN, PASSWORD, clients.newMessage(MARTIN, DURAND, subject, "Bonjour"));
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(took).isLessThan(Duration.ofSeconds(5));
                // The attackers' address is locked out: answered at once, nothing checked.
                await().atMost(60, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(attackerReplies).anyMatch(reply -> reply.startsWith("454 4.7.0 Too many failed logins")));
                assertThat(attackerReplies).noneMatch(reply -> reply.startsWith("235"));
            } finally {
                stop.set(true);
                pool.shutdown();
                assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            }
            for (Future<?> attacker : running) {
                attacker.get();
            }
            // The account that was guessed at is locked too, even for its right password...
            try (SmtpDialog smtp = anonymous("submission")) {
                assertThat(smtp.send("AUTH PLAIN " + plain(BERNARD, PASSWORD))).startsWith("454 4.7.0");
            }
            // ...and IMAP counts with SMTP: the same lock answers there.
            try (SmtpDialog imap = SmtpDialog.connectTls(gateway.imapsPort(), tls)) {
                imap.read();
                assertThat(imap.send("a1 LOGIN \"" + BERNARD + "\" \"" + PASSWORD + "\""))
                    .startsWith("a1 NO LOGIN Too many failed logins");
            }
            // Other users from other addresses log in as usual.
            clients.login(gateway.imapStartTlsPort(), DURAND, PASSWORD);
        }

        @Test
        void imapLoginFloodShouldNotHoldUpOtherImapSessions() throws Exception {
            int attackers = 10;
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<String> attackerReplies = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(attackers);
            for (int i = 0; i < attackers; i++) {
                pool.submit(() -> {
                    int tag = 0;
                    while (!stop.get()) {
                        try (SmtpDialog imap = SmtpDialog.connectTls(gateway.imapsPort(), tls, "127.0.0.3")) {
                            imap.read();
                            while (!stop.get()) {
                                String reply = imap.send("t" + (++tag) + " LOGIN \"nobody-" + tag + "@" + DOMAIN + "\" \"guess\"");
                                attackerReplies.add(reply);
                            }
                        } catch (IOException e) {
                            attackerReplies.add("closed");
                        }
                    }
                    return null;
                });
            }
            try {
                await().atMost(60, TimeUnit.SECONDS).until(() -> attackerReplies.size() >= attackers);
                long started = System.nanoTime();
                clients.login(gateway.imapStartTlsPort(), DURAND, PASSWORD);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
                // Password spraying from one address: the address is locked out whatever the accounts.
                await().atMost(60, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(attackerReplies).anyMatch(reply -> reply.contains("NO LOGIN Too many failed logins")));
            } finally {
                stop.set(true);
                pool.shutdown();
                assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            }
            // New connections from the locked-out address are closed at once, before TLS, on IMAP
            // and on SMTP submission alike.
            try (SmtpDialog imap = SmtpDialog.connectTls(gateway.imapsPort(), tls, "127.0.0.3")) {
                assertThatThrownBy(imap::read).isInstanceOf(IOException.class);
            } catch (IOException closedDuringTheHandshake) {
                // Closed before the TLS handshake could end: refused as well.
            }
            try (SmtpDialog smtp = SmtpDialog.connect(gateway.submissionPort(), "127.0.0.3")) {
                assertThatThrownBy(smtp::read).isInstanceOf(IOException.class);
            }
        }
    }

    @Nested
    class ProtocolFaults {
        @Test
        void overlongLineInDataShouldGetExactlyOneRefusalAndDeliverNothing() throws Exception {
            String subject = unique("long line");
            try (SmtpDialog smtp = authenticated("submission", MARTIN)) {
                assertThat(smtp.send("MAIL FROM:<" + MARTIN + ">")).startsWith("250");
                assertThat(smtp.send("RCPT TO:<" + DURAND + ">")).startsWith("250");
                assertThat(smtp.send("DATA")).startsWith("354");
                smtp.write(message(MARTIN, DURAND, subject, "before\r\n" + "x".repeat(20_000) + "\r\nafter"));
                assertThat(smtp.read()).startsWith("500 5.5.2 Line too long");
                // Nothing else is pending: the next reply is the NOOP's own.
                assertThat(smtp.send("NOOP")).startsWith("250");
                // The session goes on: a conforming message is accepted.
                assertThat(smtp.send("MAIL FROM:<" + MARTIN + ">")).startsWith("250");
                assertThat(smtp.send("RCPT TO:<" + DURAND + ">")).startsWith("250");
                assertThat(smtp.send("DATA")).startsWith("354");
                smtp.write(message(MARTIN, DURAND, subject + " conforming", "short lines"));
                assertThat(smtp.read()).startsWith("250");
            }
            await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> assertThat(subjects(DURAND)).contains(subject + " conforming"));
            assertThat(subjects(DURAND)).doesNotContain(subject);
        }

        @Test
        void recipientsPastTheLimitShouldGetA452() throws Exception {
            try (SmtpDialog smtp = authenticated("submission", MARTIN)) {
                assertThat(smtp.send("MAIL FROM:<" + MARTIN + ">")).startsWith("250");
                for (int i = 0; i < 100; i++) {
                    assertThat(smtp.send("RCPT TO:<" + (i % 2 == 0 ? DURAND : BERNARD) + ">")).startsWith("250");
                }
                assertThat(smtp.send("RCPT TO:<" + DURAND + ">")).startsWith("452 4.5.3 Too many recipients");
                assertThat(smtp.send("RSET")).startsWith("250");
                assertThat(smtp.send("MAIL FROM:<" + MARTIN + ">")).startsWith("250");
                assertThat(smtp.send("RCPT TO:<" + DURAND + ">")).startsWith("250");
            }
        }

        @Test
        void tooManyMimePartsShouldBeRefusedWithOneReply() throws Exception {
            StringBuilder body = new StringBuilder("This is a multi-part message.\r\n");
            for (int i = 0; i < 600; i++) {
                body.append("--b\r\nContent-Type: text/plain\r\n\r\npart ").append(i).append("\r\n");
            }
            body.append("--b--");
            String subject = unique("parts");
            String message = message(MARTIN, DURAND, subject, body.toString())
                .replace("Content-Type: text/plain; charset=UTF-8\r\n\r\nThis", "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\nThis");
            assertThat(sendRaw(message)).startsWith("554 5.6.0 Too many MIME parts: at most 500");
        }

        @Test
        void deeplyNestedMimePartsShouldBeRefusedWithOneReply() throws Exception {
            StringBuilder body = new StringBuilder();
            int levels = 30;
            for (int i = 1; i < levels; i++) {
                body.append("--b").append(i).append("\r\nContent-Type: multipart/mixed; boundary=\"b").append(i + 1).append("\"\r\n\r\n");
            }
            body.append("--b").append(levels).append("\r\nContent-Type: text/plain\r\n\r\ndeep\r\n");
            for (int i = levels; i >= 1; i--) {
                body.append("--b").append(i).append("--\r\n");
            }
            String message = message(MARTIN, DURAND, unique("nesting"), body.toString())
                .replace("Content-Type: text/plain; charset=UTF-8\r\n\r\n--b1", "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1");
            assertThat(sendRaw(message)).startsWith("554 5.6.0 MIME parts nested too deep: at most 16");
        }

        private String sendRaw(String message) throws IOException {
            try (SmtpDialog smtp = authenticated("submission", MARTIN)) {
                assertThat(smtp.send("MAIL FROM:<" + MARTIN + ">")).startsWith("250");
                assertThat(smtp.send("RCPT TO:<" + DURAND + ">")).startsWith("250");
                assertThat(smtp.send("DATA")).startsWith("354");
                smtp.write(message);
                String reply = smtp.read();
                assertThat(smtp.send("NOOP")).startsWith("250");
                return reply;
            }
        }
    }
}
