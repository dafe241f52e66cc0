package org.santegateway.server.persistence;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityNotFoundException;
import javax.persistence.EntityTransaction;
import javax.persistence.PersistenceException;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAMessageMapper;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.jpa.mail.model.openjpa.JPAMailboxMessage;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.store.FlagsUpdateCalculator;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.openjpa.persistence.FetchPlan;
import org.apache.openjpa.persistence.OpenJPAEntityManager;
import org.apache.openjpa.persistence.OpenJPAPersistence;

import com.google.common.collect.ImmutableList;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * James's JPA message mapper made safe for several sessions working on one mailbox at once (a professional's
 * desktop client, phone and assistant on one INBOX). Writes on a mailbox are serialised above the mapper
 * ({@link SerializedWritesMailboxManager}); this class removes what still made sessions fail or wait on one another:
 *
 * <ul>
 *     <li>Expunge deletes by primary-key range ({@code MAILBOX_ID}, {@code MAIL_UID}): James's JPQL bulk delete is
 *     turned by OpenJPA into {@code DELETE ... WHERE EXISTS (SELECT ...)}, a statement that scans the whole table
 *     and waits on rows of other mailboxes. Flags and properties of the deleted rows go with them through the
 *     foreign keys' {@code ON DELETE CASCADE}, as with James's statement.</li>
 *     <li>Message contents are read as the messages are listed (headers for a headers fetch, header and body for a
 *     full one): a message expunged by another session between the listing and the read is left out, where James
 *     failed the whole command with an {@code EntityNotFoundException}.</li>
 *     <li>A database failure inside a transaction is reported as a {@link MailboxException}, the only kind after which
 *     James rolls the transaction back; and a transaction still open when the request ends is rolled back, so its
 *     row locks never outlive the command that took them.</li>
 * </ul>
 *
 * <p>With {@link UidAllocation#LOCKED_IN_WRITING_TRANSACTION} (nodes sharing a database) UIDs and mod-sequences are
 * taken in the writing transaction, the mailbox's row locked until its commit ({@link MailboxRowCounters}), and an
 * expunge takes that lock first.</p>
 *
 * <p>The persistence context is per request: the IMAP server ends the request after each command
 * ({@code org.santegateway.server.imap.RequestScopedMailboxProcessor}), so no session reads another command's
 * cached entities.</p>
 */
public class SharedMailboxMessageMapper extends JPAMessageMapper {
    private static final String DELETE_RANGE = "DELETE FROM JAMES_MAIL WHERE MAILBOX_ID = ?1 AND MAIL_UID BETWEEN ?2 AND ?3";
    private static final String FIRST_UNSEEN = "SELECT MIN(message.uid) FROM MailboxMessage message"
        + " WHERE message.mailbox.mailboxId = :idParam AND message.seen = FALSE";
    private static final String UIDS_BETWEEN = "SELECT message.uid FROM MailboxMessage message"
        + " WHERE message.mailbox.mailboxId = :idParam AND message.uid BETWEEN :from AND :to";
    private static final String COUNT_ALL = "SELECT COUNT(message.uid) FROM MailboxMessage message"
        + " WHERE message.mailbox.mailboxId = :idParam";
    private static final String COUNT_UNSEEN = "SELECT COUNT(message.uid) FROM MailboxMessage message"
        + " WHERE message.mailbox.mailboxId = :idParam AND message.seen = FALSE";

    private final UidAllocation allocation;

    public SharedMailboxMessageMapper(JPAUidProvider uidProvider, JPAModSeqProvider modSeqProvider, EntityManagerFactory entityManagerFactory,
                                      UidAllocation allocation) {
        super(uidProvider, modSeqProvider, entityManagerFactory);
        this.allocation = allocation;
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
                List<MailboxMessage> messages = ImmutableList.copyOf(super.findInMailbox(mailbox, range, FetchType.METADATA, -1));
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
                    entityManager.detach(message);
                }
            }
            return deleted;
        } catch (PersistenceException e) {
            throw new MailboxException("Delete of messages failed in a mailbox", e);
        }
    }

    @Override
    public Iterator<UpdatedFlags> updateFlags(Mailbox mailbox, FlagsUpdateCalculator calculator, MessageRange set) throws MailboxException {
        try {
            return ImmutableList.copyOf(super.updateFlags(mailbox, calculator, set)).iterator();
        } catch (PersistenceException e) {
            throw new MailboxException("Update of flags failed in a mailbox", e);
        }
    }

    @Override
    public MessageMetaData add(Mailbox mailbox, MailboxMessage message) throws MailboxException {
        try {
            return super.add(mailbox, message);
        } catch (PersistenceException e) {
            throw new MailboxException("Append failed in a mailbox", e);
        }
    }

    @Override
    public Iterator<MailboxMessage> findInMailbox(Mailbox mailbox, MessageRange set, FetchType type, int max) throws MailboxException {
        return find(mailbox, set, type, max).iterator();
    }

    @Override
    public Flux<MailboxMessage> findInMailboxReactive(Mailbox mailbox, MessageRange set, FetchType type, int limit) {
        return Mono.fromCallable(() -> find(mailbox, set, type, limit))
            .flatMapMany(Flux::fromIterable)
            .subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * The messages of a range with the content the fetch type needs read in the listing's own query: James's entity
     * loads its header and body lazily, one query per message and per column, so a FETCH of 50 bodies was 101
     * queries; with the columns in the fetch plan it is one (plus one per eager collection, flags and properties).
     */
    private List<MailboxMessage> find(Mailbox mailbox, MessageRange set, FetchType type, int max) throws MailboxException {
        OpenJPAEntityManager entityManager = OpenJPAPersistence.cast(getEntityManager());
        FetchPlan plan = entityManager.pushFetchPlan();
        try {
            if (type == FetchType.HEADERS || type == FetchType.FULL) {
                plan.addField(JPAMailboxMessage.class, "header");
            }
            if (type == FetchType.FULL) {
                plan.addField(JPAMailboxMessage.class, "body");
            }
            return stillInMailbox(mailbox, present(super.findInMailbox(mailbox, set, type, max), type));
        } finally {
            entityManager.popFetchPlan();
        }
    }

    /**
     * The messages of a listing that are still in the mailbox once it is read. The listing is several statements (the
     * messages, then their flags and MIME properties, each for the whole range): a message expunged by another session
     * in between came back without its properties, and a FETCH served it with an empty BODYSTRUCTURE. Its Expunged
     * event reaches every session; here it is left out, as James would have had the listing come a moment later.
     */
    private List<MailboxMessage> stillInMailbox(Mailbox mailbox, List<MailboxMessage> messages) throws MailboxException {
        if (messages.isEmpty()) {
            return messages;
        }
        try {
            @SuppressWarnings("unchecked")
            List<Long> present = getEntityManager().createQuery(UIDS_BETWEEN)
                .setParameter("idParam", ((JPAId) mailbox.getMailboxId()).getRawId())
                .setParameter("from", messages.get(0).getUid().asLong())
                .setParameter("to", messages.get(messages.size() - 1).getUid().asLong())
                .getResultList();
            if (present.size() == messages.size()) {
                return messages;
            }
            Set<Long> uids = new HashSet<>(present);
            return messages.stream().filter(message -> uids.contains(message.getUid().asLong())).toList();
        } catch (PersistenceException e) {
            throw new MailboxException("Listing of messages failed in a mailbox", e);
        }
    }

    /**
     * The first unseen message's UID, read from the (mailbox, seen, uid) index ({@link MailboxIndexes}); James
     * loads the whole first unseen message, after sorting every unseen message of the mailbox by UID.
     */
    @Override
    public MessageUid findFirstUnseenMessageUid(Mailbox mailbox) throws MailboxException {
        try {
            Long uid = (Long) getEntityManager().createQuery(FIRST_UNSEEN)
                .setParameter("idParam", ((JPAId) mailbox.getMailboxId()).getRawId())
                .getSingleResult();
            return uid == null ? null : MessageUid.of(uid);
        } catch (PersistenceException e) {
            throw new MailboxException("Search of first unseen message failed in a mailbox", e);
        }
    }

    /** Counted on the primary key's index (mailbox, uid) rather than on the messages. */
    @Override
    public long countMessagesInMailbox(Mailbox mailbox) throws MailboxException {
        try {
            return (Long) getEntityManager().createQuery(COUNT_ALL)
                .setParameter("idParam", ((JPAId) mailbox.getMailboxId()).getRawId())
                .getSingleResult();
        } catch (PersistenceException e) {
            throw new MailboxException("Count of messages failed in a mailbox", e);
        }
    }

    /** Counted on the (mailbox, seen, uid) index ({@link MailboxIndexes}) rather than on the messages. */
    @Override
    public long countUnseenMessagesInMailbox(Mailbox mailbox) throws MailboxException {
        try {
            return (Long) getEntityManager().createQuery(COUNT_UNSEEN)
                .setParameter("idParam", ((JPAId) mailbox.getMailboxId()).getRawId())
                .getSingleResult();
        } catch (PersistenceException e) {
            throw new MailboxException("Count of unseen messages failed in a mailbox", e);
        }
    }

    @Override
    protected void commit() throws MailboxException {
        try {
            super.commit();
        } finally {
            rollbackIfActive();
        }
    }

    @Override
    public void endRequest() {
        rollbackIfActive();
        super.endRequest();
    }

    /** The messages still in the database, with the contents the fetch type needs loaded. */
    private static List<MailboxMessage> present(Iterator<MailboxMessage> messages, FetchType type) {
        List<MailboxMessage> present = new ArrayList<>();
        while (messages.hasNext()) {
            MailboxMessage message = messages.next();
            try {
                load(message, type);
                present.add(message);
            } catch (EntityNotFoundException expungedMeanwhile) {
                // Expunged by another session since the listing: its Expunged event reaches every session.
            }
        }
        return present;
    }

    private static void load(MailboxMessage message, FetchType type) {
        try {
            switch (type) {
                case FULL -> {
                    message.getHeaderContent().close();
                    message.getBodyContent().close();
                }
                case HEADERS -> message.getHeaderContent().close();
                default -> {
                }
            }
        } catch (IOException e) {
            throw new PersistenceException("Cannot read a message's content", e);
        }
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
