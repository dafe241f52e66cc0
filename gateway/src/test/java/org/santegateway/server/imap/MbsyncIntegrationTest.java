package org.santegateway.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.ImapDialog;
import org.santegateway.server.testing.ImapDialog.Reply;
import org.santegateway.server.testing.TestTls;

/**
 * A mailbox kept in sync with a local Maildir by mbsync (isync, as Debian ships it): a strict IMAP client that
 * pipelines its commands (APPENDs with LITERAL+ behind a large one), relies on UIDPLUS to map what it uploads and
 * stops at the first answer it does not expect. Both ways: what the server holds reaches the Maildir with its flags,
 * and what changes in the Maildir (flags, deletions, new messages, large ones, a new folder) reaches the server,
 * each message once.
 */
class MbsyncIntegrationTest {
    static final String DOMAIN = "cabinet-test.fr";
    static final String USER = "dr.isync@" + DOMAIN;
    static final String PASSWORD = "Synchro-Maildir-2026";

    @TempDir
    static Path root;
    static GatewayTestServer gateway;
    static SSLSocketFactory tls;
    static Path maildir;
    static Path configuration;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayTestServer.prepare(root.resolve("gateway")).start();
        gateway.data().addDomain(DOMAIN);
        gateway.data().addUser(USER, PASSWORD);
        tls = TestTls.socketFactory(gateway.testCaCertificate());
        maildir = Files.createDirectories(root.resolve("maildir"));
        configuration = root.resolve("mbsyncrc");
        Files.writeString(configuration, String.join("\n",
            "IMAPAccount gateway",
            // The test certificate names localhost.
            "Host localhost",
            "Port " + gateway.imapsPort(),
            "User " + USER,
            "Pass " + PASSWORD,
            "SSLType IMAPS",
            "CertificateFile " + gateway.testCaCertificate(),
            "PipelineDepth 8",
            "",
            "IMAPStore remote",
            "Account gateway",
            "",
            "MaildirStore local",
            "Path " + maildir + "/",
            "Inbox " + maildir.resolve("INBOX"),
            "SubFolders Verbatim",
            "",
            "Channel gateway",
            "Far :remote:",
            "Near :local:",
            "Patterns *",
            "Create Both",
            "Remove Both",
            "Expunge Both",
            "SyncState *",
            ""));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aMailboxShouldStayInSyncWithAMaildirBothWays() throws Exception {
        // On the server: 30 messages, every third seen, three large enough to go through a file.
        try (ImapDialog imap = loggedIn()) {
            for (int i = 0; i < 30; i++) {
                byte[] message = i % 10 == 5 ? largeMessage("serveur " + i) : smallMessage("serveur " + i);
                Reply append = imap.append("INBOX", i % 3 == 0 ? "(\\Seen)" : "", new String(message, StandardCharsets.UTF_8));
                assertThat(append.ok()).as(append.tagged()).isTrue();
            }
        }

        sync();
        Path inbox = maildir.resolve("INBOX");
        assertThat(messages(inbox)).hasSize(30);
        assertThat(messages(inbox)).filteredOn(file -> flags(file).contains("S")).hasSize(10);
        assertThat(subjects(inbox)).contains("Subject: serveur 0", "Subject: serveur 5", "Subject: serveur 29");

        // In the Maildir: five flagged, three deleted, four new (small and large in turn, as mbsync then pipelines an
        // APPEND of each kind behind one of the other), a folder.
        List<Path> local = messages(inbox);
        for (Path file : local.subList(0, 5)) {
            withFlag(file, 'F');
        }
        for (Path file : local.subList(10, 13)) {
            withFlag(file, 'T');
        }
        for (int i = 0; i < 4; i++) {
            byte[] message = i % 2 == 1 ? largeMessage("local " + i) : smallMessage("local " + i);
            Files.write(inbox.resolve("new").resolve("local-" + i + ".test"), message);
        }
        Path folder = Files.createDirectories(maildir.resolve("Patients").resolve("Dupont"));
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(folder.resolve(sub));
        }
        Files.write(folder.resolve("new").resolve("dossier.test"), smallMessage("dossier Dupont"));

