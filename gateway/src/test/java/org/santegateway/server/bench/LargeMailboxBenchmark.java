package org.santegateway.server.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.Flags;
import javax.net.ssl.SSLSocketFactory;

import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.modules.MailboxProbeImpl;
import org.apache.james.core.Username;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.ImapDialog;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.TestTls;

/**
 * IMAP on a large mailbox: fills one INBOX with N messages (default 100 000), then times over IMAPS
 * what a mail client does when it opens the mailbox: SELECT, then FETCH of the newest 50 messages'
 * flags, size and headers; again right after new mail arrived by SMTP; and NOOP in a session that
 * has the mailbox open while mail arrives. Not a test: run it by hand.
 *
 * <p>With {@code append} as third argument the messages are appended through the mailbox manager (stored and
 * indexed as delivered mail is: ~35 messages/s on 2 cores, so about 50 minutes for 100 000); by default they are
 * written into the stopped gateway's database in one batch (a minute or two), which leaves them out of the
 * search index: SEARCH is not what this measures.</p>
 *
 * <pre>
 * mvn -B -q -pl gateway test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp gateway/target/test-classes:gateway/target/classes:mailets/target/classes:$(cat /tmp/cp.txt) \
 *     org.santegateway.server.bench.LargeMailboxBenchmark DIR [N] [append]
 * </pre>
 * DIR keeps the gateway's data: a second run on the same DIR reuses the filled mailbox.
 */
