package org.santegateway.server.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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
 * Where James 3.8.1's IMAP answered against the RFCs, over IMAPS with exact response shapes; each nested class names
 * the section it checks (README, "Deviations from stock James IMAP").
 */
class ImapRfcComplianceIntegrationTest {
    static final String DOMAIN = "cabinet-rfc.fr";
    static final String USER = "dr.rfc@" + DOMAIN;
    static final String PASSWORD = "correct horse battery staple";
    static final Pattern UIDVALIDITY = Pattern.compile("\\[UIDVALIDITY (\\d+)]");
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

    static ImapDialog login() throws Exception {
        ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls);
        assertThat(imap.command("LOGIN " + USER + " \"" + PASSWORD + "\"").ok()).isTrue();
        return imap;
    }

    static String uidValidity(Reply select) {
        Matcher matcher = UIDVALIDITY.matcher(String.join("\n", select.untagged()));
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    static String appendedUid(Reply append) {
        Matcher matcher = APPENDUID.matcher(append.tagged());
        assertThat(matcher.find()).as(append.tagged()).isTrue();
        return matcher.group(1);
    }

    /** RFC 3501 §5.1.3: a name that is not modified UTF-7 is refused, and the session goes on. */
    @Nested
    class MailboxNamesNotInModifiedUtf7 {
        @Test
        void createShouldAnswerNoAndKeepTheSessionWhenTheNameHoldsABareAmpersand() throws Exception {
            try (ImapDialog imap = login()) {
                Reply create = imap.command("CREATE \"a&b\"");

                assertThat(create.tagged()).endsWith("NO CREATE failed. Mailbox name is not valid modified UTF-7.");
                assertThat(imap.command("NOOP").ok()).isTrue();
            }
        }

        @Test
        void selectShouldAnswerNoAndKeepTheSessionWhenTheNameIsALoneAmpersand() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("SELECT \"&\"").tagged()).contains(" NO SELECT failed.");
                assertThat(imap.command("UID COPY 1 \"&\"").tagged()).contains(" NO ");
                assertThat(imap.command("NOOP").ok()).isTrue();
            }
        }

        @Test
        void listShouldListNothingWhenThePatternIsNotModifiedUtf7() throws Exception {
            try (ImapDialog imap = login()) {
                Reply list = imap.command("LIST \"\" \"a&b*\"");

                assertThat(list.ok()).isTrue();
                assertThat(list.untagged()).isEmpty();
            }
        }

        @Test
        void createShouldStillAcceptAnEncodedAmpersand() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("CREATE \"R&-D\"").ok()).isTrue();
                assertThat(imap.command("LIST \"\" \"R&-D\"").untagged()).containsExactly("* LIST (\\HasNoChildren) \".\" \"R&-D\"");
            }
        }
    }

    /** RFC 3501 §6.4.5: the sections of a message/rfc822 part are those of the message it encapsulates. */
    @Nested
    class EncapsulatedMessageSections {
        static final String PART_HEADER = "Content-Type: message/rfc822\r\nContent-Description: forwarded\r\n\r\n";
        static final String INNER_HEADER = "From: patient@example.test\r\nSubject: results\r\nContent-Type: text/plain\r\n\r\n";
        /** The line break before the next delimiter belongs to the delimiter (RFC 2046 §5.1.1). */
        static final String INNER_BODY = "Glycemia 1.02 g/l";
        static final String FORWARD = "From: " + USER + "\r\nTo: " + USER + "\r\nSubject: Fwd: results\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
            + "--b1\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n"
            + "--b1\r\n" + PART_HEADER + INNER_HEADER + INNER_BODY
            + "\r\n--b1--\r\n";

        static String fetch(ImapDialog imap, String section) throws Exception {
            Reply reply = imap.command("FETCH 1 (BODY.PEEK[" + section + "])");
            assertThat(reply.ok()).isTrue();
            return reply.untagged().get(0);
        }

        static String literal(String section, String content) {
            // ImapDialog keeps a literal in its line, right after the {n} that announces it.
            return "* 1 FETCH (BODY[" + section + "] {" + content.length() + "}" + content + ")";
        }

        @Test
        void sectionsOfTheAttachedMessageShouldBeTheWholeMessageItsHeaderItsBodyAndThePartHeader() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("CREATE Forwarded").ok()).isTrue();
                assertThat(imap.append("Forwarded", FORWARD).ok()).isTrue();
                assertThat(imap.command("SELECT Forwarded").ok()).isTrue();

                assertThat(fetch(imap, "2")).isEqualTo(literal("2", INNER_HEADER + INNER_BODY));
                assertThat(fetch(imap, "2.HEADER")).isEqualTo(literal("2.HEADER", INNER_HEADER));
                assertThat(fetch(imap, "2.TEXT")).isEqualTo(literal("2.TEXT", INNER_BODY));
                assertThat(fetch(imap, "2.MIME")).isEqualTo(literal("2.MIME", PART_HEADER));
                assertThat(fetch(imap, "2.1")).isEqualTo(literal("2.1", INNER_BODY));
                assertThat(fetch(imap, "2.HEADER.FIELDS (SUBJECT)")).isEqualTo(literal("2.HEADER.FIELDS (SUBJECT)", "Subject: results\r\n\r\n"));
                assertThat(imap.command("FETCH 1 (BODY.PEEK[2]<0.4>)").untagged()).containsExactly("* 1 FETCH (BODY[2]<0> {4}From)");
                // Parts outside the encapsulated message stay as James answers them.
                assertThat(fetch(imap, "1")).isEqualTo(literal("1", "See below."));
            }
        }
    }

    /** RFC 3501 §6.4.5: {@code n.MIME} is the MIME header of part n; part 1 of a message that is not multipart is its body. */
    @Nested
    class MimeHeaderSections {
        static final String HEADER = "From: patient@example.test\r\nTo: " + USER + "\r\nSubject: question\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
        static final String SINGLE = HEADER + "Is the appointment confirmed?\r\n";
        static final String PDF_HEADER = "Content-Type: application/pdf; name=\"cr.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n";
        static final String MULTI = "From: " + USER + "\r\nSubject: report\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
            + "--b1\r\nContent-Type: text/plain\r\n\r\nSee the report.\r\n"
            + "--b1\r\n" + PDF_HEADER + "JVBERi0xLjQK\r\n--b1--\r\n";

        @Test
        void mimeHeaderOfPartOneOfASinglePartMessageShouldBeItsHeaderAndTheFetchShouldSucceed() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("CREATE Single").ok()).isTrue();
                assertThat(imap.append("Single", SINGLE).ok()).isTrue();
                assertThat(imap.append("Single", MULTI).ok()).isTrue();
                assertThat(imap.command("SELECT Single").ok()).isTrue();

                Reply single = imap.command("FETCH 1 (BODY.PEEK[1.MIME] BODY.PEEK[1])");
                assertThat(single.tagged()).contains(" OK ");
                assertThat(single.untagged()).containsExactly("* 1 FETCH (BODY[1.MIME] {" + HEADER.length() + "}" + HEADER
                    + " BODY[1] {31}Is the appointment confirmed?\r\n)");
                assertThat(imap.command("FETCH 1 (BODY.PEEK[1.MIME]<0.10>)").untagged())
                    .containsExactly("* 1 FETCH (BODY[1.MIME]<0> {10}" + HEADER.substring(0, 10) + ")");
                // The parts of a multipart message, and a part that does not exist: empty, as for its content.
                assertThat(imap.command("FETCH 2 (BODY.PEEK[2.MIME] BODY.PEEK[3.MIME])").untagged())
                    .containsExactly("* 2 FETCH (BODY[2.MIME] {" + PDF_HEADER.length() + "}" + PDF_HEADER + " BODY[3.MIME] {0})");
                // Without PEEK the message is seen, as for any section.
                assertThat(imap.command("FETCH 1 (BODY[1.MIME])").untagged().get(0)).contains("\\Seen");
            }
        }
    }

    /** RFC 3501 §7.4.2 (ENVELOPE): in {@code addr (Real Name)} the comment is the personal name. */
    @Nested
    class EnvelopePersonalNames {
        @Test
        void envelopeShouldTakeThePersonalNameFromTheCommentForm() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("CREATE Envelopes").ok()).isTrue();
                assertThat(imap.append("Envelopes", "From: dr.old@example.test (Dr Old Style)\r\nTo: a@example.test, b@example.test (Bee)\r\n"
                    + "Subject: s\r\n\r\nbody\r\n").ok()).isTrue();
                assertThat(imap.command("SELECT Envelopes").ok()).isTrue();

                Reply fetch = imap.command("FETCH 1 (ENVELOPE)");

                assertThat(fetch.untagged()).containsExactly("* 1 FETCH (ENVELOPE (NIL \"s\" "
                    + "((\"Dr Old Style\" NIL \"dr.old\" \"example.test\")) ((\"Dr Old Style\" NIL \"dr.old\" \"example.test\")) "
                    + "((\"Dr Old Style\" NIL \"dr.old\" \"example.test\")) "
                    + "((NIL NIL \"a\" \"example.test\")(\"Bee\" NIL \"b\" \"example.test\")) NIL NIL NIL NIL))");
            }
        }

        /** The headers are read by windows of UIDs: every envelope of a long FETCH gets its own names, none another's. */
        @Test
        void everyEnvelopeOfALongFetchShouldTakeItsOwnCommentName() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("CREATE Names").ok()).isTrue();
                for (int i = 1; i <= 40; i++) {
                    String from = i % 3 == 0 ? "\"Dr " + i + "\" <dr" + i + "@example.test>" : "dr" + i + "@example.test (Dr " + i + ")";
                    assertThat(imap.append("Names", "From: " + from + "\r\nTo: a@example.test\r\nSubject: s" + i + "\r\n\r\nbody\r\n").ok())
                        .isTrue();
                }
                assertThat(imap.command("SELECT Names").ok()).isTrue();
                assertThat(imap.command("STORE 5,17 +FLAGS.SILENT (\\Deleted)").ok()).isTrue();
                assertThat(imap.command("EXPUNGE").ok()).isTrue();

                Reply fetch = imap.command("FETCH 1:* (ENVELOPE)");

                List<String> envelopes = fetch.untagged().stream().filter(line -> line.contains(" FETCH (ENVELOPE")).toList();
                assertThat(envelopes).hasSize(38);
                for (String envelope : envelopes) {
                    int subject = Integer.parseInt(envelope.replaceAll("^.*\"s(\\d+)\".*$", "$1"));
                    assertThat(envelope).contains("((\"Dr " + subject + "\" NIL \"dr" + subject + "\" \"example.test\"))");
                }
            }
        }
    }

    /** RFC 5258 §3 (LIST-EXTENDED): several patterns in parentheses, each mailbox listed once. */
    @Nested
    class ListWithSeveralPatterns {
        @Test
        void listShouldAnswerEveryPatternAndEachMailboxOnce() throws Exception {
            try (ImapDialog imap = login()) {
                Reply list = imap.command("LIST \"\" (INBOX \"Dra*\" IN%)");

                assertThat(list.ok()).isTrue();
                assertThat(list.untagged()).containsExactly(
                    "* LIST (\\HasNoChildren) \".\" \"INBOX\"",
                    "* LIST (\\HasNoChildren \\Drafts) \".\" \"Drafts\"");
            }
        }

        /** RFC 5258 §3: RECURSIVEMATCH alone (or with REMOTE only) MUST get BAD; with SUBSCRIBED it is valid. */
        @Test
        void listShouldRefuseRecursiveMatchWithoutAnotherSelectionOption() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("LIST (RECURSIVEMATCH) \"\" %").tagged()).contains(" BAD ");
                assertThat(imap.command("LIST (RECURSIVEMATCH REMOTE) \"\" %").tagged()).contains(" BAD ");
                assertThat(imap.command("LIST (SUBSCRIBED RECURSIVEMATCH) \"\" %").ok()).isTrue();
                assertThat(imap.command("NOOP").ok()).isTrue();
            }
        }

        /** RFC 5258 §3: CHILDINFO for a subscribed child the patterns do not list themselves, none for one they list. */
        @Test
        void recursiveMatchShouldGiveChildInfoOnlyForChildrenThePatternsDoNotList() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("CREATE Parent.Child").ok()).isTrue();
                assertThat(imap.command("SUBSCRIBE Parent.Child").ok()).isTrue();

                assertThat(imap.command("LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (Parent)").untagged())
                    .singleElement().asString().contains("\"Parent\" (\"CHILDINFO\" (\"SUBSCRIBED\"))");
                assertThat(imap.command("LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (Parent Parent.Child)").untagged())
                    .singleElement().asString().contains("\\Subscribed").endsWith("\"Parent.Child\"");
            }
        }

        @Test
        void listShouldRefuseAnEmptyListOfPatterns() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("LIST \"\" ()").tagged()).contains(" BAD ");
                assertThat(imap.command("NOOP").ok()).isTrue();
            }
        }
    }

    /** RFC 3501 §2.3.2: a new message is \\Recent in one session, not in every session that has its mailbox selected. */
    @Nested
    class RecentInOneSession {
        @Test
        void aMessageArrivingWhileTwoSessionsHaveTheMailboxSelectedShouldBeRecentInOneOfThem() throws Exception {
            try (ImapDialog first = login(); ImapDialog second = login(); ImapDialog third = login()) {
                assertThat(first.command("CREATE RecentOnce").ok()).isTrue();
                assertThat(first.command("SELECT RecentOnce").ok()).isTrue();
                assertThat(second.command("SELECT RecentOnce").ok()).isTrue();

                assertThat(third.append("RecentOnce", "Subject: new\r\n\r\nx\r\n").ok()).isTrue();

                await().atMost(Duration.ofSeconds(10)).until(() -> first.command("NOOP").untagged().contains("* 1 EXISTS"));
                await().atMost(Duration.ofSeconds(10)).until(() -> second.command("NOOP").untagged().contains("* 1 EXISTS"));
                List<String> flags = List.of(first.command("FETCH 1 (FLAGS)").untagged().get(0), second.command("FETCH 1 (FLAGS)").untagged().get(0),
                    third.command("EXAMINE RecentOnce").untaggedStartingWith("* 0 RECENT").orElse("third session saw it recent"));
                assertThat(flags).filteredOn(line -> line.contains("\\Recent") || line.contains("saw it recent")).hasSize(1);
            }
        }
    }

    /** RFC 6851 §4.3 and RFC 4315 §3: COPYUID names UIDs, and MOVE sends it before its EXPUNGE responses. */
    @Nested
    class CopyUid {
        @Test
        void moveShouldSendCopyUidOfTheMessageUidBeforeTheExpunge() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("CREATE MoveFrom").ok()).isTrue();
                assertThat(imap.command("CREATE MoveTo").ok()).isTrue();
                appendedUid(imap.append("MoveFrom", "Subject: first\r\n\r\nx\r\n"));
                String second = appendedUid(imap.append("MoveFrom", "Subject: second\r\n\r\nx\r\n"));
                String validity = uidValidity(imap.command("SELECT MoveTo"));
                assertThat(imap.command("SELECT MoveFrom").ok()).isTrue();
                assertThat(imap.command("STORE 1 +FLAGS (\\Deleted)").ok()).isTrue();
                assertThat(imap.command("EXPUNGE").ok()).isTrue();

                Reply move = imap.command("MOVE 1 MoveTo");

                assertThat(move.untagged()).containsExactly("* OK [COPYUID " + validity + " " + second + " 1] completed.", "* 1 EXPUNGE");
                assertThat(move.tagged()).endsWith("OK MOVE completed.");
            }
        }

        /** RFC 6851 §3.3 and RFC 3501 §7.4.1: the EXISTS of a MOVE within one mailbox comes after its EXPUNGE. */
        @Test
        void moveWithinTheMailboxShouldExpungeTheMessageBeforeCountingItsCopy() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("CREATE MoveWithin").ok()).isTrue();
                String uid = appendedUid(imap.append("MoveWithin", "Subject: moved onto itself\r\n\r\nx\r\n"));
                String validity = uidValidity(imap.command("SELECT MoveWithin"));

                Reply move = imap.command("MOVE 1 MoveWithin");

                assertThat(move.untagged()).startsWith("* OK [COPYUID " + validity + " " + uid + " " + (Long.parseLong(uid) + 1)
                    + "] completed.", "* 1 EXPUNGE", "* 1 EXISTS");
                assertThat(move.untagged()).filteredOn(line -> line.endsWith(" EXISTS")).containsExactly("* 1 EXISTS");
                assertThat(move.tagged()).endsWith("OK MOVE completed.");
                assertThat(imap.command("FETCH 1 (UID)").untagged()).containsExactly("* 1 FETCH (UID " + (Long.parseLong(uid) + 1) + ")");
            }
        }

        @Test
        void copyShouldNameTheUidsOfTheCopiedMessagesNotTheirSequenceNumbers() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("CREATE CopyFrom").ok()).isTrue();
                assertThat(imap.command("CREATE CopyTo").ok()).isTrue();
                imap.append("CopyFrom", "Subject: first\r\n\r\nx\r\n");
                String second = appendedUid(imap.append("CopyFrom", "Subject: second\r\n\r\nx\r\n"));
                String third = appendedUid(imap.append("CopyFrom", "Subject: third\r\n\r\nx\r\n"));
                String validity = uidValidity(imap.command("SELECT CopyTo"));
                assertThat(imap.command("SELECT CopyFrom").ok()).isTrue();
                assertThat(imap.command("STORE 1 +FLAGS (\\Deleted)").ok()).isTrue();
                assertThat(imap.command("EXPUNGE").ok()).isTrue();

                Reply copy = imap.command("COPY 1:* CopyTo");

                assertThat(copy.tagged()).endsWith("OK [COPYUID " + validity + " " + second + ":" + third + " 1:2] COPY completed.");
            }
        }
    }

    /** RFC 3501 §7.2.6: a keyword is in a FLAGS response before a FETCH shows it. */
    @Nested
    class NewKeywords {
        @Test
        void storeShouldAnnounceANewKeywordBeforeTheFetchThatCarriesIt() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("CREATE Keywords").ok()).isTrue();
                imap.append("Keywords", "Subject: k\r\n\r\nx\r\n");
                assertThat(imap.command("SELECT Keywords").ok()).isTrue();

                Reply store = imap.command("STORE 1 +FLAGS ($Urgent)");

                List<String> untagged = store.untagged();
                int flags = indexOfStartingWith(untagged, "* FLAGS (");
                int fetch = indexOfStartingWith(untagged, "* 1 FETCH (FLAGS (");
                assertThat(flags).as(untagged.toString()).isNotNegative().isLessThan(fetch);
                assertThat(untagged.get(flags)).contains("$Urgent");
                assertThat(untagged.get(flags + 1)).startsWith("* OK [PERMANENTFLAGS (").contains("$Urgent");
                assertThat(untagged.get(fetch)).contains("$Urgent");
            }
        }

        @Test
        void keywordsAddedReplacedAndRemovedShouldBeWhatAnotherSessionReads() throws Exception {
            try (ImapDialog phone = login(); ImapDialog desktop = login()) {
                assertThat(phone.command("CREATE KeywordChanges").ok()).isTrue();
                for (int i = 1; i <= 3; i++) {
                    phone.append("KeywordChanges", "Subject: k" + i + "\r\n\r\nx\r\n");
                }
                assertThat(phone.command("SELECT KeywordChanges").ok()).isTrue();

                assertThat(phone.command("STORE 1:3 +FLAGS ($Triage $Urgent)").ok()).isTrue();
                assertThat(phone.command("STORE 2 -FLAGS ($Urgent)").ok()).isTrue();
                assertThat(phone.command("STORE 3 FLAGS (\\Flagged $Suivi)").ok()).isTrue();
                assertThat(phone.command("STORE 1 +FLAGS (\\Seen $Triage)").ok()).isTrue();

                assertThat(desktop.command("SELECT KeywordChanges").ok()).isTrue();
                List<String> flags = desktop.command("FETCH 1:3 (FLAGS)").untagged().stream()
                    .filter(line -> line.contains(" FETCH ")).toList();
                assertThat(flags).hasSize(3);
                assertThat(keywords(flags.get(0))).containsExactlyInAnyOrder("\\Seen", "$Triage", "$Urgent");
                assertThat(keywords(flags.get(1))).containsExactlyInAnyOrder("$Triage");
                assertThat(keywords(flags.get(2))).containsExactlyInAnyOrder("\\Flagged", "$Suivi");
                assertThat(desktop.command("SEARCH KEYWORD $Urgent").untagged()).contains("* SEARCH 1");
            }
        }

        private List<String> keywords(String fetch) {
            String flags = fetch.substring(fetch.indexOf("FLAGS (") + 7, fetch.indexOf(')', fetch.indexOf("FLAGS (")));
            return List.of(flags.split(" ")).stream().filter(flag -> !flag.isEmpty() && !flag.equals("\\Recent")).toList();
        }

        private int indexOfStartingWith(List<String> lines, String prefix) {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(prefix)) {
                    return i;
                }
            }
            return -1;
        }
    }

    /**
     * RFC 3501 §6.4.5: FETCH answers for each message of the set. A set of many ranges (what a client sends for the
     * messages it lacks) is listed as a whole by the gateway, in groups of sixteen ranges: the answer is James's, each
     * message of the set once (James's parser merges the set's ranges) in ascending order, with its own data.
     */
    @Nested
    class FetchOfASetOfManyRanges {
        static final int MESSAGES = 40;

        @Test
        void eachMessageOfEachRangeShouldBeAnsweredWithItsOwnData() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("CREATE ManyRanges").ok()).isTrue();
                for (int i = 1; i <= MESSAGES; i++) {
                    String body = i % 2 == 0 ? "plain text " + i + "\r\n"
                        : "--b\r\nContent-Type: text/plain\r\n\r\npart " + i + "\r\n--b\r\nContent-Type: application/pdf\r\n\r\nJVBERi0=\r\n--b--\r\n";
                    String type = i % 2 == 0 ? "text/plain" : "multipart/mixed; boundary=b";
                    imap.append("ManyRanges", "Subject: message " + i + "\r\nContent-Type: " + type + "\r\n\r\n" + body);
                }
                assertThat(imap.command("SELECT ManyRanges").untagged()).contains("* " + MESSAGES + " EXISTS");
                StringBuilder everyThird = new StringBuilder();
                for (int i = 3; i <= MESSAGES; i += 3) {
                    everyThird.append(everyThird.isEmpty() ? "" : ",").append(i);
                }
                assertThat(imap.command("STORE " + everyThird + " +FLAGS.SILENT ($Triage)").ok()).isTrue();

                // Twenty single-message ranges, the last first: two groups of the gateway's listing.
                List<Integer> asked = new ArrayList<>(List.of(39));
                for (int i = 1; i < MESSAGES - 1; i += 2) {
                    asked.add(i);
                }
                Reply reply = imap.command("FETCH " + join(asked) + " (FLAGS BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (Subject)])");

                assertThat(reply.tagged()).contains(" OK ");
                List<String> fetched = reply.untagged().stream().filter(line -> line.contains(" FETCH ")).toList();
                assertThat(fetched).extracting(ImapRfcComplianceIntegrationTest::number).containsExactlyElementsOf(asked.stream().sorted().toList());
                for (String line : fetched) {
                    int number = number(line);
                    assertThat(line).as(line).contains("Subject: message " + number + "\r\n")
                        .contains("\"MIXED\"").contains("\"APPLICATION\" \"PDF\"");
                    assertThat(line.contains("$Triage")).as(line).isEqualTo(number % 3 == 0);
                }
            }
        }

        @Test
        void overlappingAndUidRangesShouldBeAnsweredOnceEach() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("CREATE OverlappingRanges").ok()).isTrue();
                for (int i = 1; i <= 8; i++) {
                    imap.append("OverlappingRanges", "Subject: overlap " + i + "\r\n\r\ntext " + i + "\r\n");
                }
                assertThat(imap.command("SELECT OverlappingRanges").untagged()).contains("* 8 EXISTS");

                Reply overlapping = imap.command("FETCH 5:6,1:3,2:4 (UID)");

                assertThat(overlapping.untagged()).extracting(ImapRfcComplianceIntegrationTest::number)
                    .containsExactly(1, 2, 3, 4, 5, 6);
                // A UID set naming messages that do not exist (UID 100) and the last message with *.
                Reply uids = imap.command("UID FETCH 7:*,100,1,3 (UID BODY.PEEK[HEADER.FIELDS (Subject)])");

                assertThat(uids.untagged()).extracting(ImapRfcComplianceIntegrationTest::number).containsExactly(1, 3, 7, 8);
                assertThat(uids.untagged().get(3)).contains("Subject: overlap 8");
            }
        }

        @Test
        void aBodyReadAcrossRangesShouldMarkOnlyThoseMessagesSeen() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("CREATE SeenAcrossRanges").ok()).isTrue();
                for (int i = 1; i <= 6; i++) {
                    imap.append("SeenAcrossRanges", "Subject: seen " + i + "\r\n\r\ntext " + i + "\r\n");
                }
                assertThat(imap.command("SELECT SeenAcrossRanges").ok()).isTrue();

                Reply read = imap.command("FETCH 2,4,6 (BODY[TEXT])");

                assertThat(read.untagged()).filteredOn(line -> line.contains("\\Seen"))
                    .extracting(ImapRfcComplianceIntegrationTest::number).containsExactly(2, 4, 6);
                List<String> flags = imap.command("FETCH 1:6 (FLAGS)").untagged();
                assertThat(flags).filteredOn(line -> line.contains("\\Seen")).extracting(ImapRfcComplianceIntegrationTest::number)
                    .containsExactly(2, 4, 6);
            }
        }

        private static String join(List<Integer> numbers) {
            return String.join(",", numbers.stream().map(String::valueOf).toList());
        }
    }

    /** The message number of an untagged {@code * n FETCH} line. */
    static int number(String fetch) {
        return Integer.parseInt(fetch.substring(2, fetch.indexOf(' ', 2)));
    }

    /** RFC 6154 §2 (SPECIAL-USE): the default mailboxes carry their use in every LIST. */
    @Nested
    class SpecialUse {
        @Test
        void listShouldFlagTheDefaultMailboxesWithTheirSpecialUse() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("CAPABILITY").untagged().get(0)).contains(" SPECIAL-USE");

                Reply list = imap.command("LIST \"\" %");

                assertThat(list.untagged()).contains(
                    "* LIST (\\HasNoChildren \\Sent) \".\" \"Sent\"",
                    "* LIST (\\HasNoChildren \\Drafts) \".\" \"Drafts\"",
                    "* LIST (\\HasNoChildren \\Trash) \".\" \"Trash\"",
                    "* LIST (\\HasNoChildren \\Junk) \".\" \"Spam\"",
                    "* LIST (\\HasNoChildren \\Archive) \".\" \"Archive\"",
                    "* LIST (\\HasNoChildren) \".\" \"INBOX\"");
            }
        }

        @Test
        void listShouldNotFlagANestedMailboxNamedLikeADefaultOne() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("CREATE Projects.Sent").ok()).isTrue();

                assertThat(imap.command("LIST \"\" Projects.Sent").untagged()).containsExactly("* LIST (\\HasNoChildren) \".\" \"Projects.Sent\"");
                assertThat(imap.command("LIST (SPECIAL-USE) \"\" *").untagged()).hasSize(5).noneMatch(line -> line.contains("Projects"));
            }
        }
    }

    /** RFC 9051 §5.5: commands pipelined behind LOGIN or SELECT are judged in the state those leave. */
    @Nested
    class CommandsPipelinedBehindAStateChange {
        @Test
        void commandsSentWithTheLoginShouldRunOnceLoggedIn() throws Exception {
            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                List<Reply> replies = imap.pipelined("LOGIN " + USER + " \"" + PASSWORD + "\"", "STATUS INBOX (MESSAGES)",
                    "SELECT INBOX", "UID FETCH 1:* (FLAGS)", "NOOP");

                assertThat(replies).extracting(Reply::tagged).allSatisfy(tagged -> assertThat(tagged).contains(" OK "));
            }
        }

        @Test
        void commandsSentWithAFailedLoginShouldStillBeRefused() throws Exception {
            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                assertThat(imap.command("SELECT INBOX").tagged()).endsWith("NO SELECT failed. Command not valid in this state.");

                List<Reply> replies = imap.pipelined("LOGIN " + USER + " \"not the password\"", "SELECT INBOX",
                    "LIST \"\" \"*\"", "NOOP");

                assertThat(replies.get(0).tagged()).contains(" NO ");
                assertThat(replies.get(1).tagged()).endsWith("NO SELECT failed. Command not valid in this state.");
                assertThat(replies.get(2).tagged()).endsWith("NO LIST failed. Command not valid in this state.");
                assertThat(replies.get(2).untagged()).isEmpty();
                assertThat(replies.get(3).tagged()).contains(" OK ");
            }
        }
    }

    /** RFC 7162: CONDSTORE and QRESYNC announced and honoured. */
    @Nested
    class CondstoreAndQresync {
        static final Pattern MODSEQ = Pattern.compile("MODSEQ \\(?(\\d+)\\)?");

        static long modSeq(String line) {
            Matcher matcher = MODSEQ.matcher(line);
            assertThat(matcher.find()).as(line).isTrue();
            return Long.parseLong(matcher.group(1));
        }

        @Test
        void capabilityShouldAnnounceCondstoreAndQresync() throws Exception {
            try (ImapDialog imap = login()) {
                String capability = imap.command("CAPABILITY").untagged().get(0);

                assertThat(capability).contains(" CONDSTORE").contains(" QRESYNC");
                assertThat(imap.command("ENABLE QRESYNC").untagged()).containsExactly("* ENABLED QRESYNC");
            }
        }

        /**
         * A phone back online resyncs its folder from the mod-sequence it had (RFC 7162 §3.2.5.1): told of the expunge
         * made since, not of the one it saw before (James listed every UID missing from the folder), and of the flag
         * changed since (James sent none).
         */
        @Test
        void selectWithQresyncShouldReportTheExpungesAndFlagChangesSinceTheClientsModSequence() throws Exception {
            List<String> uids = new java.util.ArrayList<>();
            long uidValidity;
            long known;
            try (ImapDialog phone = login()) {
                assertThat(phone.command("CREATE Resync").ok()).isTrue();
                for (int i = 1; i <= 5; i++) {
                    uids.add(appendedUid(phone.append("Resync", "Subject: compte rendu " + i + "\r\n\r\nrien\r\n")));
                }
                assertThat(phone.command("ENABLE QRESYNC").ok()).isTrue();
                assertThat(phone.command("SELECT Resync").ok()).isTrue();
                assertThat(phone.command("UID STORE " + uids.get(0) + " +FLAGS (\\Deleted)").ok()).isTrue();
                Reply expunge = phone.command("EXPUNGE");
                assertThat(expunge.untagged()).contains("* VANISHED " + uids.get(0));
                assertThat(expunge.tagged()).contains("OK [HIGHESTMODSEQ ");
                Reply select = phone.command("SELECT Resync");
                uidValidity = Long.parseLong(select.untaggedStartingWith("* OK [UIDVALIDITY ").orElseThrow().replaceAll("\\D*(\\d+).*", "$1"));
                known = Long.parseLong(select.untaggedStartingWith("* OK [HIGHESTMODSEQ ").orElseThrow().replaceAll("\\D*(\\d+).*", "$1"));
            }
            try (ImapDialog desktop = login()) {
                assertThat(desktop.command("SELECT Resync").ok()).isTrue();
                assertThat(desktop.command("UID STORE " + uids.get(2) + " +FLAGS (\\Seen)").ok()).isTrue();
                assertThat(desktop.command("UID STORE " + uids.get(1) + " +FLAGS (\\Deleted)").ok()).isTrue();
                assertThat(desktop.command("EXPUNGE").ok()).isTrue();
                assertThat(desktop.command("CREATE ResyncArchive").ok()).isTrue();
                assertThat(desktop.command("UID MOVE " + uids.get(4) + " ResyncArchive").ok()).isTrue();
                String status = desktop.command("STATUS Resync (HIGHESTMODSEQ)").untagged().get(0);
                assertThat(Long.parseLong(status.replaceAll(".*HIGHESTMODSEQ (\\d+).*", "$1"))).as(status).isGreaterThan(known);
            }
            try (ImapDialog phone = login()) {
                assertThat(phone.command("ENABLE QRESYNC").ok()).isTrue();
                Reply resync = phone.command("SELECT Resync (QRESYNC (" + uidValidity + " " + known + "))");

                assertThat(resync.tagged()).contains(" OK ");
                // Only the expunge and the move since: not the expunge the phone saw before its mod-sequence.
                assertThat(resync.untagged()).filteredOn(line -> line.startsWith("* VANISHED"))
                    .containsExactly("* VANISHED (EARLIER) " + uids.get(1) + "," + uids.get(4));
                assertThat(resync.untagged()).filteredOn(line -> line.contains(" FETCH ")).singleElement().asString()
                    .startsWith("* 1 FETCH (").contains("UID " + uids.get(2)).contains("\\Seen").contains("MODSEQ (");

                Reply fetch = phone.command("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + known + " VANISHED)");
                assertThat(fetch.untagged()).filteredOn(line -> line.startsWith("* VANISHED"))
                    .containsExactly("* VANISHED (EARLIER) " + uids.get(1) + "," + uids.get(4));
                assertThat(fetch.untagged()).filteredOn(line -> line.contains(" FETCH ")).singleElement().asString()
                    .contains("UID " + uids.get(2));
            }
        }

        /** A folder nothing was ever expunged from: the flag change since is sent all the same, and no VANISHED. */
        @Test
        void selectWithQresyncShouldReportFlagChangesInAMailboxNeverExpunged() throws Exception {
            String first;
            long uidValidity;
            long known;
            try (ImapDialog phone = login()) {
                assertThat(phone.command("CREATE NeverExpunged").ok()).isTrue();
                first = appendedUid(phone.append("NeverExpunged", "Subject: ordonnance\r\n\r\nrien\r\n"));
                appendedUid(phone.append("NeverExpunged", "Subject: resultats\r\n\r\nrien\r\n"));
                Reply select = phone.command("SELECT NeverExpunged");
                uidValidity = Long.parseLong(select.untaggedStartingWith("* OK [UIDVALIDITY ").orElseThrow().replaceAll("\\D*(\\d+).*", "$1"));
                known = Long.parseLong(select.untaggedStartingWith("* OK [HIGHESTMODSEQ ").orElseThrow().replaceAll("\\D*(\\d+).*", "$1"));
            }
            try (ImapDialog desktop = login()) {
                assertThat(desktop.command("SELECT NeverExpunged").ok()).isTrue();
                assertThat(desktop.command("UID STORE " + first + " +FLAGS (\\Flagged)").ok()).isTrue();
            }
            try (ImapDialog phone = login()) {
                assertThat(phone.command("ENABLE QRESYNC").ok()).isTrue();
                Reply resync = phone.command("SELECT NeverExpunged (QRESYNC (" + uidValidity + " " + known + "))");

                assertThat(resync.untagged()).noneMatch(line -> line.startsWith("* VANISHED"));
                assertThat(resync.untagged()).filteredOn(line -> line.contains(" FETCH ")).singleElement().asString()
                    .startsWith("* 1 FETCH (").contains("UID " + first).contains("\\Flagged");
            }
        }

        /** What a client syncing flags by mod-sequence does: changes since its last one, conditional stores, MODSEQ search. */
        @Test
        void aClientShouldSyncFlagChangesByModSequence() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("CREATE Sync").ok()).isTrue();
                List<String> uids = new java.util.ArrayList<>();
                for (int i = 1; i <= 3; i++) {
                    uids.add(appendedUid(imap.append("Sync", "Subject: bilan " + i + "\r\n\r\nrien\r\n")));
                }
                Reply select = imap.command("SELECT Sync (CONDSTORE)");
                assertThat(select.untaggedStartingWith("* OK [HIGHESTMODSEQ ")).isPresent();
                long known = imap.command("FETCH 1:3 (MODSEQ)").untagged().stream().mapToLong(CondstoreAndQresync::modSeq).max().orElseThrow();
                assertThat(imap.command("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + known + ")").untagged()).isEmpty();

                Reply seen = imap.command("UID STORE " + uids.get(1) + " +FLAGS (\\Seen)");
                long changed = modSeq(seen.untagged().get(0));
                assertThat(changed).isGreaterThan(known);

                assertThat(imap.command("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + known + ")").untagged())
                    .singleElement().asString().contains("UID " + uids.get(1)).contains("MODSEQ (" + changed + ")");
                assertThat(imap.command("UID SEARCH MODSEQ " + changed).untagged())
                    .containsExactly("* SEARCH " + uids.get(1) + " (MODSEQ " + changed + ")");

                Reply conditional = imap.command("STORE 1:3 (UNCHANGEDSINCE " + known + ") +FLAGS (\\Flagged)");
                assertThat(conditional.tagged()).endsWith("OK [MODIFIED 2] STORE Conditional STORE failed.");
                assertThat(imap.command("SEARCH FLAGGED").untagged()).containsExactly("* SEARCH 1 3");

                // MIN alone: the mod-sequence of the message returned, not the highest of those matched (RFC 7162 §3.1.5).
                long latest = modSeq(imap.command("STORE 3 +FLAGS (\\Answered)").untagged().get(0));
                long first = modSeq(imap.command("FETCH 1 (MODSEQ)").untagged().get(0));
                assertThat(first).isLessThan(latest);
                assertThat(imap.command("SEARCH RETURN (MIN) MODSEQ 1").untagged())
                    .singleElement().asString().endsWith("MIN 1 MODSEQ " + first);
                assertThat(imap.command("SEARCH RETURN (MAX) MODSEQ 1").untagged())
                    .singleElement().asString().endsWith("MAX 3 MODSEQ " + latest);
            }
        }
    }

    /** RFC 3501 §6.4.8: a UID naming no message is ignored without error, an empty mailbox included (Dovecot answers OK). */
    @Nested
    class UidSetsInAnEmptyMailbox {
        @Test
        void uidCommandsInAnEmptyMailboxShouldAnswerOkWithNoData() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("CREATE NeverFilled").ok()).isTrue();
                assertThat(imap.command("SELECT NeverFilled").untagged()).contains("* 0 EXISTS");

                for (String command : List.of("UID FETCH 1:* (FLAGS)", "UID FETCH 7 (UID)", "UID STORE 1:* +FLAGS (\\Seen)",
                    "UID COPY 1:* INBOX", "UID MOVE 1:* INBOX", "UID EXPUNGE 1:*", "UID FETCH * (FLAGS)")) {
                    Reply reply = imap.command(command);

                    assertThat(reply.tagged()).as(command).contains(" OK ").doesNotContain("COPYUID");
                    assertThat(reply.untagged()).as(command).noneMatch(line -> line.contains(" FETCH ") || line.contains("EXPUNGE"));
                }
                assertThat(imap.command("UID COPY 1:* NoSuchFolder").tagged()).contains(" NO [TRYCREATE]");
                // Sequence numbers name messages that must exist: still an error, as in Dovecot.
                assertThat(imap.command("FETCH 1:* (FLAGS)").tagged()).contains(" BAD ");
            }
        }

        @Test
        void aMailboxEmptiedByAnotherSessionShouldStillAnswerTheClientsResync() throws Exception {
            try (ImapDialog phone = login(); ImapDialog desktop = login()) {
                assertThat(phone.command("CREATE EmptiedElsewhere").ok()).isTrue();
                String uid = appendedUid(phone.append("EmptiedElsewhere", "Subject: to the bin\r\n\r\nx\r\n"));
                assertThat(desktop.command("SELECT EmptiedElsewhere").untagged()).contains("* 1 EXISTS");
                assertThat(phone.command("SELECT EmptiedElsewhere").ok()).isTrue();
                assertThat(phone.command("UID STORE " + uid + " +FLAGS (\\Deleted)").ok()).isTrue();
                assertThat(phone.command("EXPUNGE").untagged()).contains("* 1 EXPUNGE");

                Reply resync = desktop.command("UID FETCH 1:* (FLAGS)");

                assertThat(resync.untagged()).contains("* 1 EXPUNGE").noneMatch(line -> line.contains(" FETCH "));
                assertThat(resync.tagged()).contains(" OK ");
                assertThat(desktop.command("UID FETCH 1:* (FLAGS)").tagged()).contains(" OK ");
            }
        }
    }

    /** XLIST, which Dovecot also answers without announcing it: stock James failed on it (NullPointerException). */
    @Nested
    class XList {
        @Test
        void xlistShouldListTheMailboxesWithTheirTypesWithoutBeingAnnounced() throws Exception {
            try (ImapDialog imap = login()) {
                Reply xlist = imap.command("XLIST \"\" \"*\"");

                assertThat(xlist.tagged()).contains(" OK ");
                assertThat(xlist.untagged()).contains("* XLIST (\\HasNoChildren \\Inbox) \".\" \"INBOX\"",
                    "* XLIST (\\HasNoChildren \\Sent) \".\" \"Sent\"", "* XLIST (\\HasNoChildren \\Trash) \".\" \"Trash\"");
                assertThat(imap.command("CAPABILITY").untagged().get(0)).doesNotContain("XLIST");
            }
        }
    }

    /** RFC 3501 §6.3.4: it is an error to delete INBOX. */
    @Nested
    class DeleteInbox {
        @Test
        void deletingTheInboxShouldBeRefusedAndKeepItsMessages() throws Exception {
            try (ImapDialog imap = login()) {
                appendedUid(imap.append("INBOX", "Subject: still here\r\n\r\nx\r\n"));
                String before = imap.command("STATUS INBOX (MESSAGES)").untagged().get(0);

                assertThat(imap.command("DELETE INBOX").tagged()).endsWith("NO [CANNOT] DELETE INBOX cannot be deleted.");
                assertThat(imap.command("DELETE inbox").tagged()).contains(" NO [CANNOT] ");
                assertThat(imap.command("SELECT INBOX").ok()).isTrue();
                assertThat(imap.command("DELETE \"Inbox\"").tagged()).contains(" NO [CANNOT] ");

                assertThat(imap.command("STATUS INBOX (MESSAGES)").untagged()).containsExactly(before);
                assertThat(imap.command("CREATE Disposable").ok()).isTrue();
                assertThat(imap.command("DELETE Disposable").ok()).isTrue();
            }
        }
    }

    /** RFC 5530: a name the store cannot hold is refused as the client's mistake, with the reason. */
    @Nested
    class InvalidMailboxNames {
        @Test
        void createAndRenameToANameTheStoreCannotHoldShouldBeRefusedWithTheReason() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("CREATE \"star*name\"").tagged())
                    .endsWith("NO [CANNOT] CREATE Invalid mailbox name: it holds a character that mailbox names cannot hold (% or *).");
                assertThat(imap.command("CREATE \"per%cent\"").tagged()).contains(" NO [CANNOT] ");
                assertThat(imap.command("CREATE \"Patients..Dupont\"").tagged())
                    .endsWith("NO [CANNOT] CREATE Invalid mailbox name: it has an empty level (a hierarchy separator at its start or two in a row).");
                assertThat(imap.command("CREATE \".Hidden\"").tagged()).contains(" NO [CANNOT] ");
                assertThat(imap.command("CREATE Renamable").ok()).isTrue();
                assertThat(imap.command("RENAME Renamable \"Renamed*\"").tagged()).contains(" NO [CANNOT] RENAME Invalid mailbox name");
                assertThat(imap.command("RENAME Renamable \"a..b\"").tagged()).contains(" NO [CANNOT] RENAME Invalid mailbox name");

                assertThat(imap.command("LIST \"\" \"Renam*\"").untagged()).containsExactly("* LIST (\\HasNoChildren) \".\" \"Renamable\"");
                assertThat(imap.command("NOOP").ok()).isTrue();
            }
        }
    }

    /**
     * RFC 5530 §3: a mailbox that already exists or does not is told by its code, which clients act on (offlineimap
     * creates a folder's parents one by one and goes on past {@code [ALREADYEXISTS]}); {@code [TRYCREATE]} is kept.
     */
    @Nested
    class MailboxExistenceCodes {
        @Test
        void aNameInUseShouldBeAlreadyExistsAndAMissingMailboxNonexistent() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("CREATE Cardiologie").ok()).isTrue();
                assertThat(imap.command("CREATE Cardiologie.Echo").ok()).isTrue();

                assertThat(imap.command("CREATE Cardiologie").tagged()).endsWith(" NO [ALREADYEXISTS] CREATE failed. Mailbox already exists.");
                assertThat(imap.command("CREATE INBOX").tagged()).contains(" NO [ALREADYEXISTS] ");
                assertThat(imap.command("RENAME Cardiologie.Echo Cardiologie").tagged()).contains(" NO [ALREADYEXISTS] RENAME ");
                for (String command : List.of("SELECT Absente", "EXAMINE Absente", "DELETE Absente", "RENAME Absente Ailleurs")) {
                    assertThat(imap.command(command).tagged()).as(command).contains(" NO [NONEXISTENT] ");
                }
                assertThat(imap.command("APPEND Absente {3+}\r\nx\r\n").tagged()).contains(" NO [TRYCREATE] ");
                assertThat(imap.command("LIST \"\" \"Cardiologie*\"").untagged()).hasSize(2);
                assertThat(imap.command("NOOP").ok()).isTrue();
            }
        }
    }

    /**
     * RFC 2683 §3.2.1: a command line longer than the server accepts (64 KiB here) gets a BAD, tagged so that the
     * client waiting for it goes on (James wrote an untagged BAD and the client waited for its tag forever); the
     * session goes on with the next command, and a line too long before its tag still gets the untagged BAD.
     */
    @Nested
    class CommandLinesTooLong {
        @Test
        void aCommandLineTooLongShouldBeAnsweredBadWithItsTagAndTheSessionGoOn() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("SELECT INBOX").ok()).isTrue();
                String set = IntStream.range(0, 20_000).mapToObj(i -> String.valueOf(2 * i + 1)).collect(Collectors.joining(","));

                imap.write(("c1 UID FETCH " + set + " (FLAGS)\r\nc2 NOOP\r\n").getBytes(StandardCharsets.US_ASCII));

                assertThat(imap.nextLine()).startsWith("c1 BAD Command line too long");
                assertThat(imap.nextLine()).isEqualTo("c2 OK NOOP completed.");
                // A line sent in pieces, the first already over the limit.
                imap.write(("c3 SEARCH UID " + set).getBytes(StandardCharsets.US_ASCII));
                imap.write((",1 ALL\r\nc4 NOOP\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(imap.nextLine()).startsWith("c3 BAD Command line too long");
                assertThat(imap.nextLine()).isEqualTo("c4 OK NOOP completed.");
                // No tag to answer: as James, an untagged BAD.
                imap.write(("(" + "x".repeat(70_000) + "\r\nc5 NOOP\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(imap.nextLine()).startsWith("* BAD");
                assertThat(imap.nextLine()).isEqualTo("c5 OK NOOP completed.");
            }
        }
    }

    /** RFC 9051 §6.4.4: a SEARCH string without CHARSET is UTF-8. */
    @Nested
    class SearchWithoutCharset {
        @Test
        void anAccentedSearchStringWithoutCharsetShouldBeReadAsUtf8() throws Exception {
            try (ImapDialog imap = login()) {
                assertThat(imap.command("CREATE Echo").ok()).isTrue();
                String uid = appendedUid(imap.append("Echo", "From: radiologie@example.test\r\nTo: " + USER
                    + "\r\nSubject: =?utf-8?q?R=C3=A9sultats_d=27=C3=A9chographie?=\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    + "Content-Transfer-Encoding: 8bit\r\n\r\nCompte rendu de l'échographie abdominale.\r\n"));
                appendedUid(imap.append("Echo", "Subject: autre\r\n\r\nrien\r\n"));
                assertThat(imap.command("SELECT Echo").ok()).isTrue();

                for (String search : List.of("UID SEARCH SUBJECT \"échographie\"", "UID SEARCH BODY \"ÉCHOGRAPHIE\"",
                        "UID SEARCH CHARSET UTF-8 TEXT \"échographie abdo\"", "UID SEARCH OR SUBJECT \"é\" FROM nobody")) {
                    Reply reply = imap.command(search);

                    assertThat(reply.ok()).as(search).isTrue();
                    assertThat(reply.untagged()).as(search).containsExactly("* SEARCH " + uid);
                }
                assertThat(imap.command("UID SEARCH SUBJECT autre").untagged()).hasSize(1).first().asString().doesNotContain(" " + uid);
            }
        }
    }

    /** RFC 3501 §2.2.2: every command is answered; a name in a namespace the session may not use gets a NO, not silence. */
    @Nested
    class OtherUsersNamespace {
        @Test
        void namesInTheOtherUsersNamespaceShouldBeRefusedNotLeftUnanswered() throws Exception {
            try (ImapDialog imap = login()) {
                for (String command : List.of("SELECT \"#user.dr.other@cabinet-rfc.fr.INBOX\"", "EXAMINE \"#user\"",
                    "STATUS \"#user.dr.other@cabinet-rfc.fr.INBOX\" (MESSAGES)", "DELETE \"#user.x\"", "SELECT \"#projets\"")) {
                    Reply reply = imap.command(command);

                    assertThat(reply.tagged()).as(command).contains(" NO ");
                }
                assertThat(imap.command("NOOP").ok()).isTrue();
            }
        }
    }
}
