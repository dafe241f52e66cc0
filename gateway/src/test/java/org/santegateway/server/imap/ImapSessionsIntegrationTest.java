package org.santegateway.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLSocketFactory;

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
 * with its tagged OK, over STARTTLS and IMAPS.
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
        gateway = GatewayTestServer.prepare(root).start();
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
            return search.untaggedStartingWith("* SEARCH").stream()
                .flatMap(line -> Arrays.stream(line.substring("* SEARCH".length()).trim().split(" ")))
                .filter(uid -> !uid.isEmpty())
                .toList();
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
            return search.untaggedStartingWith("* SEARCH").stream()
                .flatMap(line -> Arrays.stream(line.substring("* SEARCH".length()).trim().split(" ")))
                .filter(uid -> !uid.isEmpty())
                .toList();
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

    @Nested
    class Logout {
        static final int CONNECTIONS = 500;

        @Test
        void logoutShouldAlwaysSendItsTaggedOkBeforeClosingOverStartTls() throws Exception {
            for (int connection = 0; connection < CONNECTIONS; connection++) {
                try (ImapDialog imap = ImapDialog.connectStartTls(gateway.imapStartTlsPort(), tls)) {
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
