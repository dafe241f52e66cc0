package org.santegateway.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.Flags;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Store;
import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.ImapDialog;
import org.santegateway.server.testing.ImapDialog.Reply;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.PostgresServer;
import org.santegateway.server.testing.TestTls;

/**
 * What a mail client reads of stored messages now that the IMAP listings are read in plain SQL
 * ({@link MessageRows}) rather than as JPA entities: flags and keywords, internal date, size, BODYSTRUCTURE
 * (with the MIME parameters kept in the property table), exact content; and what COPY and MOVE carry to another
 * mailbox, where content and properties are read lazily from the listing; a flag change without keyword change
 * (updated in SQL) keeps the keywords; an expunge of scattered messages removes exactly those. On the embedded Derby database and on PostgreSQL, the two engines the gateway
 * runs on.
 */
class StoredMessageReadsIntegrationTest {
    static final String DOMAIN = "lectures.test";
    static final String USER = "dr.lecture@" + DOMAIN;
    static final String PASSWORD = "correct horse battery staple";
    static final DateTimeFormatter INTERNAL_DATE = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH);

    static final String LATIN_REPORT = String.join("\r\n",
        "From: Dr Lecture <dr.lecture@lectures.test>",
        "To: Dr Lecture <dr.lecture@lectures.test>",
        "Subject: Compte rendu",
        "Message-ID: <report-1@lectures.test>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=iso-8859-1; format=flowed",
        "Content-Transfer-Encoding: 8bit",
        "",
        "Examen sans particularite.",
        "Deuxieme ligne.",
        "");
    static final String WITH_ATTACHMENT = String.join("\r\n",
        "From: Dr Lecture <dr.lecture@lectures.test>",
        "To: Dr Lecture <dr.lecture@lectures.test>",
        "Subject: Resultats joints",
        "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"sep\"",
        "",
        "--sep",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Voir la piece jointe.",
        "--sep",
        "Content-Type: application/pdf; name=\"resultats.pdf\"",
        "Content-Disposition: attachment; filename=\"resultats.pdf\"",
        "Content-Transfer-Encoding: base64",
        "",
        "JVBERi0xLjQKJcOkw7zDtsOfCg==",
        "--sep--",
        "");

    static final String UNTYPED = "Subject: sans type\r\n\r\ncorps\r\n";

    static PostgresServer postgres;

    @TempDir
    Path root;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void messagesShouldReadBackExactlyOnDerby() throws Exception {
        try (GatewayTestServer gateway = GatewayTestServer.prepare(root).start()) {
            readBack(gateway);
        }
    }

    @Test
    void messagesShouldReadBackExactlyOnPostgresql() throws Exception {
        try (GatewayTestServer gateway = GatewayTestServer.prepare(root).onPostgres(postgres).start()) {
            readBack(gateway);
        }
    }

    private static void readBack(GatewayTestServer gateway) throws Exception {
        gateway.data().addDomain(DOMAIN);
        gateway.data().addUser(USER, PASSWORD);
        SSLSocketFactory tls = TestTls.socketFactory(gateway.testCaCertificate());
        try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
            assertThat(imap.command("LOGIN " + USER + " \"" + PASSWORD + "\"").ok()).isTrue();
            assertThat(imap.command("CREATE Archives").ok()).isTrue();
            assertThat(imap.append("INBOX", "(\\Flagged $Labo) \"14-Feb-2024 09:30:00 +0100\"", LATIN_REPORT).ok()).isTrue();
            assertThat(imap.append("INBOX", "(\\Seen)", WITH_ATTACHMENT).ok()).isTrue();
            assertThat(imap.append("INBOX", "", UNTYPED).ok()).isTrue();

            assertThat(imap.command("SELECT INBOX").untagged()).contains("* 3 EXISTS");
            Reply fetch = imap.command("FETCH 1:3 (FLAGS INTERNALDATE RFC822.SIZE BODYSTRUCTURE)");
            assertThat(fetch.ok()).isTrue();
            String report = line(fetch, 1);
            assertThat(flags(report)).contains("\\Flagged", "$Labo").doesNotContain("\\Seen");
            assertThat(ZonedDateTime.parse(item(report, "INTERNALDATE \"([^\"]+)\""), INTERNAL_DATE).toInstant())
                .isEqualTo(ZonedDateTime.parse("14-Feb-2024 09:30:00 +0100", INTERNAL_DATE).toInstant());
            assertThat(item(report, "RFC822\\.SIZE (\\d+)")).isEqualTo(String.valueOf(LATIN_REPORT.length()));
            assertThat(report.toLowerCase(Locale.ROOT))
                .contains("(\"text\" \"plain\" (\"charset\" \"iso-8859-1\" \"format\" \"flowed\")")
                .contains("\"8bit\"");
            String attachment = line(fetch, 2);
            assertThat(flags(attachment)).contains("\\Seen");
            assertThat(attachment.toLowerCase(Locale.ROOT)).contains("\"mixed\"", "\"resultats.pdf\"", "\"application\" \"pdf\"");
            assertThat(line(fetch, 3).toLowerCase(Locale.ROOT)).contains("(\"text\" \"plain\"").contains("rfc822.size " + UNTYPED.length());

            assertThat(imap.command("UID COPY 1 Archives").ok()).isTrue();
            Reply move = imap.command("UID MOVE 2 Archives");
            assertThat(move.ok()).isTrue();
            assertThat(move.untagged()).contains("* 2 EXPUNGE");
            assertThat(imap.command("STATUS INBOX (MESSAGES)").untaggedStartingWith("* STATUS")).hasValueSatisfying(line ->
                assertThat(line).contains("MESSAGES 2"));

            assertThat(imap.command("SELECT Archives").untagged()).contains("* 2 EXISTS");
            Reply archived = imap.command("FETCH 1:2 (FLAGS RFC822.SIZE BODYSTRUCTURE)");
            assertThat(flags(line(archived, 1))).contains("\\Flagged", "$Labo");
            assertThat(line(archived, 1).toLowerCase(Locale.ROOT))
                .contains("(\"charset\" \"iso-8859-1\" \"format\" \"flowed\")")
                .contains("rfc822.size " + LATIN_REPORT.length());
            assertThat(flags(line(archived, 2))).contains("\\Seen");
            assertThat(line(archived, 2).toLowerCase(Locale.ROOT)).contains("\"resultats.pdf\"");

            assertThat(imap.command("STORE 1 +FLAGS ($Relu)").ok()).isTrue();
            assertThat(flags(line(imap.command("FETCH 1 FLAGS"), 1))).contains("\\Flagged", "$Labo", "$Relu");
            assertThat(imap.command("UID SEARCH KEYWORD $Relu").untaggedStartingWith("* SEARCH")).hasValue("* SEARCH 1");
            Reply seen = imap.command("STORE 1 +FLAGS (\\Seen)");
            assertThat(flags(line(seen, 1))).contains("\\Seen", "\\Flagged", "$Labo", "$Relu");
            assertThat(imap.command("STORE 2 +FLAGS (\\Deleted)").ok()).isTrue();
            assertThat(imap.command("EXPUNGE").untagged()).contains("* 2 EXPUNGE");

            // An expunge of scattered messages: listed in SQL, deleted by ranges of consecutive UIDs.
            assertThat(imap.command("CREATE Tri").ok()).isTrue();
            for (int i = 1; i <= 5; i++) {
                assertThat(imap.append("Tri", "", "Subject: tri " + i + "\r\n\r\ncorps " + i + "\r\n").ok()).isTrue();
            }
            assertThat(imap.command("SELECT Tri").untagged()).contains("* 5 EXISTS");
            assertThat(imap.command("STORE 1,3:4 +FLAGS.SILENT (\\Deleted)").ok()).isTrue();
            // A flag already set changes nothing and is answered as it is.
            Reply again = imap.command("STORE 3 +FLAGS (\\Deleted)");
            assertThat(again.ok()).isTrue();
            assertThat(flags(line(again, 3))).contains("\\Deleted");
            Reply expunge = imap.command("EXPUNGE");
            assertThat(expunge.ok()).isTrue();
            assertThat(expunge.untagged().stream().filter(untagged -> untagged.endsWith(" EXPUNGE"))).hasSize(3);
            assertThat(imap.command("UID SEARCH ALL").untaggedStartingWith("* SEARCH")).hasValue("* SEARCH 2 5");
            assertThat(imap.command("FETCH 1:* (ENVELOPE)").untagged().toString())
                .contains("\"tri 2\"", "\"tri 5\"").doesNotContain("tri 1", "tri 3", "tri 4");
            imap.logout();
        }

        MailClients clients = new MailClients(tls);
        try (Store store = clients.imaps(gateway.imapsPort(), USER, PASSWORD)) {
            Folder archives = store.getFolder("Archives");
            archives.open(Folder.READ_ONLY);
            Message[] messages = archives.getMessages();
            assertThat(messages).hasSize(1);
            assertThat(messages[0].getFlags().contains(Flags.Flag.SEEN)).isTrue();
            assertThat(messages[0].getFlags().contains(Flags.Flag.FLAGGED)).isTrue();
            assertThat(messages[0].getFlags().getUserFlags()).contains("$Labo", "$Relu");
            assertThat(content(messages[0])).isEqualTo(LATIN_REPORT);
            archives.close(false);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(List.of(inbox.getMessages()).stream().map(StoredMessageReadsIntegrationTest::content).toList())
                .containsExactly(LATIN_REPORT, UNTYPED);
            inbox.close(false);
        }
    }

    private static String line(Reply reply, int number) {
        return reply.untaggedStartingWith("* " + number + " FETCH").orElseThrow(() ->
            new AssertionError("No FETCH of message " + number + " in " + reply.untagged()));
    }

    private static List<String> flags(String fetch) {
        return List.of(item(fetch, "FLAGS \\(([^)]*)\\)").split(" "));
    }

    private static String item(String fetch, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(fetch);
        assertThat(matcher.find()).as("%s in %s", pattern, fetch).isTrue();
        return matcher.group(1);
    }

    private static String content(Message message) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            message.writeTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