public final class LargeMailboxBenchmark {
    private static final String DOMAIN = "grand-cabinet.test";
    private static final String USER = "dr.volume@" + DOMAIN;
    private static final String SENDER = "dr.envoi@" + DOMAIN;
    private static final String PASSWORD = "a long benchmark password";
    private static final int ROUNDS = 5;

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int target = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        boolean append = args.length > 2 && args[2].equals("append");
        boolean fresh = !Files.exists(root.resolve("data"));
        GatewayTestServer gateway = GatewayTestServer.prepare(root).withProbe(MailboxProbeImpl.class).start();
        try {
            if (fresh) {
                gateway.data().addDomain(DOMAIN);
                gateway.data().addUser(USER, PASSWORD);
                gateway.data().addUser(SENDER, PASSWORD);
            }
            SSLSocketFactory tls = TestTls.socketFactory(gateway.testCaCertificate());
            if (append) {
                fill(gateway, tls, target);
            } else {
                int present = exists(gateway, tls);
                if (present < target) {
                    gateway.stop();
                    fillDatabase(gateway.settings().dataDirectory().resolve("var/derby"), present, target);
                    gateway.start();
                }
            }

            System.out.println("Mailbox opened again (no new mail):");
            for (int round = 0; round < ROUNDS; round++) {
                open(gateway, tls);
            }
            System.out.println("Mailbox opened right after 20 new messages arrived by SMTP:");
            for (int round = 0; round < ROUNDS; round++) {
                deliver(gateway, tls, 20);
                open(gateway, tls);
            }
            System.out.println("NOOP of a client that has the mailbox open while 20 messages arrive:");
            pollWhileMailArrives(gateway, tls);
        } finally {
            gateway.close();
        }
        // Some of James's threads are not daemons: end the JVM (and write a flight recording, if one was asked for).
        System.exit(0);
    }

    private static void fill(GatewayTestServer gateway, SSLSocketFactory tls, int target) throws Exception {
        int present = exists(gateway, tls);
        if (present >= target) {
            System.out.printf("INBOX holds %d messages%n", present);
            return;
        }
        MailboxProbeImpl mailboxes = gateway.probe(MailboxProbeImpl.class);
        MailboxPath inbox = MailboxPath.inbox(Username.of(USER));
        AtomicInteger next = new AtomicInteger(present);
        long start = System.nanoTime();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            work.add(threads.submit(() -> {
                for (int i = next.getAndIncrement(); i < target; i = next.getAndIncrement()) {
                    mailboxes.appendMessage(USER, inbox, new ByteArrayInputStream(message(i)), new Date(), false, new Flags());
                    if (i % 5000 == 0) {
                        System.out.printf("  %d appended (%.0f s)%n", i, (System.nanoTime() - start) / 1e9);
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : work) {
            future.get();
        }
        threads.shutdown();
        System.out.printf("INBOX filled to %d messages in %.0f s%n", target, (System.nanoTime() - start) / 1e9);
    }

    /** Writes messages [present, target) into INBOX with one batch of inserts, as the JPA mapping stores them. */
    private static void fillDatabase(Path derby, int present, int target) throws Exception {
        long start = System.nanoTime();
        String url = "jdbc:derby:" + derby;
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            long mailbox;
            try (PreparedStatement find = connection.prepareStatement(
                "SELECT MAILBOX_ID FROM JAMES_MAILBOX WHERE USER_NAME = ? AND MAILBOX_NAME = 'INBOX'")) {
                find.setString(1, USER);
                try (ResultSet row = find.executeQuery()) {
                    row.next();
                    mailbox = row.getLong(1);
                }
            }
            long lastUid;
            long modSeq;
            try (ResultSet row = connection.createStatement().executeQuery(
                "SELECT MAILBOX_LAST_UID, MAILBOX_HIGHEST_MODSEQ FROM JAMES_MAILBOX WHERE MAILBOX_ID = " + mailbox)) {
                row.next();
                lastUid = row.getLong(1);
                modSeq = row.getLong(2);
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO JAMES_MAIL (MAILBOX_ID, MAIL_UID,"
                + " MAIL_IS_ANSWERED, MAIL_BODY_START_OCTET, MAIL_CONTENT_OCTETS_COUNT, MAIL_IS_DELETED, MAIL_IS_DRAFT,"
                + " MAIL_IS_FLAGGED, MAIL_DATE, MAIL_MIME_TYPE, MAIL_MODSEQ, MAIL_IS_RECENT, MAIL_IS_SEEN,"
                + " MAIL_MIME_SUBTYPE, MAIL_TEXTUAL_LINE_COUNT, MAIL_BYTES, HEADER_BYTES)"
                + " VALUES (?, ?, 0, ?, ?, 0, 0, 0, ?, 'text', ?, 0, ?, 'plain', ?, ?, ?)")) {
                for (int i = present; i < target; i++) {
                    byte[] whole = message(i);
                    int bodyStart = indexOfBody(whole);
                    byte[] header = java.util.Arrays.copyOfRange(whole, 0, bodyStart);
                    byte[] body = java.util.Arrays.copyOfRange(whole, bodyStart, whole.length);
                    lastUid++;
                    modSeq++;
                    insert.setLong(1, mailbox);
                    insert.setLong(2, lastUid);
                    insert.setInt(3, bodyStart);
                    insert.setLong(4, whole.length);
                    insert.setTimestamp(5, new java.sql.Timestamp(System.currentTimeMillis()));
                    insert.setLong(6, modSeq);
                    insert.setInt(7, i < target - 1000 ? 1 : 0);
                    insert.setLong(8, 20);
                    insert.setBytes(9, body);
                    insert.setBytes(10, header);
                    insert.addBatch();
                    if (i % 1000 == 999) {
                        insert.executeBatch();
                        connection.commit();
                    }
                    if (i % 10_000 == 0) {
                        System.out.printf("  %d written (%.0f s)%n", i, (System.nanoTime() - start) / 1e9);
                    }
                }
                insert.executeBatch();
            }
            try (PreparedStatement update = connection.prepareStatement(
                "UPDATE JAMES_MAILBOX SET MAILBOX_LAST_UID = ?, MAILBOX_HIGHEST_MODSEQ = ? WHERE MAILBOX_ID = ?")) {
                update.setLong(1, lastUid);
                update.setLong(2, modSeq);
                update.setLong(3, mailbox);
                update.executeUpdate();
            }
            connection.commit();
        } finally {
            try {
                DriverManager.getConnection(url + ";shutdown=true").close();
            } catch (java.sql.SQLException expected) {
                // Derby reports a clean shutdown as an SQLException.
            }
        }
        System.out.printf("INBOX filled to %d messages in the database in %.0f s (all but the last 1 000 seen)%n",
            target, (System.nanoTime() - start) / 1e9);
    }

    private static int indexOfBody(byte[] message) {
        for (int i = 0; i + 3 < message.length; i++) {
            if (message[i] == '\r' && message[i + 1] == '\n' && message[i + 2] == '\r' && message[i + 3] == '\n') {
                return i + 4;
            }
        }
        return message.length;
    }

    private static byte[] message(int i) {
        return ("From: Dr Expediteur <dr.expediteur" + (i % 97) + "@hopital-" + (i % 13) + ".test>\r\n"
            + "To: " + USER + "\r\n"
            + "Subject: Compte rendu " + i + "\r\n"
            + "Date: Mon, 2 Nov 2026 10:" + String.format("%02d", i % 60) + ":00 +0100\r\n"
            + "Message-ID: <volume-" + i + "@grand-cabinet.test>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + ("Ligne de compte rendu numero " + i + " pour le benchmark.\r\n").repeat(20))
            .getBytes(StandardCharsets.UTF_8);
    }

    private static int exists(GatewayTestServer gateway, SSLSocketFactory tls) throws Exception {
        try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
            imap.command("LOGIN \"" + USER + "\" \"" + PASSWORD + "\"");
            ImapDialog.Reply status = imap.command("STATUS INBOX (MESSAGES)");
            imap.logout();
            return status.untaggedStartingWith("* STATUS")
                .map(line -> Integer.parseInt(line.replaceAll(".*MESSAGES (\\d+).*", "$1")))
                .orElse(0);
        }
    }

    private static void open(GatewayTestServer gateway, SSLSocketFactory tls) throws Exception {
        try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
            imap.command("LOGIN \"" + USER + "\" \"" + PASSWORD + "\"");
            ImapDialog.Reply select = imap.command("SELECT INBOX");
            int exists = select.untagged().stream().filter(line -> line.endsWith(" EXISTS"))
                .mapToInt(line -> Integer.parseInt(line.split(" ")[1])).findFirst().orElse(0);
            ImapDialog.Reply fetch = imap.command("FETCH " + Math.max(1, exists - 49) + ":" + exists
                + " (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE MESSAGE-ID)])");
            imap.logout();
            Duration both = select.duration().plus(fetch.duration());
            System.out.printf("  EXISTS %d: SELECT %d ms, FETCH newest 50 %d ms, together %d ms (%s/%s)%n", exists,
                select.duration().toMillis(), fetch.duration().toMillis(), both.toMillis(),
                select.ok() ? "OK" : select.tagged(), fetch.ok() ? "OK" : fetch.tagged());
            resync(gateway, tls, number(select, "UIDVALIDITY"), number(select, "HIGHESTMODSEQ"));
        }
    }

    private static long number(ImapDialog.Reply select, String code) {
        return select.untaggedStartingWith("* OK [" + code + " ")
            .map(line -> Long.parseLong(line.replaceAll("\\D*(\\d+).*", "$1")))
            .orElseThrow();
    }

    /** A phone back online (QRESYNC): SELECT from a mod-sequence 10 changes back. */
    private static void resync(GatewayTestServer gateway, SSLSocketFactory tls, long uidValidity, long highestModSeq) throws Exception {
        try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
            imap.command("LOGIN \"" + USER + "\" \"" + PASSWORD + "\"");
            imap.command("ENABLE QRESYNC");
            ImapDialog.Reply select = imap.command("SELECT INBOX (QRESYNC (" + uidValidity + " " + Math.max(1, highestModSeq - 10) + "))");
            imap.logout();
            System.out.printf("  SELECT (QRESYNC) from 10 changes back: %d ms, %d FETCH, %s (%s)%n", select.duration().toMillis(),
                select.untagged().stream().filter(line -> line.contains(" FETCH ")).count(),
                select.untaggedStartingWith("* VANISHED").orElse("no VANISHED"), select.ok() ? "OK" : select.tagged());
        }
    }

    private static void deliver(GatewayTestServer gateway, SSLSocketFactory tls, int count) throws Exception {
        MailClients clients = new MailClients(tls);
        int before = exists(gateway, tls);
        for (int i = 0; i < count; i++) {
            clients.sendStartTls(gateway.submissionPort(), SENDER, PASSWORD,
                clients.newMessage(SENDER, USER, "Nouveau " + i, "Nouveau message " + i));
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (exists(gateway, tls) < before + count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("new mail not delivered within 2 minutes");
            }
            Thread.onSpinWait();
        }
    }

    private static void pollWhileMailArrives(GatewayTestServer gateway, SSLSocketFactory tls) throws Exception {
        try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
            imap.command("LOGIN \"" + USER + "\" \"" + PASSWORD + "\"");
            imap.command("SELECT INBOX");
            Thread sender = new Thread(() -> {
                try {
                    deliver(gateway, tls, 20);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            sender.start();
            long slowest = 0;
            int polls = 0;
            while (sender.isAlive()) {
                ImapDialog.Reply noop = imap.command("NOOP");
                slowest = Math.max(slowest, noop.duration().toMillis());
                polls++;
            }
            sender.join();
            System.out.printf("  %d NOOPs, slowest %d ms%n", polls, slowest);
            imap.logout();
        }
    }
}
