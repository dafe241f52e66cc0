package org.santegateway.server.persistence;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.events.Event;
import org.apache.james.events.EventDeadLetters;
import org.apache.james.events.Group;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.search.ListeningMessageSearchIndex;
import org.apache.james.mailbox.store.search.SearchUtil;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.Version;
import org.santegateway.server.persistence.search.FlagTerms;
import org.santegateway.server.persistence.search.IndexFields;
import org.santegateway.server.persistence.search.IndexedIds;
import org.santegateway.server.persistence.search.MessageDocuments;
import org.santegateway.server.persistence.search.SearchQueries;
import org.santegateway.server.persistence.search.SearchSorts;
import org.santegateway.server.persistence.search.SubstringAnalyzer;

import com.google.common.collect.ImmutableList;
import com.google.common.util.concurrent.Striped;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The mailbox search index (IMAP SEARCH, WebAdmin), on Lucene, with the document layout of James 3.8.1's
 * {@code LuceneMessageSearchIndex} (ids, flags, dates, sort keys) and IMAP's matching rules for text
 * ({@link SearchQueries}): substrings anywhere in headers, addresses and bodies, case-insensitive, and SENT* on the
 * date as written. Text is indexed as trigrams ({@link SubstringAnalyzer}); a substring search is a phrase query on
 * the trigrams of the string, answered by the index alone.
 *
 * <p>Also unlike James's index, on which the crash recovery relies:</p>
 * <ul>
 *     <li>Adding a message is idempotent: its documents (the message and its flags) are replaced, not added a
 *     second time, so a message indexed twice (by the repair after a crash, by a re-indexing task, while the
 *     mailbox listener indexes it too) is found once.</li>
 *     <li>Deleting a range of UIDs deletes that range (James 3.8.1 read a range of several UIDs as "every UID of the
 *     mailbox": expunging two adjacent messages emptied the mailbox's index).</li>
 *     <li>A clean close is recorded ({@link LuceneIndexDirectory#markClosedCleanly()}), so that the next start
 *     knows whether the last commit holds everything.</li>
 * </ul>
 */
public class GatewayLuceneMessageSearchIndex extends ListeningMessageSearchIndex {
    private static final int MAX_QUERY_RESULTS = 100_000;

    private final LuceneIndexDirectory indexDirectory;
    private final MailboxId.Factory mailboxIdFactory;
    private final MessageId.Factory messageIdFactory;
    private final IndexWriter writer;
    private final Striped<Lock> messageLocks = Striped.lock(64);
    private final SearchIndexFeed feed;
    private final SearchIndexBarrier barrier;
    private final OrderedIndexFeed ordered;

    @Inject
    public GatewayLuceneMessageSearchIndex(MailboxSessionMapperFactory factory, MailboxId.Factory mailboxIdFactory,
                                           LuceneIndexDirectory indexDirectory, MessageId.Factory messageIdFactory,
                                           SessionProvider sessionProvider, SearchIndexFeed feed, SearchIndexBarrier barrier,
                                           EventDeadLetters deadLetters) throws IOException {
        super(factory, Set.of(), sessionProvider);
        this.feed = feed;
        this.barrier = barrier;
        this.ordered = new OrderedIndexFeed(super::reactiveEvent,
            event -> deadLetters.store(LuceneMessageSearchIndex.GROUP, event).then());
        this.indexDirectory = indexDirectory;
        this.mailboxIdFactory = mailboxIdFactory;
        this.messageIdFactory = messageIdFactory;
        IndexWriterConfig config = new IndexWriterConfig(Version.LUCENE_36, new SubstringAnalyzer())
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        this.writer = new IndexWriter(indexDirectory.directory(), config);
    }

    /** James's group, so that the listener keeps its name (event dead letters, redelivery through WebAdmin). */
    @Override
    public Group getDefaultGroup() {
        return LuceneMessageSearchIndex.GROUP;
    }

    /** Events from the event bus's group, unless this node's index is fed from a queue of its own. */
    @Override
    public boolean isHandling(Event event) {
        return feed == SearchIndexFeed.EVENT_BUS_GROUP && super.isHandling(event);
    }

    /**
     * An event of the event bus (one node): queued for {@link OrderedIndexFeed}, which applies it after the dispatch,
     * outside the mailbox's write lock the writer holds; searches wait for it.
     */
    @Override
    public Mono<Void> reactiveEvent(Event event) {
        return Mono.fromRunnable(() -> ordered.submit(event));
    }

    /** Applies a mailbox event to the index now, whatever the feed: for the queue of this node's own. */
    public Mono<Void> index(Event event) {
        return super.isHandling(event) ? super.reactiveEvent(event) : Mono.empty();
    }

    @Override
    public EnumSet<MailboxManager.SearchCapabilities> getSupportedCapabilities(EnumSet<MailboxManager.MessageCapabilities> messageCapabilities) {
        return EnumSet.of(MailboxManager.SearchCapabilities.MultimailboxSearch);
    }

    @Override
    public Mono<Void> add(MailboxSession session, Mailbox mailbox, MailboxMessage message) {
        return Mono.fromRunnable(() -> {
            Lock lock = messageLocks.get(MessageDocuments.messageDocumentId(message));
            lock.lock();
            try {
                Document document = MessageDocuments.message(session, message);
                Document flags = MessageDocuments.flags(message);
                // Both documents of the message (content and flags) match its mailbox and UID: replaced, not doubled.
                delete(message.getMailboxId(), MessageRange.one(message.getUid()));
                writer.addDocument(document);
                writer.addDocument(flags);
            } catch (IOException | org.apache.james.mime4j.MimeException e) {
                throw new IllegalStateException("Cannot index a message", e);
            } finally {
                lock.unlock();
            }
        });
    }

    @Override
    public Mono<Void> update(MailboxSession session, MailboxId mailboxId, List<UpdatedFlags> updatedFlagsList) {
        return Mono.fromRunnable(() -> {
            try {
                for (UpdatedFlags updatedFlags : updatedFlagsList) {
                    updateFlags(mailboxId, updatedFlags.getUid(), updatedFlags.getNewFlags(), updatedFlags.getModSeq());
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot update the flags in the search index", e);
            }
        });
    }

    /**
     * The flags document is rebuilt from what the event carries (mailbox, UID, flags) and replaces the old one by its
     * id: no reader is opened (James opened a near-real-time reader per flag change, which flushes the writer's
     * buffer into a new segment every time, under the mailbox's write lock). A flags document written for a message
     * expunged meanwhile matches no message document, so no search returns it.
     */
    private void updateFlags(MailboxId mailboxId, MessageUid uid, Flags flags, ModSeq modSeq) throws IOException {
        writer.updateDocument(new Term(IndexFields.ID, MessageDocuments.flagsDocumentId(mailboxId, uid)),
            MessageDocuments.flags(mailboxId, uid, flags, modSeq));
    }

    @Override
    public Mono<Flags> retrieveIndexedFlags(Mailbox mailbox, MessageUid uid) {
        return Mono.fromCallable(() -> {
            Flags flags = new Flags();
            try (IndexReader reader = IndexReader.open(writer, true); IndexSearcher searcher = new IndexSearcher(reader)) {
                TopDocs docs = searcher.search(flagsDocumentOf(mailbox.getMailboxId(), uid), 16);
                for (ScoreDoc scoreDoc : docs.scoreDocs) {
                    for (String term : searcher.doc(scoreDoc.doc).getValues(IndexFields.FLAGS)) {
                        FlagTerms.systemFlag(term).ifPresentOrElse(flags::add, () -> flags.add(term));
                    }
                }
            }
            return flags;
        });
    }

    private static Query flagsDocumentOf(MailboxId mailboxId, MessageUid uid) {
        BooleanQuery query = new BooleanQuery();
        query.add(new TermQuery(new Term(IndexFields.MAILBOX_ID, mailboxId.serialize())), Occur.MUST);
        query.add(SearchQueries.uidRange(MessageRange.one(uid)), Occur.MUST);
        query.add(new PrefixQuery(new Term(IndexFields.FLAGS, "")), Occur.MUST);
        return query;
    }

    @Override
    public Mono<Void> delete(MailboxSession session, MailboxId mailboxId, Collection<MessageUid> expungedUids) {
        return Mono.fromRunnable(() -> {
            try {
                for (MessageRange range : MessageRange.toRanges(List.copyOf(expungedUids))) {
                    delete(mailboxId, range);
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot remove expunged messages from the search index", e);
            }
        });
    }

    @Override
    public Mono<Void> deleteAll(MailboxSession session, MailboxId mailboxId) {
        return Mono.fromRunnable(() -> {
            try {
                delete(mailboxId, MessageRange.all());
            } catch (IOException e) {
                throw new IllegalStateException("Cannot remove a mailbox from the search index", e);
            }
        });
    }

    /** Deletes the entries (message and flags documents) of a range of UIDs of a mailbox. */
    public void delete(MailboxId mailboxId, MessageRange range) throws IOException {
        BooleanQuery query = new BooleanQuery();
        query.add(new TermQuery(new Term(IndexFields.MAILBOX_ID, mailboxId.serialize())), Occur.MUST);
        query.add(SearchQueries.uidRange(range), Occur.MUST);
        writer.deleteDocuments(query);
    }

    public void commit() throws IOException {
        writer.commit();
    }

    @Override
    protected Flux<MessageUid> doSearch(MailboxSession session, Mailbox mailbox, SearchQuery searchQuery) throws MailboxException {
        return Flux.fromIterable(search(List.of(mailbox.getMailboxId()), searchQuery))
            .map(SearchResult::getMessageUid);
    }

    @Override
    public Flux<MessageId> search(MailboxSession session, Collection<MailboxId> mailboxIds, SearchQuery searchQuery, long limit) throws MailboxException {
        if (mailboxIds.isEmpty()) {
            return Flux.empty();
        }
        return Flux.fromIterable(search(mailboxIds, searchQuery).stream()
            .map(result -> result.getMessageId().orElseThrow())
            .filter(SearchUtil.distinct())
            .limit(limit)
            .collect(ImmutableList.toImmutableList()));
    }

    private List<SearchResult> search(Collection<MailboxId> mailboxIds, SearchQuery searchQuery) throws MailboxException {
        ordered.awaitApplied();
        barrier.awaitIndexed();
        BooleanQuery inMailboxes = new BooleanQuery();
        for (MailboxId id : mailboxIds) {
            inMailboxes.add(new TermQuery(new Term(IndexFields.MAILBOX_ID, id.serialize())), Occur.SHOULD);
        }
        try (IndexReader reader = IndexReader.open(writer, true); IndexSearcher searcher = new IndexSearcher(reader)) {
            int maxResults = Math.max(1, Math.min(MAX_QUERY_RESULTS, reader.maxDoc()));
            SearchQueries queries = new SearchQueries(searcher, inMailboxes, searchQuery.getRecentMessageUids(), maxResults);
            BooleanQuery query = new BooleanQuery();
            query.add(inMailboxes, Occur.MUST);
            query.add(new PrefixQuery(new Term(IndexFields.FLAGS, "")), Occur.MUST_NOT);
            for (SearchQuery.Criterion criterion : searchQuery.getCriteria()) {
                query.add(queries.create(criterion), Occur.MUST);
            }
            Sort sort = SearchSorts.of(searchQuery.getSorts());
            IndexedIds ids = new IndexedIds(reader);
            List<SearchResult> results = new ArrayList<>();
            for (ScoreDoc scoreDoc : searcher.search(query, null, maxResults, sort).scoreDocs) {
                results.add(new SearchResult(
                    Optional.ofNullable(ids.messageId(scoreDoc.doc)).map(messageIdFactory::fromString),
                    mailboxIdFactory.fromString(ids.mailboxId(scoreDoc.doc)),
                    MessageUid.of(ids.uid(scoreDoc.doc))));
            }
            return results;
        } catch (IOException e) {
            throw new MailboxException("Unable to search the mailbox", e);
        }
    }

    @PreDestroy
    public void close() throws IOException {
        boolean drained = ordered.drainAndStop();
        writer.close();
        if (drained) {
            indexDirectory.markClosedCleanly();
        }
    }
}
