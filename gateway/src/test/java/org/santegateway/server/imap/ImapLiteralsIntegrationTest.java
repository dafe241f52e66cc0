package org.santegateway.server.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.ImapDialog;
import org.santegateway.server.testing.TestTls;

/**
 * Literals as pipelining clients send them (mbsync, imaptest, any client with LITERAL+, RFC 7888): a command sent
 * right after a literal, in the same write, is read as a command, once, in order, and the literal's text is never
 * read as commands. Messages above the 64 KiB kept in memory ({@code inMemorySizeLimit}) go through a file; below,
 * through memory: both are exercised.
 */
class ImapLiteralsIntegrationTest {
    static final String DOMAIN = "cabinet-test.fr";
    static final String USER = "dr.petit@" + DOMAIN;
    static final String PASSWORD = "correct horse battery staple";
    static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID \\d+ (\\d+)]");
    /** Above the configured {@code inMemorySizeLimit} (64 KiB): spooled to a file. */
    static final int LARGE = 400 * 1024;

    @TempDir
    static Path root;
    static GatewayTestServer gateway;
    static SSLSocketFactory tls;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayTestServer.prepare(root).start();
        gateway.data().addDomain(DOMAIN);
        gateway.data().addUser(USER, PASSWORD);
        tls = TestTls.socketFactory(gateway.testCaCertificate());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /**
     * A small APPEND with its literal (LITERAL+) and the line of a large APPEND in one write, as mbsync sends two
     * messages: James 3.8.1 read the small message's lines as commands (its {@code x1 CREATE Injected} line created
     * the mailbox) and never answered the APPEND.
     */
    @Test
    void theTextOfALiteralSentWithItsCommandShouldNeverRunAsCommands() throws Exception {
        byte[] small = smallMessage("petit-1");
        byte[] large = largeMessage("grand-1");
        try (ImapDialog imap = loggedIn()) {
            imap.write(concat(("b APPEND INBOX {" + small.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII), small,
                ("\r\nc APPEND INBOX {" + large.length + "}\r\n").getBytes(StandardCharsets.US_ASCII)));
            assertThat(imap.nextLine()).startsWith("+");
            imap.write(concat(large, "\r\nd NOOP\r\n".getBytes(StandardCharsets.US_ASCII)));

            List<String> lines = readUntilTagged(imap, "d");
            assertThat(tagged(lines)).containsExactly("b OK", "c OK", "d OK");
            assertThat(lines).noneMatch(line -> line.contains("BAD"));
            assertThat(imap.command("LIST \"\" \"*\"").untagged()).noneMatch(line -> line.contains("Injected"));
            assertThat(storedMessage(uid(lines, "b"))).isEqualTo(small);
            assertThat(storedMessage(uid(lines, "c"))).isEqualTo(large);
        }
    }

    /**
     * A large APPEND (synchronizing literal, past the continuation) followed in the same write by a small APPEND with
     * its literal and a NOOP: James 3.8.1 dropped what followed the large literal, read the small message as commands,
     * and answered the large APPEND twice ({@code OK} then {@code NO}), which makes mbsync abort ("unexpected tag").
     */
    @Test
    void commandsPipelinedAfterALargeLiteralShouldBeAnsweredOnceEachAndInOrder() throws Exception {
        try (ImapDialog imap = loggedIn()) {
            for (int round = 0; round < 5; round++) {
                byte[] large = largeMessage("grand-2-" + round);
                byte[] small = smallMessage("petit-2-" + round);
                imap.write(("b" + round + " APPEND INBOX {" + large.length + "}\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(imap.nextLine()).startsWith("+");
                imap.write(concat(large, ("\r\nc" + round + " APPEND INBOX {" + small.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII),
                    small, ("\r\nd" + round + " NOOP\r\n").getBytes(StandardCharsets.US_ASCII)));

                List<String> lines = readUntilTagged(imap, "d" + round);
                assertThat(tagged(lines)).containsExactly("b" + round + " OK", "c" + round + " OK", "d" + round + " OK");
                assertThat(storedMessage(uid(lines, "b" + round))).isEqualTo(large);
                assertThat(storedMessage(uid(lines, "c" + round))).isEqualTo(small);
            }
            assertThat(imap.command("LIST \"\" \"*\"").untagged()).noneMatch(line -> line.contains("Injected"));
        }
    }

    /** A large literal arriving in many small writes, the next command in the last one: stored byte for byte. */
    @Test
    void aLargeLiteralSentInPiecesShouldBeStoredWhole() throws Exception {
        byte[] large = largeMessage("grand-3");
        try (ImapDialog imap = loggedIn()) {
            imap.write(("b APPEND INBOX {" + large.length + "}\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(imap.nextLine()).startsWith("+");
            for (int offset = 0; offset < large.length; offset += 1000) {
                imap.write(Arrays.copyOfRange(large, offset, Math.min(large.length, offset + 1000)));
            }
            imap.write("\r\nc NOOP\r\n".getBytes(StandardCharsets.US_ASCII));

            List<String> lines = readUntilTagged(imap, "c");
            assertThat(tagged(lines)).containsExactly("b OK", "c OK");
            assertThat(storedMessage(uid(lines, "b"))).isEqualTo(large);
        }
    }

    /** A client gone in the middle of a large literal leaves no part of it in the temporary directory. */
    @Test
    void aConnectionClosedDuringALargeLiteralShouldLeaveNoFileBehind() throws Exception {
        Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
        long before = spooledLiterals(temporary);
        byte[] large = largeMessage("coupe");
        try (ImapDialog imap = loggedIn()) {
            imap.write(("b APPEND INBOX {" + large.length + "}\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(imap.nextLine()).startsWith("+");
            imap.write(Arrays.copyOf(large, large.length / 2));
            await().atMost(Duration.ofSeconds(10)).until(() -> spooledLiterals(temporary) > before);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> spooledLiterals(temporary) == before);
        try (ImapDialog imap = loggedIn()) {
            assertThat(imap.command("SELECT INBOX").ok()).isTrue();
            assertThat(imap.command("SEARCH SUBJECT coupe").untagged()).contains("* SEARCH");
        }
    }

    /**
     * A command refused before its non-synchronizing literal was read (a date-time written {@code 7-Dec-2026}, a
     * mailbox name that is not modified UTF-7, an unknown command, a command not valid in the state): its literal is
     * part of the command (RFC 3501 section 2.2) and the client sent it without waiting (RFC 7888). James 3.8.1 read
     * the literal as commands: the message's {@code x1 CREATE Injected} line created the mailbox. Small literals, read
     * from memory, and large ones with a line longer than {@code maxLineLength}, sent in pieces.
     */
    @Test
    void theLiteralOfARefusedCommandShouldNeverRunAsCommands() throws Exception {
        List<String> refused = List.of(
            "APPEND INBOX \"7-Dec-2026 10:00:00 +0100\"",
            "APPEND \"Dossiers&Patients\"",
            "XAPPEND INBOX",
            "SEARCH TEXT");
        try (ImapDialog imap = loggedIn()) {
            int round = 0;
            for (String command : refused) {
                for (byte[] message : List.of(smallMessage("refus-" + round), messageWithALongLine("refus-long-" + round))) {
                    round++;
                    imap.write(concat(("r" + round + " " + command + " {" + message.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII)));
                    for (int offset = 0; offset < message.length; offset += 7000) {
                        imap.write(Arrays.copyOfRange(message, offset, Math.min(message.length, offset + 7000)));
                    }
                    imap.write(("\r\nn" + round + " NOOP\r\n").getBytes(StandardCharsets.US_ASCII));

                    List<String> lines = readUntilTagged(imap, "n" + round);
                    assertThat(tagged(lines)).as(command).hasSize(2);
                    assertThat(tagged(lines).get(0)).as(command).isIn("r" + round + " BAD", "r" + round + " NO");
                    assertThat(tagged(lines).get(1)).isEqualTo("n" + round + " OK");
                    assertThat(lines).as(command).noneMatch(line -> line.startsWith("x1") || line.startsWith("x2"));
                }
            }
            assertThat(imap.command("LIST \"\" \"*\"").untagged()).noneMatch(line -> line.contains("Injected"));
        }
    }

    /** The rest of a refused command's line announcing another literal: skipped too, up to the command's end. */
    @Test
    void everyLiteralOfARefusedCommandShouldBeSkipped() throws Exception {
        byte[] first = smallMessage("premier");
        byte[] second = messageWithALongLine("second");
        try (ImapDialog imap = loggedIn()) {
            imap.write(concat(("b XSTORE {" + first.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII), first,
                (" SUITE {" + second.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII), second,
                " FIN\r\nc NOOP\r\n".getBytes(StandardCharsets.US_ASCII)));

            List<String> lines = readUntilTagged(imap, "c");
            assertThat(tagged(lines)).containsExactly("b BAD", "c OK");
            assertThat(lines).noneMatch(line -> line.startsWith("x1") || line.startsWith("x2"));
            assertThat(imap.command("LIST \"\" \"*\"").untagged()).noneMatch(line -> line.contains("Injected"));
        }
    }

    /**
     * A literal announced with a size beyond any IMAP number (32 bits): where the command ends cannot be known, the
     * session ends with a {@code BYE} (RFC 3501 section 7.1.5) and nothing after it is read.
     */
    @Test
    void aRefusedCommandWithALiteralOfNoIMAPSizeShouldEndTheConnection() throws Exception {
        try (ImapDialog imap = loggedIn()) {
            imap.write("b XFOO {99999999999+}\r\nx1 CREATE Injected\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(imap.nextLine()).isEqualTo("* BYE Literal size out of range");
            assertThatThrownBy(imap::nextLine).hasMessage("connection closed");
        }
        try (ImapDialog imap = loggedIn()) {
            assertThat(imap.command("LIST \"\" \"*\"").untagged()).noneMatch(line -> line.contains("Injected"));
        }
    }

    private static long spooledLiterals(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().startsWith("imap-literal")).count();
        }
    }

    private static ImapDialog loggedIn() throws IOException {
        ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls);
        assertThat(imap.command("LOGIN " + USER + " \"" + PASSWORD + "\"").ok()).isTrue();
        return imap;
    }

    /** Every line up to the one tagged {@code tag}; an unexpected continuation fails the read. */
    private static List<String> readUntilTagged(ImapDialog imap, String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = imap.nextLine();
            assertThat(line).as("a continuation nobody asked for").doesNotStartWith("+");
            lines.add(line);
            if (line.startsWith(tag + " ")) {
                return lines;
            }
        }
    }

    /** The tagged lines, tag and status only. */
    private static List<String> tagged(List<String> lines) {
        return lines.stream()
            .filter(line -> !line.startsWith("*"))
            .map(line -> line.split(" ", 3))
            .map(parts -> parts[0] + " " + parts[1])
            .toList();
    }

    private static String uid(List<String> lines, String tag) {
        String line = lines.stream().filter(candidate -> candidate.startsWith(tag + " ")).findFirst().orElseThrow();
        Matcher uid = APPENDUID.matcher(line);
        assertThat(uid.find()).as(line).isTrue();
        return uid.group(1);
    }

    /** The message as stored, read back whole with {@code UID FETCH BODY.PEEK[]} on a session of its own. */
    private static byte[] storedMessage(String uid) throws IOException {
        try (ImapDialog imap = loggedIn()) {
            assertThat(imap.command("SELECT INBOX").ok()).isTrue();
            String fetched = imap.command("UID FETCH " + uid + " BODY.PEEK[]").untagged().stream()
                .filter(line -> line.contains("BODY[]"))
                .findFirst().orElseThrow();
            // The line read with its literal: "* n FETCH (UID u BODY[] {size}" CRLF <literal> ")"
            int start = fetched.indexOf("}") + 1;
            return fetched.substring(start, fetched.length() - 1).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A short message whose body holds lines that are IMAP commands. */
    private static byte[] smallMessage(String subject) {
        return ("From: Dr Martin <dr.martin@" + DOMAIN + ">\r\nTo: " + USER + "\r\nSubject: " + subject
            + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + "x1 CREATE Injected\r\nx2 LOGOUT\r\nRésultats joints.\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A message with command lines and a line of 100 000 octets, longer than a command line may be. */
    private static byte[] messageWithALongLine(String subject) {
        return ("From: Dr Martin <dr.martin@" + DOMAIN + ">\r\nTo: " + USER + "\r\nSubject: " + subject
            + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + "x1 CREATE Injected\r\n" + "z".repeat(100_000) + "\r\nx2 LOGOUT\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A message of {@link #LARGE} bytes or so: a base64 attachment of random bytes. */
    private static byte[] largeMessage(String subject) {
        byte[] attachment = new byte[LARGE * 3 / 4];
        new Random(subject.hashCode()).nextBytes(attachment);
        String encoded = Base64.getMimeEncoder().encodeToString(attachment);
        return ("From: Dr Martin <dr.martin@" + DOMAIN + ">\r\nTo: " + USER + "\r\nSubject: " + subject
            + "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=limite\r\n\r\n--limite\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\nCompte rendu en pièce jointe.\r\n--limite\r\n"
            + "Content-Type: application/pdf; name=cr.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + encoded + "\r\n--limite--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            bytes.writeBytes(part);
        }
        return bytes.toByteArray();
    }
}
