package org.santegateway.server.persistence;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.mail.Flags;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;
import javax.persistence.PersistenceException;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAMessageMapper;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.jpa.mail.model.JPAUserFlag;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxCounters;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.store.FlagsUpdateCalculator;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.mail.model.impl.Properties;
import org.apache.openjpa.persistence.OpenJPAPersistence;
import org.reactivestreams.Publisher;

import com.google.common.collect.ImmutableList;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * James's JPA message mapper made safe for several sessions working on one mailbox at once (a professional's
 * desktop client, phone and assistant on one INBOX). Writes on a mailbox are serialised above the mapper
 * ({@link SerializedWritesMailboxManager}); this class removes what still made sessions fail or wait on one another:
 *
 * <ul>
 *     <li>Expunge deletes by primary-key range ({@code MAILBOX_ID}, {@code MAIL_UID}): James's JPQL bulk delete is
 *     turned by OpenJPA into {@code DELETE ... WHERE EXISTS (SELECT ...)}, a statement that scans the whole table
 *     and waits on rows of other mailboxes. Flags and properties of the deleted rows go with them through the
 *     foreign keys' {@code ON DELETE CASCADE}, as with James's statement. An expunge takes a mod-sequence of its own
 *     and records the expunged UIDs with it ({@link MailboxChanges}): HIGHESTMODSEQ moves past every expunge, and
 *     QRESYNC reports the expunges since a mod-sequence.</li>
 *     <li>Listings are read in plain SQL ({@link MessageRows}), as detached messages, contents read in the listing
 *     as the fetch type needs them (headers for a headers fetch, header and body for a full one): a message expunged
 *     by another session between the listing and the read is left out, where James failed the whole command with an
 *     {@code EntityNotFoundException}. The flag update and the expunge list the rows in SQL too, and write them in
 *     SQL: flags and keywords row by row, the expunge by range. A FETCH of a set of several ranges is listed as a
 *     whole ({@link ListingPlan}).</li>
 *     <li>The current quota is counted in the transaction that adds or removes the messages
 *     ({@link CurrentQuotaChanges}), not by James's listener in a transaction of its own after the write.</li>
 *     <li>A database failure inside a transaction is reported as a {@link MailboxException}, the only kind after which
 *     James rolls the transaction back; and a transaction still open when the request ends is rolled back, so its
 *     row locks never outlive the command that took them.</li>
 * </ul>
 *
 * <p>With {@link UidAllocation#LOCKED_IN_WRITING_TRANSACTION} (nodes sharing a database) UIDs and mod-sequences are
 * taken in the writing transaction, the mailbox's row locked until its commit ({@link MailboxRowCounters}), and an
 * expunge and a flag update take that lock first.</p>
 *
 * <p>The persistence context is per request: the IMAP server ends the request after each command
 * ({@code org.santegateway.server.imap.RequestScopedMailboxProcessor}), so no session reads another command's
 * cached entities.</p>
 */
public class SharedMailboxMessageMapper extends JPAMessageMapper {
    private static final String DELETE_RANGE = "DELETE FROM JAMES_MAIL WHERE MAILBOX_ID = ?1 AND MAIL_UID BETWEEN ?2 AND ?3";
    private static final String FIRST_UNSEEN = "SELECT MIN(MAIL_UID) FROM JAMES_MAIL WHERE MAILBOX_ID = ? AND MAIL_IS_SEEN = ?";
    private static final String COUNT_ALL = "SELECT COUNT(MAIL_UID) FROM JAMES_MAIL WHERE MAILBOX_ID = ?";
    private static final String COUNT_UNSEEN = "SELECT COUNT(MAIL_UID) FROM JAMES_MAIL WHERE MAILBOX_ID = ? AND MAIL_IS_SEEN = ?";
    private static final String UPDATE_FLAGS = "UPDATE JAMES_MAIL SET MAIL_IS_ANSWERED = ?1, MAIL_IS_DELETED = ?2, MAIL_IS_DRAFT = ?3,"
        + " MAIL_IS_FLAGGED = ?4, MAIL_IS_RECENT = ?5, MAIL_IS_SEEN = ?6, MAIL_MODSEQ = ?7 WHERE MAILBOX_ID = ?8 AND MAIL_UID = ?9";
    private static final String DELETE_KEYWORD = "DELETE FROM JAMES_MAIL_USERFLAG WHERE MAILBOX_ID = ?1 AND MAIL_UID = ?2 AND USERFLAG_NAME = ?3";
    private static final String INSERT_KEYWORD = "INSERT INTO JAMES_MAIL_USERFLAG (USERFLAG_ID, USERFLAG_NAME, MAILBOX_ID, MAIL_UID)"
        + " VALUES (?1, ?2, ?3, ?4)";
    private static final String RECENT = "SELECT MAIL_UID FROM JAMES_MAIL WHERE MAILBOX_ID = ? AND MAIL_IS_RECENT = ? ORDER BY MAIL_UID";
    private static final String DELETED = "SELECT MAIL_UID FROM JAMES_MAIL WHERE MAILBOX_ID = ? AND MAIL_IS_DELETED = ?"
        + " AND MAIL_UID BETWEEN ? AND ? ORDER BY MAIL_UID";

    private final JPAModSeqProvider modSeqProvider;
    private final UidAllocation allocation;
    private final MailboxSession session;
    /** The mod-sequence of the messages the open transaction removed one by one ({@link #delete}), if any. */
    private ModSeq expungeModSeq;
    /** What the open transaction's additions and removals change of the quota, written before its commit. */
    private final CurrentQuotaChanges quota = new CurrentQuotaChanges();

    public SharedMailboxMessageMapper(JPAUidProvider uidProvider, JPAModSeqProvider modSeqProvider, EntityManagerFactory entityManagerFactory,
                                      UidAllocation allocation, MailboxSession session) {
        super(uidProvider, modSeqProvider, entityManagerFactory);
        this.modSeqProvider = modSeqProvider;
        this.allocation = allocation;
        this.session = session;
    }

    @Override
    public Map<MessageUid, MessageMetaData> deleteMessages(Mailbox mailbox, List<MessageUid> uids) throws MailboxException {
        long mailboxId = ((JPAId) mailbox.getMailboxId()).getRawId();
        Map<MessageUid, MessageMetaData> deleted = new HashMap<>();
        try {
            EntityManager entityManager = getEntityManager();
            if (allocation == UidAllocation.LOCKED_IN_WRITING_TRANSACTION) {
                // The mailbox's row before its messages' rows, as every other writer does: no deadlock across nodes.
                MailboxRowCounters.lock(entityManager, mailbox.getMailboxId());
            }
            for (MessageRange range : MessageRange.toRanges(uids)) {
                List<MailboxMessage> messages = listing(mailbox, range, FetchType.METADATA, MessageMapper.UNLIMITED);
                if (messages.isEmpty()) {
                    continue;
                }
                entityManager.createNativeQuery(DELETE_RANGE)
                    .setParameter(1, mailboxId)
                    .setParameter(2, messages.get(0).getUid().asLong())
                    .setParameter(3, messages.get(messages.size() - 1).getUid().asLong())
                    .executeUpdate();
                for (MailboxMessage message : messages) {
                    deleted.put(message.getUid(), message.metaData());
                }
            }
            if (!deleted.isEmpty()) {
                MailboxChanges.record(entityManager, mailboxId, deleted.keySet(), modSeqProvider.nextModSeq(mailbox));
                quota.record(mailbox, -deleted.size(), -deleted.values().stream().mapToLong(MessageMetaData::getSize).sum());
            }
            return deleted;
        } catch (PersistenceException e) {
            throw new MailboxException("Delete of messages failed in a mailbox", e);
        }
    }

    /**
     * One message removed (the original of a MOVE): recorded as expunged, all the messages a transaction removes so
     * under one mod-sequence.
     */
    @Override
    public void delete(Mailbox mailbox, MailboxMessage message) throws MailboxException {
        super.delete(mailbox, message);
        quota.record(mailbox, -1, -message.getFullContentOctets());
        try {
            if (expungeModSeq == null) {
                expungeModSeq = modSeqProvider.nextModSeq(mailbox);
            }
            MailboxChanges.record(getEntityManager(), jpaId(mailbox).getRawId(), List.of(message.getUid()), expungeModSeq);
        } catch (PersistenceException e) {
            throw new MailboxException("Delete of a message failed in a mailbox", e);
        }
    }

    /**
     * A move: with {@link UidAllocation#LOCKED_IN_WRITING_TRANSACTION} the rows of the destination and of the
     * sources are locked first, in ascending id order. The copy takes the destination's UID and the removal the
     * source's mod-sequence: two moves in opposite directions, each locking its destination first, waited on each
     * other until the database's deadlock detection failed one (after 20 s with Derby).
     */
    @Override
    public List<MessageMetaData> move(Mailbox mailbox, List<MailboxMessage> originals) throws MailboxException {
        if (allocation == UidAllocation.LOCKED_IN_WRITING_TRANSACTION && !originals.isEmpty()) {
            TreeSet<Long> mailboxes = new TreeSet<>();
            mailboxes.add(jpaId(mailbox).getRawId());
            for (MailboxMessage original : originals) {
                mailboxes.add(((JPAId) original.getMailboxId()).getRawId());
            }
            try {
                for (long mailboxId : mailboxes) {
                    MailboxRowCounters.lock(getEntityManager(), JPAId.of(mailboxId));
                }
            } catch (PersistenceException e) {
                throw new MailboxException("Move of messages failed in a mailbox", e);
            }
        }
        return super.move(mailbox, originals);
    }

    /**
     * James's flag update: one new mod-sequence for the command, given to the messages whose flags change (none taken
     * when no flag changes: a STORE of flags already set writes nothing, and unchanged messages keep theirs). The rows
     * are listed and updated in SQL, in the command's transaction: the system flags in the message's row, a keyword
     * as a row of its own added or removed. James changed the entities of the range instead, and OpenJPA loaded each
     * message, its keywords and its MIME properties, one statement each, then deleted every keyword row of the
     * message and inserted them again (imaptest's STORE of keywords: 126 commands/s before, 245 after).
     */
    @Override
    public Iterator<UpdatedFlags> updateFlags(Mailbox mailbox, FlagsUpdateCalculator calculator, MessageRange set) throws MailboxException {
        try {
            if (allocation == UidAllocation.LOCKED_IN_WRITING_TRANSACTION) {
                // The mailbox's row before the messages are listed and any of their rows written, as every writer
                // does: the flags are computed from what the writer before committed, and no writer holds a
                // message's rows while it waits for the mailbox's (PostgreSQL found that deadlock with an expunge on
                // another node).
                MailboxRowCounters.lock(getEntityManager(), mailbox.getMailboxId());
            }
            List<MailboxMessage> messages = listing(mailbox, set, FetchType.METADATA, MessageMapper.UNLIMITED);
            ModSeq modSeq = null;
            ImmutableList.Builder<UpdatedFlags> updated = ImmutableList.builder();
            for (MailboxMessage message : messages) {
                Flags before = message.createFlags();
                message.setFlags(calculator.buildNewFlags(before));
                Flags after = message.createFlags();
                if (UpdatedFlags.flagsChanged(before, after) && onlyRecentChanged(before, after)) {
                    // \Recent is the session's view, not a state a client syncs (RFC 7162 §3): its reset when a
                    // SELECT takes the new messages leaves their mod-sequence as it was, below the HIGHESTMODSEQ that
                    // SELECT reported (a new one made the next CHANGEDSINCE or QRESYNC return them again).
                    updateSystemFlags(mailbox, message);
                } else if (UpdatedFlags.flagsChanged(before, after)) {
                    if (modSeq == null) {
                        // Taken before the first row is written (the counters' row lock first, as every writer).
                        modSeq = modSeqProvider.nextModSeq(mailbox);
                    }
                    message.setModSeq(modSeq);
                    updateSystemFlags(mailbox, message);
                    updateKeywords(mailbox, message.getUid(), before, after);
                }
                updated.add(UpdatedFlags.builder()
                    .uid(message.getUid())
                    .modSeq(message.getModSeq())
                    .oldFlags(before)
                    .newFlags(after)
                    .build());
            }
            return updated.build().iterator();
        } catch (PersistenceException e) {
            throw new MailboxException("Update of flags failed in a mailbox", e);
        }
    }

    /** Through OpenJPA's native query: on the transaction's connection, committed or rolled back with it. */
    private void updateSystemFlags(Mailbox mailbox, MailboxMessage message) {
        getEntityManager().createNativeQuery(UPDATE_FLAGS)
            .setParameter(1, message.isAnswered())
            .setParameter(2, message.isDeleted())
            .setParameter(3, message.isDraft())
            .setParameter(4, message.isFlagged())
            .setParameter(5, message.isRecent())
            .setParameter(6, message.isSeen())
            .setParameter(7, message.getModSeq().asLong())
            .setParameter(8, jpaId(mailbox).getRawId())
            .setParameter(9, message.getUid().asLong())
            .executeUpdate();
    }

    /**
     * The keyword rows removed and added, as James's mapping has them ({@code JAMES_MAIL_USERFLAG}: one row a keyword,
     * its id from OpenJPA's generator of {@link JPAUserFlag}, as the entity's would be).
     */
    private void updateKeywords(Mailbox mailbox, MessageUid uid, Flags before, Flags after) {
        Set<String> had = Set.of(before.getUserFlags());
        Set<String> has = Set.of(after.getUserFlags());
        long mailboxId = jpaId(mailbox).getRawId();
        for (String removed : had) {
            if (!has.contains(removed)) {
                getEntityManager().createNativeQuery(DELETE_KEYWORD)
                    .setParameter(1, mailboxId)
                    .setParameter(2, uid.asLong())
                    .setParameter(3, removed)
                    .executeUpdate();
            }
        }
        for (String added : after.getUserFlags()) {
            if (!had.contains(added)) {
                Object id = OpenJPAPersistence.cast(getEntityManager()).getIdGenerator(JPAUserFlag.class).next();
                getEntityManager().createNativeQuery(INSERT_KEYWORD)
                    .setParameter(1, ((Number) id).longValue())
                    .setParameter(2, added)
                    .setParameter(3, mailboxId)
                    .setParameter(4, uid.asLong())
                    .executeUpdate();
            }
        }
    }

    private static boolean onlyRecentChanged(Flags before, Flags after) {
        Flags withoutRecentBefore = new Flags(before);
        withoutRecentBefore.remove(Flags.Flag.RECENT);
        Flags withoutRecentAfter = new Flags(after);
        withoutRecentAfter.remove(Flags.Flag.RECENT);
        return withoutRecentBefore.equals(withoutRecentAfter);
    }

    @Override
    public MessageMetaData add(Mailbox mailbox, MailboxMessage message) throws MailboxException {
        try {
            MessageMetaData added = super.add(mailbox, message);
            quota.record(mailbox, 1, added.getSize());
            return added;
        } catch (PersistenceException e) {
            throw new MailboxException("Append failed in a mailbox", e);
        }
    }

    /** A copy, and the copy of a move (whose removal from the source is {@link #delete}). */
    @Override
    public MessageMetaData copy(Mailbox mailbox, MailboxMessage original) throws MailboxException {
        try {
            MessageMetaData copied = super.copy(mailbox, original);
            quota.record(mailbox, 1, copied.getSize());
            return copied;
        } catch (PersistenceException e) {
            throw new MailboxException("Copy failed to a mailbox", e);
        }
    }

    /** The listing of {@code MessageManager.getMessages}: read as {@link #findInMailboxReactive} reads it. */
    @Override
    public Iterator<MailboxMessage> findInMailbox(Mailbox mailbox, MessageRange set, FetchType type, int max) throws MailboxException {
        return rows(mailbox, set, type, max).iterator();
    }

    /**
     * The listing of what IMAP and James's copy, move and expunge hooks read (FETCH, SELECT, STORE and SEARCH answers
     * go through it): rows read in plain SQL ({@link MessageRows}) as detached messages, whatever the listing left
     * out loaded on first use through this mapper, as an entity's lazy fields are. OpenJPA's statement building and
     * entity materialisation were most of the gateway's CPU under imaptest.
     */
    @Override
    public Flux<MailboxMessage> findInMailboxReactive(Mailbox mailbox, MessageRange set, FetchType type, int limit) {
        return BlockingCalls.call(() -> rows(mailbox, set, type, limit))
            .flatMapMany(Flux::fromIterable);
    }

    /*
     * The writes and the lookups of a write, on the calling thread when it may block (BlockingCalls). James's
     * defaults move each to Reactor's boundedElastic threads: a write holds its mailbox's lock across each such
     * hand-off, and on a busy machine the thread it is handed to waits for a core while the other sessions of the
     * mailbox wait for the lock.
     */

    @Override
    public Mono<List<UpdatedFlags>> updateFlagsReactive(Mailbox mailbox, FlagsUpdateCalculator calculator, MessageRange set) {
        return BlockingCalls.call(() -> ImmutableList.copyOf(updateFlags(mailbox, calculator, set)));
    }

    @Override
    public Mono<Map<MessageUid, MessageMetaData>> deleteMessagesReactive(Mailbox mailbox, List<MessageUid> uids) {
        return BlockingCalls.call(() -> deleteMessages(mailbox, uids));
    }

    @Override
    public Flux<MessageUid> retrieveMessagesMarkedForDeletionReactive(Mailbox mailbox, MessageRange range) {
        return BlockingCalls.call(() -> retrieveMessagesMarkedForDeletion(mailbox, range))
            .flatMapMany(Flux::fromIterable);
    }

    @Override
    public Mono<List<MessageMetaData>> moveReactive(Mailbox mailbox, List<MailboxMessage> originals) {
        return BlockingCalls.call(() -> move(mailbox, originals));
    }

    @Override
    public Publisher<MessageMetaData> addReactive(Mailbox mailbox, MailboxMessage message) {
        return BlockingCalls.call(() -> add(mailbox, message));
    }

    @Override
    public Mono<List<UpdatedFlags>> resetRecentReactive(Mailbox mailbox) {
        return BlockingCalls.call(() -> resetRecent(mailbox));
    }

    @Override
    public Mono<List<MessageUid>> findRecentMessageUidsInMailboxReactive(Mailbox mailbox) {
        return BlockingCalls.call(() -> findRecentMessageUidsInMailbox(mailbox));
    }

    @Override
    public Mono<Optional<MessageUid>> findFirstUnseenMessageUidReactive(Mailbox mailbox) {
        return BlockingCalls.call(() -> Optional.ofNullable(findFirstUnseenMessageUid(mailbox)));
    }

    @Override
    public Mono<MailboxCounters> getMailboxCountersReactive(Mailbox mailbox) {
        return BlockingCalls.call(() -> getMailboxCounters(mailbox));
    }

    @Override
    public Flux<MessageUid> listAllMessageUids(Mailbox mailbox) {
        return BlockingCalls.call(() -> jdbc("Listing of UIDs", connection ->
                MessageRows.uids(connection, jpaId(mailbox), MessageUid.MIN_VALUE.asLong(), MessageUid.MAX_VALUE.asLong())))
            .flatMapMany(Flux::fromIterable)
            .map(MessageUid::of);
    }

    /**
     * A listing of a read: from the listing of the command's {@link ListingPlan} when {@code set} is one of its ranges
     * (the whole plan read once, at its first range), otherwise on its own.
     */
    private List<MailboxMessage> rows(Mailbox mailbox, MessageRange set, FetchType type, int limit) throws MailboxException {
        Optional<ListingPlan> plan = limit > 0 ? Optional.empty() : ListingPlan.covering(session, mailbox.getMailboxId(), set);
        if (plan.isEmpty()) {
            return listing(mailbox, set, type, limit);
        }
        Optional<List<MailboxMessage>> listed = plan.get().listed(type);
        if (listed.isPresent()) {
            return ListingPlan.in(listed.get(), set);
        }
        JPAId mailboxId = jpaId(mailbox);
        List<MessageRange> ranges = plan.get().ranges();
        List<MailboxMessage> messages = jdbc("Listing of messages", connection -> {
            List<MailboxMessage> found = MessageRows.find(connection, mailboxId, ranges, type, new Loader(mailboxId));
            return type == FetchType.METADATA ? found : MessageRows.stillPresent(connection, mailboxId, found, ranges);
        });
        plan.get().keep(type, messages);
        return ListingPlan.in(messages, set);
    }

    private List<MailboxMessage> listing(Mailbox mailbox, MessageRange set, FetchType type, int limit) throws MailboxException {
        JPAId mailboxId = jpaId(mailbox);
        return jdbc("Listing of messages", connection -> {
            List<MailboxMessage> messages = MessageRows.find(connection, mailboxId, set, type, limit, new Loader(mailboxId));
            // Flags and properties are statements of their own (MessageRows.stillPresent); metadata lacks none that matters.
            return type == FetchType.METADATA ? messages : MessageRows.stillPresent(connection, mailboxId, messages);
        });
    }

    /**
     * The first unseen message's UID, read from the (mailbox, seen, uid) index ({@link MailboxIndexes}); James
     * loads the whole first unseen message, after sorting every unseen message of the mailbox by UID.
     */
    @Override
    public MessageUid findFirstUnseenMessageUid(Mailbox mailbox) throws MailboxException {
        long uid = jdbc("Search of first unseen message", connection -> number(connection, FIRST_UNSEEN, jpaId(mailbox), false));
        return uid == 0 ? null : MessageUid.of(uid);
    }

    /** Counted on the primary key's index (mailbox, uid) rather than on the messages. */
    @Override
    public long countMessagesInMailbox(Mailbox mailbox) throws MailboxException {
        return jdbc("Count of messages", connection -> number(connection, COUNT_ALL, jpaId(mailbox), null));
    }

    /** Counted on the (mailbox, seen, uid) index ({@link MailboxIndexes}) rather than on the messages. */
    @Override
    public long countUnseenMessagesInMailbox(Mailbox mailbox) throws MailboxException {
        return jdbc("Count of unseen messages", connection -> number(connection, COUNT_UNSEEN, jpaId(mailbox), false));
    }

    /** From the (mailbox, recent, uid) index; James materialises nothing here either, but through JPQL. */
    @Override
    public List<MessageUid> findRecentMessageUidsInMailbox(Mailbox mailbox) throws MailboxException {
        return jdbc("Search of recent messages", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(RECENT)) {
                statement.setLong(1, jpaId(mailbox).getRawId());
                statement.setBoolean(2, true);
                return uids(statement);
            }
        });
    }

    /** From the (mailbox, deleted, uid) index; James loads every deleted message as an entity to take its UID. */
    @Override
    public List<MessageUid> retrieveMessagesMarkedForDeletion(Mailbox mailbox, MessageRange range) throws MailboxException {
        return jdbc("Search of deleted messages", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(DELETED)) {
                statement.setLong(1, jpaId(mailbox).getRawId());
                statement.setBoolean(2, true);
                statement.setLong(3, range.getUidFrom().asLong());
                statement.setLong(4, range.getUidTo().asLong());
                return uids(statement);
            }
        });
    }

    private static List<MessageUid> uids(PreparedStatement statement) throws SQLException {
        List<MessageUid> uids = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                uids.add(MessageUid.of(rows.getLong(1)));
            }
        }
        return uids;
    }

    /** The single number {@code sql} answers (0 for SQL NULL), for a mailbox and an optional flag value. */
    private static long number(Connection connection, String sql, JPAId mailboxId, Boolean flag) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, mailboxId.getRawId());
            if (flag != null) {
                statement.setBoolean(2, flag);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on the entity manager's connection (its transaction's, when one is open), closed afterwards
     * as OpenJPA asks; a database failure becomes a {@link MailboxException}.
     */
    private <T> T jdbc(String what, SqlWork<T> work) throws MailboxException {
        try {
            Connection connection = (Connection) OpenJPAPersistence.cast(getEntityManager()).getConnection();
            try {
                return work.run(connection);
            } finally {
                connection.close();
            }
        } catch (SQLException | PersistenceException e) {
            throw new MailboxException(what + " failed in a mailbox", e);
        }
    }

    private static JPAId jpaId(Mailbox mailbox) {
        return (JPAId) mailbox.getMailboxId();
    }

    /** Reads what a listing of {@link #rows} left out, through this mapper, when a message is asked for it. */
    private final class Loader implements StoredMessage.Loader {
        private final JPAId mailboxId;

        private Loader(JPAId mailboxId) {
            this.mailboxId = mailboxId;
        }

        @Override
        public byte[] header(MessageUid uid) throws IOException {
            return content(uid, true);
        }

        @Override
        public byte[] body(MessageUid uid) throws IOException {
            return content(uid, false);
        }

        private byte[] content(MessageUid uid, boolean header) throws IOException {
            try {
                return jdbc("Read of a message", connection -> header
                        ? MessageRows.header(connection, mailboxId, uid)
                        : MessageRows.body(connection, mailboxId, uid))
                    .orElseThrow(() -> new IOException("Message " + uid.asLong() + " is no longer in the mailbox"));
            } catch (MailboxException e) {
                throw new IOException(e);
            }
        }

        @Override
        public Properties properties(MessageUid uid) {
            try {
                return jdbc("Read of a message's properties", connection -> MessageRows.properties(connection, mailboxId, uid));
            } catch (MailboxException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    protected void commit() throws MailboxException {
        expungeModSeq = null;
        try {
            quota.write(getEntityManager());
            super.commit();
        } finally {
            rollbackIfActive();
        }
    }

    @Override
    protected void rollback() throws MailboxException {
        expungeModSeq = null;
        quota.clear();
        super.rollback();
    }

    @Override
    public void endRequest() {
        expungeModSeq = null;
        quota.clear();
        rollbackIfActive();
        super.endRequest();
    }

    private void rollbackIfActive() {
        if (entityManager == null || !entityManager.isOpen()) {
            return;
        }
        EntityTransaction transaction = entityManager.getTransaction();
        if (transaction.isActive()) {
            transaction.rollback();
        }
    }
}
