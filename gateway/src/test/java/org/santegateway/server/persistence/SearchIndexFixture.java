package org.santegateway.server.persistence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.events.MemoryEventDeadLetters;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.ByteContent;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;

/**
 * A search index on a directory of its own, without a server, and generated messages to fill it: for unit tests and
 * {@link SearchIndexBenchmark}.
 */
final class SearchIndexFixture implements AutoCloseable {
    static final Username OWNER = Username.of("dr.index@cabinet-test.fr");
    static final Mailbox INBOX = new Mailbox(MailboxPath.forUser(OWNER, "INBOX"), UidValidity.of(1), JPAId.of(1));
    static final MailboxSession SESSION = new MailboxSession(MailboxSession.SessionId.of(1), OWNER, Optional.of(OWNER),
        List.of(Locale.FRANCE), '.', MailboxSession.SessionType.System);

    final LuceneIndexDirectory directory;
    final GatewayLuceneMessageSearchIndex index;

    SearchIndexFixture(Path varDirectory) throws IOException {
        this.directory = new LuceneIndexDirectory(new StorageDirectories(varDirectory));
        this.index = new GatewayLuceneMessageSearchIndex(null, new JPAId.Factory(), directory,
            new DefaultMessageId.Factory(), null, SearchIndexFeed.EVENT_BUS_GROUP, SearchIndexBarrier.NONE,
            new MemoryEventDeadLetters());
    }

    void add(long uid, String message) {
        index.add(SESSION, INBOX, message(uid, message)).block();
    }

    List<Long> search(SearchQuery.Criterion criterion) throws MailboxException {
        return index.search(SESSION, INBOX, SearchQuery.of(criterion)).map(MessageUid::asLong).collectList().block();
    }

    static MailboxMessage message(long uid, String message) {
        byte[] bytes = message.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        MessageId messageId = new DefaultMessageId.Factory().generate();
        return SimpleMailboxMessage.builder()
            .messageId(messageId)
            .threadId(ThreadId.fromBaseMessageId(messageId))
            .mailboxId(INBOX.getMailboxId())
            .uid(MessageUid.of(uid))
            .modseq(ModSeq.of(uid))
            .internalDate(new Date(1_700_000_000_000L + uid * 60_000))
            .size(bytes.length)
            .bodyStartOctet(bodyStart(bytes))
            .content(new ByteContent(bytes))
            .flags(new Flags())
            .properties(new PropertyBuilder())
            .build();
    }

    private static int bodyStart(byte[] bytes) {
        for (int i = 0; i + 3 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i + 4;
            }
        }
        return bytes.length;
    }

    @Override
    public void close() throws IOException {
        index.close();
        directory.close();
    }

    /** Plausible mail: words from a fixed vocabulary of made-up words, correspondents with display names. */
    static final class Generator {
        private final Random random;
        private final String[] words;
        private final String[] correspondents;

        Generator(long seed, int vocabulary, int correspondentCount) {
            this.random = new Random(seed);
            String[] syllables = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "ba", "de", "fu", "gi", "ho",
                "ju", "pa", "qui", "ster", "tion", "ment", "an", "or", "ex", "pré", "ché"};
            this.words = new String[vocabulary];
            for (int i = 0; i < vocabulary; i++) {
                StringBuilder word = new StringBuilder();
                for (int s = 1 + random.nextInt(4); s >= 0; s--) {
                    word.append(syllables[random.nextInt(syllables.length)]);
                }
                words[i] = word.toString();
            }
            this.correspondents = new String[correspondentCount];
            for (int i = 0; i < correspondentCount; i++) {
                String first = capitalised(word());
                String last = capitalised(word());
                correspondents[i] = first + " " + last + " <" + first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT)
                    + i + "@" + word() + ".fr>";
            }
        }

        String word() {
            return words[random.nextInt(words.length)];
        }

        /** Words separated by spaces, and by line breaks when {@code lines}. */
        String words(int count, boolean lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < count; i++) {
                text.append(i == 0 ? "" : lines && random.nextInt(12) == 0 ? ".\n" : " ").append(word());
            }
            return text.toString();
        }

        String correspondent() {
            return correspondents[random.nextInt(correspondents.length)];
        }

        /** A message of about {@code bodyWords} words, sent on a day of March 2007 at a random time and zone. */
        String message(int bodyWords) {
            int day = 1 + random.nextInt(28);
            int hour = random.nextInt(24);
            String zone = random.nextBoolean() ? "+0200" : "-0500";
            return "From: " + correspondent() + "\n"
                + "To: " + correspondent() + "\n"
                + (random.nextInt(3) == 0 ? "Cc: " + correspondent() + "\n" : "")
                + "Subject: " + words(2 + random.nextInt(5), false) + "\n"
                + "Date: " + String.format(Locale.ROOT, "%d Mar 2007 %02d:%02d:00 %s", day, hour, random.nextInt(60), zone) + "\n"
                + "Message-ID: <" + random.nextLong() + "@cabinet-test.fr>\n"
                + "X-Dossier: " + word() + "-" + random.nextInt(100000) + "\n"
                + "\n"
                + words(bodyWords, true) + "\n";
        }

        int nextInt(int bound) {
            return random.nextInt(bound);
        }

        private static String capitalised(String word) {
            return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
        }
    }
}