        sync();
        try (ImapDialog imap = loggedIn()) {
            assertThat(imap.command("SELECT INBOX").untaggedStartingWith("* 31 EXISTS")).isPresent();
            assertThat(uids(imap.command("UID SEARCH FLAGGED"))).hasSize(5);
            assertThat(uids(imap.command("UID SEARCH DELETED"))).isEmpty();
            assertThat(uids(imap.command("UID SEARCH SUBJECT local"))).hasSize(4);
            List<String> mailboxes = imap.command("LIST \"\" \"*\"").untagged();
            assertThat(mailboxes).anyMatch(line -> line.endsWith("\"Patients.Dupont\""));
            assertThat(mailboxes).noneMatch(line -> line.contains("Injected"));
            assertThat(imap.command("SELECT Patients.Dupont").untaggedStartingWith("* 1 EXISTS")).isPresent();

            // On the server again: two answered, two expunged.
            assertThat(imap.command("SELECT INBOX").ok()).isTrue();
            List<String> all = uids(imap.command("UID SEARCH ALL"));
            assertThat(imap.command("UID STORE " + all.get(20) + "," + all.get(21) + " +FLAGS (\\Answered)").ok()).isTrue();
            assertThat(imap.command("UID STORE " + all.get(22) + "," + all.get(23) + " +FLAGS (\\Deleted)").ok()).isTrue();
            assertThat(imap.command("EXPUNGE").ok()).isTrue();
        }

        sync();
        assertThat(messages(inbox)).hasSize(29);
        assertThat(messages(inbox)).filteredOn(file -> flags(file).contains("R")).hasSize(2);

        // Nothing left to do: nothing uploaded or removed twice.
        sync();
        assertThat(messages(inbox)).hasSize(29);
        try (ImapDialog imap = loggedIn()) {
            assertThat(imap.command("SELECT INBOX").untaggedStartingWith("* 29 EXISTS")).isPresent();
            assertThat(uids(imap.command("UID SEARCH SUBJECT local"))).hasSize(4);
            assertThat(uids(imap.command("UID SEARCH SUBJECT \"serveur 5\""))).hasSize(1);
        }
    }

    /** One run of mbsync over every folder; its output in the failure message when it does not end well. */
    private static void sync() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("mbsync", "-c", configuration.toString(), "-V", "gateway")
            .redirectErrorStream(true)
            .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("mbsync finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).doesNotContain("IMAP error");
    }

    /** The messages of a Maildir folder, in the order of their server UIDs. */
    private static List<Path> messages(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> listed = Files.list(folder.resolve(sub))) {
                listed.forEach(files::add);
            }
        }
        files.sort((a, b) -> Long.compare(uid(a), uid(b)));
        return files;
    }

    private static long uid(Path file) {
        String name = file.getFileName().toString();
        int at = name.indexOf(",U=");
        if (at < 0) {
            return Long.MAX_VALUE;
        }
        String digits = name.substring(at + 3).replaceAll("[^0-9].*$", "");
        return Long.parseLong(digits);
    }

    /** The Maildir flags of a file ({@code :2,FS} gives "FS"). */
    private static String flags(Path file) {
        String name = file.getFileName().toString();
        int info = name.indexOf(":2,");
        return info < 0 ? "" : name.substring(info + 3);
    }

    /** Renames the file into cur/ with {@code flag} among its flags, in the alphabetical order Maildir wants. */
    private static void withFlag(Path file, char flag) throws IOException {
        String name = file.getFileName().toString();
        int info = name.indexOf(":2,");
        String base = info < 0 ? name : name.substring(0, info);
        TreeSet<Character> flags = flags(file).chars().mapToObj(c -> (char) c).collect(Collectors.toCollection(TreeSet::new));
        flags.add(flag);
        String renamed = base + ":2," + flags.stream().map(String::valueOf).collect(Collectors.joining());
        Files.move(file, file.getParent().getParent().resolve("cur").resolve(renamed));
    }

    private static List<String> subjects(Path folder) throws IOException {
        List<String> subjects = new ArrayList<>();
        for (Path file : messages(folder)) {
            Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("Subject: "))
                .findFirst()
                .ifPresent(subjects::add);
        }
        return subjects;
    }

    private static ImapDialog loggedIn() throws IOException {
        ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls);
        assertThat(imap.command("LOGIN " + USER + " \"" + PASSWORD + "\"").ok()).isTrue();
        return imap;
    }

    private static List<String> uids(Reply search) {
        assertThat(search.ok()).as(search.tagged()).isTrue();
        return search.searched();
    }

    /** A short message whose text holds lines that are IMAP commands. */
    private static byte[] smallMessage(String subject) {
        return ("From: Dr Martin <dr.martin@" + DOMAIN + ">\r\nTo: " + USER + "\r\nSubject: " + subject
            + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + "x1 CREATE Injected\r\nRésultats joints.\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** About 4 MB: a base64 attachment, far above the 64 KiB the server keeps in memory for a literal. */
    private static byte[] largeMessage(String subject) {
        byte[] attachment = new byte[3 * 1024 * 1024];
        new Random(subject.hashCode()).nextBytes(attachment);
        return ("From: Dr Martin <dr.martin@" + DOMAIN + ">\r\nTo: " + USER + "\r\nSubject: " + subject
            + "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=limite\r\n\r\n--limite\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\nCompte rendu en pièce jointe.\r\n--limite\r\n"
            + "Content-Type: application/pdf; name=cr.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(attachment) + "\r\n--limite--\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
