package org.santegateway.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.SearchQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.persistence.search.SubstringAnalyzer;

/**
 * The search index alone, without a server: substring criteria find exactly the messages whose text contains the
 * string (checked against a plain {@code String.contains} over every message), and entries are replaced, not
 * doubled, and removed range by range.
 */
class GatewayLuceneMessageSearchIndexTest {
    static final int MESSAGES = 2000;
    static final int NEEDLES = 100;

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Substrings {
        SearchIndexFixture fixture;
        final List<String> messages = new ArrayList<>();

        @BeforeAll
        void fill(@TempDir Path var) throws Exception {
            fixture = new SearchIndexFixture(var);
            SearchIndexFixture.Generator generator = new SearchIndexFixture.Generator(42, 3000, 300);
            for (int uid = 1; uid <= MESSAGES; uid++) {
                String message = generator.message(40);
                messages.add(message);
                fixture.add(uid, message);
            }
            fixture.index.commit();
        }

        @AfterAll
        void close() throws Exception {
            fixture.close();
        }

        @Test
        void bodyShouldFindExactlyTheMessagesWhoseBodyContainsTheString() throws Exception {
            checkNeedles(1, message -> List.of(body(message)), SearchQuery::bodyContains);
        }

        @Test
        void subjectShouldFindExactlyTheMessagesWhoseSubjectContainsTheString() throws Exception {
            checkNeedles(2, message -> List.of(header(message, "Subject")), SearchQuery::subject);
        }

        @Test
        void fromShouldFindExactlyTheMessagesWhoseSenderContainsTheString() throws Exception {
            checkNeedles(3, message -> List.of(header(message, "From")),
                needle -> SearchQuery.address(SearchQuery.AddressType.From, needle));
        }

        @Test
        void textShouldFindExactlyTheMessagesWhoseHeadersOrBodyContainTheString() throws Exception {
            checkNeedles(4, GatewayLuceneMessageSearchIndexTest::headerLinesAndBody, SearchQuery::mailContains);
        }

        /**
         * Needles of 1 to 15 characters cut from random messages (upper-cased half of the time), and what a scan of
         * every message finds.
         */
        private void checkNeedles(long seed, Function<String, List<String>> values,
                                  Function<String, SearchQuery.Criterion> criterion) throws Exception {
            SearchIndexFixture.Generator random = new SearchIndexFixture.Generator(seed, 1, 1);
            for (int n = 0; n < NEEDLES; n++) {
                List<String> sources = values.apply(messages.get(random.nextInt(MESSAGES)));
                String source = normalized(sources.get(random.nextInt(sources.size())));
                if (source.isEmpty()) {
                    continue;
                }
                int length = Math.min(source.length(), 1 + random.nextInt(15));
                int start = random.nextInt(source.length() - length + 1);
                String needle = source.substring(start, start + length);
                String asked = random.nextInt(2) == 0 ? needle.toUpperCase(Locale.ROOT) : needle;
                if (normalized(asked).isEmpty()) {
                    continue;
                }
                List<Long> expected = new ArrayList<>();
                for (int uid = 1; uid <= MESSAGES; uid++) {
                    if (values.apply(messages.get(uid - 1)).stream().anyMatch(value -> normalized(value).contains(normalized(asked)))) {
                        expected.add((long) uid);
                    }
                }
                assertThat(fixture.search(criterion.apply(asked))).as("'%s'", asked).containsExactlyElementsOf(expected);
            }
        }
    }

    @Nested
    class Entries {
        @TempDir
        Path var;

        @Test
        void addingAMessageTwiceShouldLeaveOneEntry() throws Exception {
            try (SearchIndexFixture fixture = new SearchIndexFixture(var)) {
                String message = "From: a@b.fr\nSubject: twice\n\nhello\n";
                fixture.add(7, message);
                fixture.add(7, message);

                assertThat(fixture.search(SearchQuery.subject("twice"))).containsExactly(7L);
                assertThat(fixture.search(SearchQuery.all())).containsExactly(7L);
            }
        }

        @Test
        void deletingARangeShouldRemoveThatRangeOnly() throws Exception {
            try (SearchIndexFixture fixture = new SearchIndexFixture(var)) {
                for (long uid = 1; uid <= 5; uid++) {
                    fixture.add(uid, "From: a@b.fr\nSubject: message " + uid + "\n\nhello\n");
                }

                fixture.index.delete(SearchIndexFixture.INBOX.getMailboxId(), MessageRange.range(MessageUid.of(2), MessageUid.of(3)));

                assertThat(fixture.search(SearchQuery.all())).containsExactly(1L, 4L, 5L);
                assertThat(fixture.search(SearchQuery.bodyContains("hello"))).containsExactly(1L, 4L, 5L);
            }
        }
    }

    static String body(String message) {
        return message.substring(message.indexOf("\n\n") + 2);
    }

    /** The values TEXT searches: each header as {@code Name: value}, and the body. */
    static List<String> headerLinesAndBody(String message) {
        List<String> values = new ArrayList<>(List.of(message.substring(0, message.indexOf("\n\n")).split("\n")));
        values.add(body(message));
        return values;
    }

    static String header(String message, String name) {
        for (String line : message.split("\n")) {
            if (line.startsWith(name + ": ")) {
                return line.substring(name.length() + 2);
            }
        }
        return "";
    }

    static String normalized(String text) {
        int[] codePoints = SubstringAnalyzer.normalize(text);
        return new String(codePoints, 0, codePoints.length);
    }
}
