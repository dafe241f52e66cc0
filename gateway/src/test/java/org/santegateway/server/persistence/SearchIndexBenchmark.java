package org.santegateway.server.persistence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.lucene.store.FSDirectory;

/**
 * How fast the search index answers IMAP SEARCH criteria on one large mailbox: fills an index on a temporary
 * directory with generated messages (about 1 KB of text each, correspondents with display names, Date headers in
 * two zones), then times each criterion as the IMAP layer calls it (one search = one near-real-time reader opened on
 * the writer, the query, the UIDs read back). Not a test (surefire does not run it). Run after
 * {@code mvn test-compile}:
 *
 * <pre>
 * cd gateway && mvn -o -q dependency:build-classpath -Dmdep.outputFile=cp.txt && \
 *   java -Xmx1g -cp "target/test-classes:target/classes:$(cat cp.txt)" \
 *     org.santegateway.server.persistence.SearchIndexBenchmark [messages, default 100000] [body words, default 150] [james]
 * </pre>
 * With {@code james}, the same on stock James 3.8.1's {@code LuceneMessageSearchIndex} (word prefixes), for
 * comparison: its counts differ where it does not implement IMAP's rules. Prints the indexing rate, the size of the index, and for each criterion the number of messages found and the
 * median and maximum over {@value #ROUNDS} runs (after {@value #WARM_UP} warm-up runs).
 */
public final class SearchIndexBenchmark {
    private static final int ROUNDS = 9;
    private static final int WARM_UP = 3;

