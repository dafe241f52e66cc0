package org.santegateway.server.persistence;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.lifecycle.api.Startable;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.MapFieldSelector;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexReader;
import org.santegateway.server.persistence.search.FlagTerms;
import org.santegateway.server.persistence.search.IndexFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.base.Stopwatch;

/**
 * Brings the search index back in line with the mailboxes after an unclean stop, in the background.
 *
 * <p>The index is committed every few seconds ({@link LuceneIndexCommitter}) and at a clean stop; a crash loses what
 * was indexed since the last commit, and nothing else would ever index it again: IMAP SEARCH would miss those
 * messages for good. When {@link LuceneIndexDirectory} says the index was not closed cleanly, this compares, mailbox
 * by mailbox, the messages in the database (UIDs and flags, no content) with the last commit of the index, then
 * indexes the missing or outdated messages, removes the entries of messages or mailboxes that no longer exist, and
 * commits. The gateway is fully usable meanwhile (new mail is indexed as usual; searches may miss messages not yet
 * repaired). Indexing a message twice is harmless ({@link GatewayLuceneMessageSearchIndex} replaces entries).</p>
 *
 * <p>Cost: one pass over the messages' metadata and over the stored ids and flags of the index, plus the indexing of
 * what is missing; only after an unclean stop.</p>
 */
public class SearchIndexRepair implements Startable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SearchIndexRepair.class);
    private static final Username REPAIR_USER = Username.of("search-index-repair");

    /** What a repair did. */
    public record Outcome(int mailboxes, int indexed, int removed, long millis) {
    }

    private final LuceneIndexDirectory indexDirectory;
    private final GatewayLuceneMessageSearchIndex index;
    private final MailboxSessionMapperFactory mapperFactory;
    private final MailboxId.Factory mailboxIdFactory;
    private final DetachedMessageReader reader;
    private final SessionProvider sessionProvider;

    @Inject
    public SearchIndexRepair(LuceneIndexDirectory indexDirectory, GatewayLuceneMessageSearchIndex index,
                             MailboxSessionMapperFactory mapperFactory, MailboxId.Factory mailboxIdFactory,
                             DetachedMessageReader reader, SessionProvider sessionProvider) {
        this.indexDirectory = indexDirectory;
        this.index = index;
        this.mapperFactory = mapperFactory;
        this.mailboxIdFactory = mailboxIdFactory;
        this.reader = reader;
        this.sessionProvider = sessionProvider;
    }

    /** Starts a repair in a background thread when the index was not closed cleanly; returns at once. */
    public void start() {
        if (indexDirectory.closedCleanly()) {
            LOGGER.debug("The search index was closed cleanly: no repair needed");
            return;
        }
        Thread thread = new Thread(this::repairInBackground, "search-index-repair");
        thread.setDaemon(true);
        thread.start();
    }

    private void repairInBackground() {
        LOGGER.info("The search index was not closed cleanly (crash or first start): checking it against the mailboxes");
        try {
            Outcome outcome = repair();
            LOGGER.info("Search index repaired: {} mailboxes checked, {} messages indexed, {} entries removed, in {} ms",
                outcome.mailboxes(), outcome.indexed(), outcome.removed(), outcome.millis());
        } catch (Exception e) {
            LOGGER.error("The search index repair failed: IMAP SEARCH may miss messages; re-index with the WebAdmin task", e);
        }
    }

    /** Repairs the index now, in the calling thread. */
    public Outcome repair() throws IOException, MailboxException {
        Stopwatch stopwatch = Stopwatch.createStarted();
        Map<String, Map<Long, Set<String>>> committed = committedEntries();
        MailboxSession session = sessionProvider.createSystemSession(REPAIR_USER);
        List<Mailbox> mailboxes = mapperFactory.getMailboxMapper(session).list().collectList().block();
        int indexed = 0;
        int removed = 0;
        for (Mailbox mailbox : mailboxes) {
            Map<Long, Set<String>> inIndex = committed.getOrDefault(mailbox.getMailboxId().serialize(), Map.of());
            committed.remove(mailbox.getMailboxId().serialize());
            MailboxSession ownerSession = sessionProvider.createSystemSession(mailbox.getUser());
            SortedMap<MessageUid, Flags> inDatabase = reader.flags(mailbox);
            for (Map.Entry<MessageUid, Flags> message : inDatabase.entrySet()) {
                Set<String> indexedFlags = inIndex.get(message.getKey().asLong());
                if (indexedFlags == null || !indexedFlags.equals(FlagTerms.terms(message.getValue()))) {
                    indexed += reindex(ownerSession, mailbox, message.getKey());
                }
            }
            for (Long uid : inIndex.keySet()) {
                if (!inDatabase.containsKey(MessageUid.of(uid))) {
                    index.delete(mailbox.getMailboxId(), MessageRange.one(MessageUid.of(uid)));
                    removed++;
                }
            }
        }
        for (Map.Entry<String, Map<Long, Set<String>>> deletedMailbox : committed.entrySet()) {
            index.delete(mailboxIdFactory.fromString(deletedMailbox.getKey()), MessageRange.all());
            removed += deletedMailbox.getValue().size();
        }
        index.commit();
        return new Outcome(mailboxes.size(), indexed, removed, stopwatch.elapsed().toMillis());
    }

    private int reindex(MailboxSession session, Mailbox mailbox, MessageUid uid) throws MailboxException {
        // Read now, not with the flags listed earlier: the message may have changed meanwhile.
        List<MailboxMessage> messages = reader.full(mailbox, MessageRange.one(uid), 1);
        for (MailboxMessage message : messages) {
            index.add(session, mailbox, message).block();
        }
        return messages.size();
    }

    /**
     * The entries of the last commit of the index, by mailbox id and UID: the terms of the indexed flags, or no
     * entry when the message's flags document is missing (a message is fully indexed with both documents).
     */
    private Map<String, Map<Long, Set<String>>> committedEntries() throws IOException {
        Map<String, Map<Long, Set<String>>> entries = new HashMap<>();
        Map<String, Set<Long>> contents = new HashMap<>();
        MapFieldSelector fields = new MapFieldSelector(IndexFields.ID, IndexFields.MAILBOX_ID, IndexFields.UID, IndexFields.FLAGS);
        IndexReader committed;
        try {
            committed = IndexReader.open(indexDirectory.directory(), true);
        } catch (IndexNotFoundException e) {
            return entries;
        }
        try (committed) {
            for (int doc = 0; doc < committed.maxDoc(); doc++) {
                if (committed.isDeleted(doc)) {
                    continue;
                }
                Document document = committed.document(doc, fields);
                String mailboxId = document.get(IndexFields.MAILBOX_ID);
                String uid = document.get(IndexFields.UID);
                String id = document.get(IndexFields.ID);
                if (mailboxId == null || uid == null || id == null) {
                    continue;
                }
                if (id.startsWith(IndexFields.FLAGS_ID_PREFIX)) {
                    entries.computeIfAbsent(mailboxId, any -> new HashMap<>())
                        .put(Long.parseLong(uid), new HashSet<>(List.of(document.getValues(IndexFields.FLAGS))));
                } else {
                    contents.computeIfAbsent(mailboxId.toLowerCase(Locale.US), any -> new HashSet<>()).add(Long.parseLong(uid));
                }
            }
        }
        // A flags document without its message document is an incomplete entry: index the message again.
        entries.forEach((mailboxId, flags) -> flags.keySet().retainAll(
            contents.getOrDefault(mailboxId.toLowerCase(Locale.US), Set.of())));
        return entries;
    }
}
