package org.santegateway.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.apache.james.core.Domain;
import org.apache.james.core.quota.QuotaCountLimit;
import org.apache.james.core.quota.QuotaSizeLimit;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.modules.QuotaProbesImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.ImapDialog;
import org.santegateway.server.testing.ImapDialog.Reply;
import org.santegateway.server.testing.TestTls;

/**
 * Several IMAP sessions on one mailbox, as a professional's desktop client, phone and assistant use it: none waits on
 * another for more than a commit, none gets NO or BAD, and the mailbox is consistent afterwards; LOGOUT always ends
 * with its tagged OK, over STARTTLS and IMAPS; pipelined commands are answered whole and in order.
 */
class ImapSessionsIntegrationTest {
    static final String DOMAIN = "cabinet-test.fr";
    static final String USER = "dr.bernard@" + DOMAIN;
    static final String PASSWORD = "correct horse battery staple";
    static final int SESSIONS = 5;
    static final int ROUNDS = 15;
    static final Duration COMMAND_LIMIT = Duration.ofSeconds(1);
    static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID \\d+ (\\d+)]");

    @TempDir
    static Path root;
    static GatewayTestServer gateway;
    static SSLSocketFactory tls;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayTestServer.prepare(root).withProbe(QuotaProbesImpl.class).start();
        gateway.data().addDomain(DOMAIN);
        gateway.data().addUser(USER, PASSWORD);
        tls = TestTls.socketFactory(gateway.testCaCertificate());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Nested
    class SessionsOnOneMailbox {
        @Test
        void appendStoreExpungeFetchSearchShouldNeitherFailNorWaitWhenSessionsShareTheInbox() throws Exception {
            warmUp();
            ExecutorService executor = Executors.newFixedThreadPool(SESSIONS);
            try {
                List<Future<SessionOutcome>> sessions = new ArrayList<>();
                for (int session = 0; session < SESSIONS; session++) {
                    int number = session;
                    sessions.add(executor.submit(() -> work(number)));
                }
                List<SessionOutcome> outcomes = new ArrayList<>();
                for (Future<SessionOutcome> session : sessions) {
                    outcomes.add(session.get(5, TimeUnit.MINUTES));
                }

                assertThat(outcomes).allSatisfy(outcome -> {
                    assertThat(outcome.failures()).isEmpty();
                    assertThat(outcome.slowest()).as(outcome.slowestCommand).isLessThan(COMMAND_LIMIT);
                    assertThat(outcome.unknownSequenceNumbers()).isEmpty();
                });
            } finally {
                executor.shutdownNow();
            }

            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                assertThat(imap.command("LOGIN " + USER + " \"" + PASSWORD + "\"").ok()).isTrue();
                Reply select = imap.command("SELECT INBOX");
                assertThat(select.untaggedStartingWith("* " + SESSIONS * ROUNDS + " EXISTS")).isPresent();
                assertThat(uids(imap.command("UID SEARCH DELETED"))).isEmpty();
                assertThat(uids(imap.command("UID SEARCH ALL"))).hasSize(SESSIONS * ROUNDS);
                // Every kept message is still found by its subject and its text (the search index).
                assertThat(uids(imap.command("UID SEARCH SUBJECT kept"))).hasSize(SESSIONS * ROUNDS);
                assertThat(uids(imap.command("UID SEARCH BODY Bonjour"))).hasSize(SESSIONS * ROUNDS);
                Reply fetch = imap.command("FETCH 1:* (UID FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
                assertThat(fetch.ok()).isTrue();
                assertThat(fetch.untagged()).filteredOn(line -> line.contains(" FETCH ")).hasSize(SESSIONS * ROUNDS);
            }
        }

        /**
         * One session alone does what the sessions will do, so that the first append of a fresh JVM (class loading,
         * the search index's first write) is not counted as a session waiting on another.
         */
        private void warmUp() throws Exception {
            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                assertThat(imap.command("LOGIN " + USER + " \"" + PASSWORD + "\"").ok()).isTrue();
                assertThat(imap.command("SELECT INBOX").ok()).isTrue();
                String uid = appendedUid(imap.append("INBOX", message("warm-up")));
                assertThat(imap.command("UID FETCH " + uid + " (FLAGS BODY.PEEK[])").ok()).isTrue();
                assertThat(imap.command("UID STORE " + uid + " +FLAGS (\\Deleted)").ok()).isTrue();
                assertThat(imap.command("SEARCH SUBJECT warm").ok()).isTrue();
                assertThat(imap.command("EXPUNGE").ok()).isTrue();
                imap.logout();
            }
        }

        /** One session: each round appends a message it keeps and one it marks \Deleted and expunges. */
        private SessionOutcome work(int session) throws Exception {
            SessionOutcome outcome = new SessionOutcome();
            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                if (!imap.command("LOGIN " + USER + " \"" + PASSWORD + "\"").ok()) {
                    throw new IllegalStateException("login refused");
                }
                outcome.check("SELECT", imap.command("SELECT INBOX"));
                for (int round = 0; round < ROUNDS; round++) {
                    outcome.check("APPEND", imap.append("INBOX", message("kept " + session + "-" + round)));
                    Reply append = outcome.check("APPEND", imap.append("INBOX", message("dropped " + session + "-" + round)));
                    String uid = appendedUid(append);
                    outcome.check("NOOP", imap.command("NOOP"));
                    outcome.check("UID FETCH", imap.command("UID FETCH " + uid + " (FLAGS RFC822.SIZE BODY.PEEK[])"));
                    outcome.check("UID STORE", imap.command("UID STORE " + uid + " +FLAGS (\\Deleted)"));
                    outcome.check("SEARCH", imap.command("SEARCH SUBJECT kept"));
                    outcome.check("EXPUNGE", imap.command("EXPUNGE"));
                    outcome.check("UID FETCH", imap.command("UID FETCH 1:* (FLAGS)"));
                    outcome.check("UID STORE", imap.command("UID STORE 1:* +FLAGS (\\Seen)"));
                }
                outcome.unknownSequenceNumbers.addAll(imap.unknownSequenceNumbers());
                imap.logout();
            }
            return outcome;
        }

        private String message(String subject) {
            return "From: " + USER + "\r\nTo: " + USER + "\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject.replace(' ', '.') + "@" + DOMAIN + ">\r\n\r\nBonjour.\r\n";
        }

        private String appendedUid(Reply append) {
            Matcher uid = APPENDUID.matcher(append.tagged());
            if (!uid.find()) {
                throw new IllegalStateException("no APPENDUID in " + append.tagged());
            }
            return uid.group(1);
        }

        private List<String> uids(Reply search) {
            assertThat(search.ok()).isTrue();
            return search.searched();
        }
    }

    @Nested
    class SearchAfterExpunge {
        @Test
        void expungingAdjacentMessagesShouldLeaveTheOthersSearchable() throws Exception {
            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                assertThat(imap.command("LOGIN " + USER + " \"" + PASSWORD + "\"").ok()).isTrue();
                assertThat(imap.command("CREATE Adjacent").ok()).isTrue();
                assertThat(imap.command("SELECT Adjacent").ok()).isTrue();
                List<String> appended = new ArrayList<>();
                for (String subject : List.of("garder un", "jeter deux", "jeter trois", "garder quatre", "garder cinq")) {
                    appended.add(APPENDUID.matcher(imap.append("Adjacent", "From: " + USER + "\r\nSubject: " + subject
                        + "\r\n\r\nCompte rendu " + subject + "\r\n").tagged()).results().findFirst().orElseThrow().group(1));
                }
                assertThat(imap.command("UID STORE " + appended.get(1) + ":" + appended.get(2) + " +FLAGS (\\Deleted)").ok()).isTrue();
                assertThat(imap.command("EXPUNGE").ok()).isTrue();

                assertThat(searched(imap.command("UID SEARCH SUBJECT garder"))).containsExactlyInAnyOrder(
                    appended.get(0), appended.get(3), appended.get(4));
                assertThat(searched(imap.command("UID SEARCH BODY rendu"))).hasSize(3);
                assertThat(searched(imap.command("UID SEARCH SUBJECT jeter"))).isEmpty();
            }
        }

        private List<String> searched(Reply search) {
            assertThat(search.ok()).isTrue();
            return search.searched();
        }
    }

    /**
     * The quota a client is shown (GETQUOTAROOT) follows what its appends, copies, moves, expunges and mailbox
     * deletions leave in the mailboxes, right after each command's OK: it is counted in the transaction that writes
     * the messages, and a mailbox's deletion by James's listener.
     */
    @Nested
    class QuotaOfWrittenMessages {
        static final String OWNER = "dr.quota@" + DOMAIN;
        static final Pattern MESSAGE_QUOTA = Pattern.compile("\\(.*MESSAGE (\\d+) 1000");

        @Test
        void theQuotaShouldFollowTheMessagesThroughEveryWrite() throws Exception {
            gateway.data().addUser(OWNER, PASSWORD);
            QuotaRoot quotaRoot = QuotaRoot.quotaRoot("#private&" + OWNER, Optional.of(Domain.of(DOMAIN)));
            QuotaProbesImpl quotas = gateway.probe(QuotaProbesImpl.class);
            quotas.setMaxMessageCount(quotaRoot, QuotaCountLimit.count(1000));
            quotas.setMaxStorage(quotaRoot, QuotaSizeLimit.size(10_000_000));
            List<String> messages = List.of(message("un", 10), message("deux", 200), message("trois", 3000));
            long[] sizes = messages.stream().mapToLong(message -> message.getBytes(StandardCharsets.UTF_8).length).toArray();

            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                assertThat(imap.command("LOGIN " + OWNER + " \"" + PASSWORD + "\"").ok()).isTrue();
                for (String message : messages) {
                    assertThat(imap.append("INBOX", message).ok()).isTrue();
                }
                assertQuota(imap, quotas, quotaRoot, 3, sizes[0] + sizes[1] + sizes[2]);

                assertThat(imap.command("CREATE Archives").ok()).isTrue();
                assertThat(imap.command("SELECT INBOX").ok()).isTrue();
                assertThat(imap.command("COPY 1:2 Archives").ok()).isTrue();
                assertQuota(imap, quotas, quotaRoot, 5, 2 * (sizes[0] + sizes[1]) + sizes[2]);

                assertThat(imap.command("MOVE 3 Archives").ok()).isTrue();
                assertQuota(imap, quotas, quotaRoot, 5, 2 * (sizes[0] + sizes[1]) + sizes[2]);

                assertThat(imap.command("STORE 1 +FLAGS.SILENT (\\Deleted)").ok()).isTrue();
                assertThat(imap.command("EXPUNGE").ok()).isTrue();
                assertQuota(imap, quotas, quotaRoot, 4, sizes[0] + 2 * sizes[1] + sizes[2]);

                assertThat(imap.command("COPY 1 Archives").ok()).isTrue();
                assertThat(imap.command("CLOSE").ok()).isTrue();
                assertThat(imap.command("DELETE Archives").ok()).isTrue();
                assertQuota(imap, quotas, quotaRoot, 1, sizes[1]);
            }
        }

        private void assertQuota(ImapDialog imap, QuotaProbesImpl quotas, QuotaRoot quotaRoot, long count, long size) throws Exception {
            Reply reply = imap.command("GETQUOTAROOT INBOX");
            assertThat(reply.ok()).as(reply.tagged()).isTrue();
            Matcher used = MESSAGE_QUOTA.matcher(reply.untaggedStartingWith("* QUOTA ").orElseThrow());
            assertThat(used.find()).as(reply.untagged().toString()).isTrue();
            assertThat(Long.parseLong(used.group(1))).isEqualTo(count);
            assertThat(quotas.getStorageQuota(quotaRoot).getUsed().asLong()).isEqualTo(size);
        }

        private String message(String subject, int lines) {
            return "From: " + OWNER + "\r\nTo: " + OWNER + "\r\nSubject: " + subject + "\r\n\r\n"
                + "Compte rendu de consultation.\r\n".repeat(lines);
        }
    }

    /**
     * Two sessions moving messages in opposite directions between two mailboxes at once (a phone filing into one
     * folder while the desktop files back): a move writes its destination (the message, a UID) and its source (the
     * removal, a mod-sequence), and two moves taking them in opposite orders waited on each other in the database
     * until its deadlock detection (20 s with Derby) failed one.
     */
    @Nested
    class MovesInBothDirections {
        static final int MESSAGES = 100;
        static final int MOVES = 200;
        static final Duration MOVE_LIMIT = Duration.ofSeconds(5);

        @Test
        void crossedMovesShouldNeitherFailNorWait() throws Exception {
            try (ImapDialog setup = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                assertThat(setup.command("LOGIN " + USER + " \"" + PASSWORD + "\"").ok()).isTrue();
                for (String mailbox : List.of("Gauche", "Droite")) {
                    assertThat(setup.command("CREATE " + mailbox).ok()).isTrue();
                    for (int i = 0; i < MESSAGES; i++) {
                        assertThat(setup.append(mailbox, "From: " + USER + "\r\nSubject: " + mailbox + " " + i
                            + "\r\n\r\nCompte rendu.\r\n").ok()).isTrue();
                    }
                }
            }
            ExecutorService executor = Executors.newFixedThreadPool(2);
            try {
                Future<SessionOutcome> leftward = executor.submit(() -> moves("Droite", "Gauche"));
                Future<SessionOutcome> rightward = executor.submit(() -> moves("Gauche", "Droite"));
                for (SessionOutcome outcome : List.of(leftward.get(5, TimeUnit.MINUTES), rightward.get(5, TimeUnit.MINUTES))) {
                    assertThat(outcome.failures()).isEmpty();
                    assertThat(outcome.slowest()).as(outcome.slowestCommand).isLessThan(MOVE_LIMIT);
                }
            } finally {
                executor.shutdownNow();
            }

            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                assertThat(imap.command("LOGIN " + USER + " \"" + PASSWORD + "\"").ok()).isTrue();
                int total = 0;
                for (String mailbox : List.of("Gauche", "Droite")) {
                    Reply status = imap.command("STATUS " + mailbox + " (MESSAGES)");
                    Matcher messages = Pattern.compile("MESSAGES (\\d+)").matcher(status.untagged().toString());
                    assertThat(messages.find()).as(status.untagged().toString()).isTrue();
                    total += Integer.parseInt(messages.group(1));
                }
                assertThat(total).isEqualTo(2 * MESSAGES);
            }
        }

        /** One session: moves the first message of {@code from} to {@code to}, again and again. */
        private SessionOutcome moves(String from, String to) throws Exception {
            SessionOutcome outcome = new SessionOutcome();
            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                if (!imap.command("LOGIN " + USER + " \"" + PASSWORD + "\"").ok()) {
                    throw new IllegalStateException("login refused");
                }
                outcome.check("SELECT", imap.command("SELECT " + from));
                for (int i = 0; i < MOVES; i++) {
                    outcome.check("MOVE", imap.command("MOVE 1 " + to));
                }
                imap.logout();
            }
            return outcome;
        }
    }

    /**
     * A FETCH racing an expunge in another session: the listing is several statements (the messages, then their flags
     * and MIME properties for the whole range), and a message expunged in between came back without its properties,
     * served as {@code BODYSTRUCTURE ("TEXT" "PLAIN" NIL NIL NIL NIL ...)} (imaptest: "BODYSTRUCTURE changed").
     */
    @Nested
    class StructureWhileExpunging {
        static final int WRITES = 120;

        @Test
        void aFetchRacingAnExpungeShouldNeverServeAMessageWithoutItsStructure() throws Exception {
            try (ImapDialog setup = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                assertThat(setup.command("LOGIN " + USER + " \"" + PASSWORD + "\"").ok()).isTrue();
                assertThat(setup.command("CREATE Structure").ok()).isTrue();
                for (int i = 0; i < 5; i++) {
                    assertThat(setup.append("Structure", message("kept " + i)).ok()).isTrue();
                }
            }
            ExecutorService executor = Executors.newSingleThreadExecutor();
            try (ImapDialog reader = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                assertThat(reader.command("LOGIN " + USER + " \"" + PASSWORD + "\"").ok()).isTrue();
                assertThat(reader.command("SELECT Structure").ok()).isTrue();
                Future<?> writer = executor.submit(() -> {
                    try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                        assertThat(imap.command("LOGIN " + USER + " \"" + PASSWORD + "\"").ok()).isTrue();
                        assertThat(imap.command("SELECT Structure").ok()).isTrue();
                        for (int i = 0; i < WRITES; i++) {
                            Reply append = imap.append("Structure", message("dropped " + i));
                            Matcher uid = APPENDUID.matcher(append.tagged());
                            assertThat(uid.find()).as(append.tagged()).isTrue();
                            assertThat(imap.command("UID STORE " + uid.group(1) + " +FLAGS.SILENT (\\Deleted)").ok()).isTrue();
                            assertThat(imap.command("EXPUNGE").ok()).isTrue();
                        }
                    }
                    return null;
                });
                List<String> withoutStructure = new ArrayList<>();
                int fetched = 0;
                while (!writer.isDone()) {
                    Reply fetch = reader.command("FETCH 1:* (UID BODYSTRUCTURE)");
                    assertThat(fetch.ok()).as(fetch.tagged()).isTrue();
                    for (String line : fetch.untagged()) {
                        if (line.contains("BODYSTRUCTURE (")) {
                            fetched++;
                            if (!line.contains("(\"charset\" \"utf-8\")") || !line.contains("\"8BIT\"")) {
                                withoutStructure.add(line);
                            }
                        }
                    }
                }
                writer.get();
                assertThat(fetched).isGreaterThan(WRITES);
                assertThat(withoutStructure).isEmpty();
            } finally {
                executor.shutdownNow();
            }
        }

        private String message(String subject) {
            return "From: " + USER + "\r\nTo: " + USER + "\r\nSubject: " + subject
                + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit"
                + "\r\n\r\nCompte rendu de consultation.\r\n";
        }
    }

    /**
     * A client that pipelines (sends its next commands before the answers of the previous ones, as imaptest and many
     * mobile clients do): every answer comes whole and in the order of the commands. James answered a command it ran
     * on the connection's event loop at once, ahead of the last writes of the command before it, still queued: a
     * FETCH's closing parenthesis and the next tagged OK went out before the FETCH's literal ({@link OffEventLoopProcessor}).
     */
    @Nested
    class Pipelining {
        static final int CONNECTIONS = 4;
        static final int ROUNDS = 300;
        static final String PART = "Premiere partie du compte rendu.";

        @Test
        void pipelinedCommandsShouldBeAnsweredWholeAndInOrder() throws Exception {
            try (ImapDialog setup = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                assertThat(setup.command("LOGIN " + USER + " \"" + PASSWORD + "\"").ok()).isTrue();
                assertThat(setup.command("CREATE Pipeline").ok()).isTrue();
                assertThat(setup.append("Pipeline", "From: " + USER + "\r\nTo: " + USER + "\r\nSubject: parties\r\n"
                    + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + PART + "\r\n--b\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\n\r\nSeconde partie.\r\n--b--\r\n").ok()).isTrue();
            }
            ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
            try {
                List<Future<List<String>>> sessions = new ArrayList<>();
                for (int i = 0; i < CONNECTIONS; i++) {
                    sessions.add(clients.submit(this::pipelinedSession));
                }
                for (Future<List<String>> session : sessions) {
                    assertThat(session.get(2, TimeUnit.MINUTES)).isEmpty();
                }
            } finally {
                clients.shutdownNow();
            }
        }

        /**
         * Each round: a FETCH of a body part; once its literal has arrived (the command is ending), CAPABILITY and
         * NOOP, answered by James without reading the mailbox; then every answer read in order. What went wrong.
         */
        private List<String> pipelinedSession() throws Exception {
            List<String> wrong = new ArrayList<>();
            try (SSLSocket socket = (SSLSocket) tls.createSocket("127.0.0.1", gateway.imapsPort())) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                readLine(in);
                // LOGIN and SELECT change the session's state: a client waits for their answer (RFC 9051 §5.5).
                send(out, "l1 LOGIN " + USER + " \"" + PASSWORD + "\"");
                assertThat(untilTagged(in, "l1")).contains(" OK ");
                send(out, "s1 SELECT Pipeline");
                assertThat(untilTagged(in, "s1")).contains(" OK ");
                for (int round = 0; round < ROUNDS && wrong.isEmpty(); round++) {
                    send(out, "f" + round + " FETCH 1 (UID BODY.PEEK[1])");
                    String header = readLine(in);
                    Matcher literal = Pattern.compile("^\\* 1 FETCH \\(.*\\{(\\d+)}$").matcher(header);
                    if (!literal.find()) {
                        wrong.add("round " + round + ": " + header);
                        break;
                    }
                    String content = new String(in.readNBytes(Integer.parseInt(literal.group(1))), StandardCharsets.UTF_8);
                    send(out, "c" + round + " CAPABILITY");
                    send(out, "n" + round + " NOOP");
                    List<String> answer = new ArrayList<>(List.of(readLine(in)));
                    answer.add(untilTagged(in, "f" + round));
                    answer.add(untilTagged(in, "c" + round));
                    answer.add(untilTagged(in, "n" + round));
                    if (!content.strip().equals(PART) || !answer.get(0).equals(")") || answer.stream().skip(1).anyMatch(line -> !line.contains(" OK "))) {
                        wrong.add("round " + round + ": " + header + " / " + content + " / " + answer);
                    }
                }
            }
            return wrong;
        }

        private void send(OutputStream out, String command) throws IOException {
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Reads up to the tagged answer of {@code tag}; an answer tagged otherwise first is out of order. */
        private String untilTagged(InputStream in, String tag) throws IOException {
            while (true) {
                String line = readLine(in);
                if (line.startsWith(tag + " ")) {
                    return line;
                }
                if (!line.startsWith("* ") && !line.startsWith("+ ")) {
                    return "out of order, waiting for " + tag + ": " + line;
                }
            }
        }

        private String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int previous = -1;
            while (true) {
                int next = in.read();
                if (next < 0) {
                    throw new EOFException("connection closed after " + line);
                }
                if (previous == '\r' && next == '\n') {
                    byte[] bytes = line.toByteArray();
                    return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
                }
                line.write(next);
                previous = next;
            }
        }
    }

    @Nested
    class Logout {
        static final int CONNECTIONS = 500;

        @Test
        void logoutShouldAlwaysSendItsTaggedOkBeforeClosingOverStartTls() throws Exception {
            for (int connection = 0; connection < CONNECTIONS; connection++) {
                try (ImapDialog imap = ImapDialog.connectStartTls(gateway.imapStartTlsPort(), tls)) {
                    // The STARTTLS answer once, before TLS: nothing but CAPABILITY's own lines inside TLS.
                    Reply capability = imap.command("CAPABILITY");
                    assertThat(capability.untagged()).as("connection %d", connection).allMatch(line -> line.startsWith("* CAPABILITY "));
                    Optional<String> tagged = imap.logout();
                    assertThat(tagged).as("connection %d", connection).hasValueSatisfying(line -> assertThat(line).contains(" OK "));
                }
            }
        }

        @Test
        void logoutShouldAlwaysSendItsTaggedOkBeforeClosingOverImaps() throws Exception {
            for (int connection = 0; connection < CONNECTIONS; connection++) {
                try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                    Optional<String> tagged = imap.logout();
                    assertThat(tagged).as("connection %d", connection).hasValueSatisfying(line -> assertThat(line).contains(" OK "));
                }
            }
        }
    }

    /** What one session saw: commands answered NO or BAD, its slowest command, numbers it was never told about. */
    static final class SessionOutcome {
        final List<String> failures = new ArrayList<>();
        final List<String> unknownSequenceNumbers = new ArrayList<>();
        Duration slowest = Duration.ZERO;
        String slowestCommand = "";

        Reply check(String command, Reply reply) {
            if (!reply.ok()) {
                failures.add(command + ": " + reply.tagged());
            }
            if (reply.duration().compareTo(slowest) > 0) {
                slowest = reply.duration();
                slowestCommand = command;
            }
            return reply;
        }

        List<String> failures() {
            return failures;
        }

        Duration slowest() {
            return slowest;
        }

        List<String> unknownSequenceNumbers() {
            return unknownSequenceNumbers;
        }
    }
}