    private SearchIndexBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int bodyWords = args.length > 1 ? Integer.parseInt(args[1]) : 150;
        boolean james = args.length > 2 && args[2].equals("james");
        Path var = Files.createTempDirectory("search-index-benchmark");
        System.out.printf(Locale.ROOT, "Java %s, %d available processor(s), %d messages of %d body words, %s%n",
            System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), messages, bodyWords,
            james ? "stock James LuceneMessageSearchIndex" : "GatewayLuceneMessageSearchIndex");
        try (Index fixture = james ? new StockIndex(var) : new GatewayIndex(var)) {
            SearchIndexFixture.Generator generator = new SearchIndexFixture.Generator(7, 5000, 2000);
            String sample = null;
            long bytes = 0;
            long start = System.nanoTime();
            for (int uid = 1; uid <= messages; uid++) {
                String message = generator.message(bodyWords);
                bytes += message.length();
                if (uid == messages / 2) {
                    sample = message;
                }
                fixture.add(uid, message);
            }
            fixture.commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "indexed %d messages (%.0f MB) in %.0f s: %.0f messages/s; index on disk %.0f MB%n",
                messages, bytes / 1e6, seconds, messages / seconds, size(var) / 1e6);

            String body = GatewayLuceneMessageSearchIndexTest.body(sample);
            String from = GatewayLuceneMessageSearchIndexTest.header(sample, "From");
            String subject = GatewayLuceneMessageSearchIndexTest.header(sample, "Subject");
            String dossier = GatewayLuceneMessageSearchIndexTest.header(sample, "X-Dossier");
            String firstWord = from.substring(0, from.indexOf(' '));
            String address = from.substring(from.indexOf('<') + 1, from.indexOf('>'));
            List<Case> cases = new ArrayList<>(List.of(
                new Case("ALL", SearchQuery.all()),
                new Case("BODY rare infix", SearchQuery.bodyContains(infix(body, 20, 9))),
                new Case("BODY two words", SearchQuery.bodyContains(infix(body, 40, 14))),
                new Case("BODY common 3 chars 'tio'", SearchQuery.bodyContains("tio")),
                new Case("BODY 1 char 'q'", SearchQuery.bodyContains("q")),
                new Case("BODY absent 'zzzzzz'", SearchQuery.bodyContains("zzzzzz")),
                new Case("SUBJECT infix", SearchQuery.subject(infix(subject, 2, 10))),
                new Case("FROM address", SearchQuery.address(SearchQuery.AddressType.From, address)),
                new Case("FROM part of address", SearchQuery.address(SearchQuery.AddressType.From, infix(address, 3, 8))),
                new Case("FROM display name", SearchQuery.address(SearchQuery.AddressType.From, firstWord.toUpperCase(Locale.ROOT))),
                new Case("HEADER X-Dossier infix", SearchQuery.headerContains("X-Dossier", dossier.substring(dossier.indexOf('-')))),
                new Case("TEXT rare infix", SearchQuery.mailContains(infix(body, 60, 9))),
                new Case("SENTON", SearchQuery.headerDateOn("Date", new Date(1174780800000L), SearchQuery.DateResolution.Day)),
                new Case("SENTSINCE", SearchQuery.or(
                    SearchQuery.headerDateOn("Date", new Date(1174780800000L), SearchQuery.DateResolution.Day),
                    SearchQuery.headerDateAfter("Date", new Date(1174780800000L), SearchQuery.DateResolution.Day))),
                new Case("UNSEEN SUBJECT infix", SearchQuery.and(
                    SearchQuery.flagIsUnSet(javax.mail.Flags.Flag.SEEN), SearchQuery.subject(infix(subject, 2, 10))))));
            for (Case search : cases) {
                long[] millis = new long[ROUNDS];
                int found = 0;
                for (int round = -WARM_UP; round < ROUNDS; round++) {
                    long begin = System.nanoTime();
                    found = fixture.search(search.criterion()).size();
                    if (round >= 0) {
                        millis[round] = (System.nanoTime() - begin) / 1_000_000;
                    }
                }
                Arrays.sort(millis);
                System.out.printf(Locale.ROOT, "%-28s found %6d   median %5d ms   max %5d ms%n",
                    search.name(), found, millis[ROUNDS / 2], millis[ROUNDS - 1]);
            }
        } finally {
            try (Stream<Path> files = Files.walk(var)) {
                files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private record Case(String name, SearchQuery.Criterion criterion) {
    }

    private interface Index extends AutoCloseable {
        void add(long uid, String message) throws Exception;

        List<Long> search(SearchQuery.Criterion criterion) throws Exception;

        void commit() throws Exception;
    }

    private static final class GatewayIndex implements Index {
        private final SearchIndexFixture fixture;

        GatewayIndex(Path var) throws Exception {
            this.fixture = new SearchIndexFixture(var);
        }

        @Override
        public void add(long uid, String message) {
            fixture.add(uid, message);
        }

        @Override
        public List<Long> search(SearchQuery.Criterion criterion) throws Exception {
            return fixture.search(criterion);
        }

        @Override
        public void commit() throws Exception {
            fixture.index.commit();
        }

        @Override
        public void close() throws Exception {
            fixture.close();
        }
    }

    private static final class StockIndex implements Index {
        private final FSDirectory directory;
        private final LuceneMessageSearchIndex index;

        StockIndex(Path var) throws Exception {
            this.directory = FSDirectory.open(var.resolve("lucene").toFile());
            this.index = new LuceneMessageSearchIndex(null, new JPAId.Factory(), directory, new DefaultMessageId.Factory(), null);
        }

        @Override
        public void add(long uid, String message) {
            index.add(SearchIndexFixture.SESSION, SearchIndexFixture.INBOX, SearchIndexFixture.message(uid, message)).block();
        }

        @Override
        public List<Long> search(SearchQuery.Criterion criterion) throws Exception {
            return index.search(SearchIndexFixture.SESSION, SearchIndexFixture.INBOX, SearchQuery.of(criterion))
                .map(MessageUid::asLong).collectList().block();
        }

        @Override
        public void commit() throws Exception {
            index.commit();
        }

        @Override
        public void close() throws Exception {
            index.close();
            directory.close();
        }
    }

    private static String infix(String text, int from, int length) {
        String flat = text.replace('\n', ' ');
        int start = Math.min(from, Math.max(0, flat.length() - length));
        return flat.substring(start, Math.min(flat.length(), start + length));
    }

    private static long size(Path directory) throws Exception {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        }
    }
}
