package org.santegateway.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * A mailbox kept in sync with a local Maildir by offlineimap (offlineimap3, as Debian ships it), a client of its own
 * IMAP library (imaplib2) with several connections at once. It creates a new folder's parents one by one and goes on
 * only past {@code NO [ALREADYEXISTS]} (RFC 5530): on James 3.8.1's bare {@code NO} it could not push a folder
 * {@code Patients/Dupont} when {@code Patients} existed on the server, and the account's sync ended in error.
 */
class OfflineImapIntegrationTest {
    static final String DOMAIN = "cabinet-test.fr";
    static final String USER = "dr.offline@" + DOMAIN;
    static final String PASSWORD = "Synchro-Hors-Ligne-2026";

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
        maildir = root.resolve("maildir");
        configuration = root.resolve("offlineimaprc");
        Files.writeString(configuration, String.join("\n",
            "[general]",
            "accounts = gateway",
            "metadata = " + root.resolve("metadata"),
            "ui = basic",
            "",
            "[Account gateway]",
            "localrepository = local",
            "remoterepository = remote",
            "",
            "[Repository local]",
            "type = Maildir",
            "localfolders = " + maildir,
            "",
            "[Repository remote]",
            "type = IMAP",
            // The test certificate names localhost.
            "remotehost = localhost",
            "remoteport = " + gateway.imapsPort(),
            "ssl = yes",
            "sslcacertfile = " + gateway.testCaCertificate(),
            "remoteuser = " + USER,
            "remotepass = " + PASSWORD,
            "maxconnections = 3",
            ""));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aMailboxShouldStayInSyncWithAMaildirFoldersIncluded() throws Exception {
        try (ImapDialog imap = loggedIn()) {
            for (int i = 0; i < 12; i++) {
                Reply append = imap.append("INBOX", i % 3 == 0 ? "(\\Seen)" : "", message("serveur " + i));
                assertThat(append.ok()).as(append.tagged()).isTrue();
            }
            assertThat(imap.command("CREATE Patients").ok()).isTrue();
        }

        sync();
        Path inbox = maildir.resolve("INBOX");
        assertThat(messages(inbox)).hasSize(12);
        assertThat(messages(inbox)).filteredOn(file -> file.getFileName().toString().matches(".*:2,[A-Z]*S[A-Z]*$")).hasSize(4);

        // In the Maildir: two flagged, one deleted, one new, and a folder under the server's Patients.
        List<Path> local = messages(inbox);
        for (Path file : local.subList(0, 2)) {
            String name = file.getFileName().toString();
            String base = name.contains(":2,") ? name.substring(0, name.indexOf(":2,")) : name;
            String flags = name.contains(":2,") ? name.substring(name.indexOf(":2,") + 3) : "";
            Files.move(file, inbox.resolve("cur").resolve(base + ":2," + (flags.contains("S") ? "FS" : "F")));
        }
        Files.delete(messages(inbox).get(5));
        Files.writeString(inbox.resolve("new").resolve("local-1.test"), message("local 1"));
        Path folder = maildir.resolve("Patients.Dupont");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(folder.resolve(sub));
        }
        Files.writeString(folder.resolve("new").resolve("dossier.test"), message("dossier Dupont"));

        sync();
        try (ImapDialog imap = loggedIn()) {
            assertThat(imap.command("SELECT INBOX").untaggedStartingWith("* 12 EXISTS")).isPresent();
            assertThat(uids(imap.command("UID SEARCH FLAGGED"))).hasSize(2);
            assertThat(uids(imap.command("UID SEARCH SUBJECT local"))).hasSize(1);
            List<String> mailboxes = imap.command("LIST \"\" \"*\"").untagged();
            assertThat(mailboxes).anyMatch(line -> line.endsWith("\"Patients.Dupont\""));
            assertThat(mailboxes).noneMatch(line -> line.contains("Injected"));
            assertThat(imap.command("SELECT Patients.Dupont").untaggedStartingWith("* 1 EXISTS")).isPresent();
        }

        // Nothing left to do: nothing uploaded twice.
        sync();
        assertThat(messages(inbox)).hasSize(12);
        try (ImapDialog imap = loggedIn()) {
            assertThat(imap.command("SELECT INBOX").untaggedStartingWith("* 12 EXISTS")).isPresent();
            assertThat(imap.command("SELECT Patients.Dupont").untaggedStartingWith("* 1 EXISTS")).isPresent();
        }
    }

    /** One run of offlineimap over every folder; its output in the failure message when it does not end well. */
    private static void sync() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("offlineimap", "-c", configuration.toString(), "-o", "-u", "basic")
            .redirectErrorStream(true)
            .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("offlineimap finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).doesNotContain("ERROR");
    }

    private static List<Path> messages(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> listed = Files.list(folder.resolve(sub))) {
                listed.forEach(files::add);
            }
        }
        files.sort(null);
        return files;
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

    /** A short message whose text holds a line that is an IMAP command. */
    private static String message(String subject) {
        return "From: Dr Martin <dr.martin@" + DOMAIN + ">\r\nTo: " + USER + "\r\nSubject: " + subject
            + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + "x1 CREATE Injected\r\nRésultats joints.\r\n";
    }
}
