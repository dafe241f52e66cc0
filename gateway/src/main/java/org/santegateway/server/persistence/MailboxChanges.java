package org.santegateway.server.persistence;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageRange;

/**
 * What changed in a mailbox after a mod-sequence, for a client resyncing from it (QRESYNC, RFC 7162 §3.2.5.1 and
 * §3.2.6): the messages changed (flags, arrival), read from the message table's mod-sequences, and the messages
 * expunged, recorded with the mod-sequence of each expunge ({@link JpaExpungedMessage}), and nothing else.
 * James 3.8.1 keeps no such record: it reported every UID missing from the range, expunged before the client's
 * mod-sequence or never known to it, which RFC 7162 §4.1 discourages and which a client holding UIDs it has not
 * fetched yet cannot place (imaptest's QRESYNC mode reported {@code VANISHED UID=n not found}).
 *
 * <p>Expunges recorded here are those made since this record exists. A mailbox is answered from it only for a
 * mod-sequence at or after its first recorded expunge; for an older one (or a mailbox with no recorded expunge) the
 * caller falls back to reporting every missing UID, which is never less than what was expunged.</p>
 */
public class MailboxChanges {
    private static final String INSERT = "INSERT INTO GATEWAY_EXPUNGED_MESSAGE (ID, MAILBOX_ID, MAIL_UID, MODSEQ) VALUES (?1, ?2, ?3, ?4)";
    private static final String FIRST = "SELECT MIN(MODSEQ) FROM GATEWAY_EXPUNGED_MESSAGE WHERE MAILBOX_ID = ?1";
    private static final String SINCE = "SELECT MAIL_UID FROM GATEWAY_EXPUNGED_MESSAGE WHERE MAILBOX_ID = ?1 AND MODSEQ > ?2"
        + " AND MAIL_UID BETWEEN ?3 AND ?4";
    private static final String CHANGED = "SELECT MAIL_UID FROM JAMES_MAIL WHERE MAILBOX_ID = ?1 AND MAIL_MODSEQ > ?2 ORDER BY MAIL_UID";
    private static final String FORGET = "DELETE FROM GATEWAY_EXPUNGED_MESSAGE WHERE MAILBOX_ID = ?1";

    private final EntityManagerFactory entityManagerFactory;

    @Inject
    public MailboxChanges(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = entityManagerFactory;
    }

    /** Records, in the writer's transaction, that {@code uids} were expunged with the mod-sequence {@code modSeq}. */
    static void record(EntityManager writer, long mailboxId, Collection<MessageUid> uids, ModSeq modSeq) {
        for (MessageUid uid : uids) {
            writer.createNativeQuery(INSERT)
                .setParameter(1, mailboxId + ":" + uid.asLong())
                .setParameter(2, mailboxId)
                .setParameter(3, uid.asLong())
                .setParameter(4, modSeq.asLong())
                .executeUpdate();
        }
    }

    /** Forgets, in the writer's transaction, the expunges of a mailbox being deleted. */
    static void forget(EntityManager writer, long mailboxId) {
        writer.createNativeQuery(FORGET).setParameter(1, mailboxId).executeUpdate();
    }

    /**
     * The UIDs of the messages whose mod-sequence is above {@code modSeq} (flags changed or message added since), read
     * from the message rows' mod-sequence column: a SELECT with QRESYNC in a mailbox of 100 000 messages lists the few
     * changed, not every message.
     */
    public List<MessageUid> changedSince(MailboxId mailboxId, ModSeq modSeq) throws MailboxException {
        EntityManager reader = entityManagerFactory.createEntityManager();
        try {
            List<?> uids = reader.createNativeQuery(CHANGED)
                .setParameter(1, ((JPAId) mailboxId).getRawId())
                .setParameter(2, modSeq.asLong())
                .getResultList();
            return uids.stream().map(uid -> MessageUid.of(((Number) uid).longValue())).toList();
        } catch (PersistenceException e) {
            throw new MailboxException("Listing of changed messages failed in a mailbox", e);
        } finally {
            reader.close();
        }
    }

    /**
     * The UIDs of {@code ranges} expunged after {@code modSeq}, or empty when the record does not reach back to it
     * (see the class comment).
     */
    public Optional<TreeSet<MessageUid>> expungedSince(MailboxId mailboxId, ModSeq modSeq, List<MessageRange> ranges) throws MailboxException {
        long id = ((JPAId) mailboxId).getRawId();
        EntityManager reader = entityManagerFactory.createEntityManager();
        try {
            Object first = reader.createNativeQuery(FIRST).setParameter(1, id).getSingleResult();
            if (first == null || modSeq.asLong() < ((Number) first).longValue()) {
                return Optional.empty();
            }
            TreeSet<MessageUid> expunged = new TreeSet<>();
            for (MessageRange range : ranges) {
                List<?> uids = reader.createNativeQuery(SINCE)
                    .setParameter(1, id)
                    .setParameter(2, modSeq.asLong())
                    .setParameter(3, range.getUidFrom().asLong())
                    .setParameter(4, range.getUidTo().asLong())
                    .getResultList();
                uids.forEach(uid -> expunged.add(MessageUid.of(((Number) uid).longValue())));
            }
            return Optional.of(expunged);
        } catch (PersistenceException e) {
            throw new MailboxException("Listing of expunged messages failed in a mailbox", e);
        } finally {
            reader.close();
        }
    }
}
