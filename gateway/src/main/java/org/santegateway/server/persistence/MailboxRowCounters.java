package org.santegateway.server.persistence;

import java.util.function.Supplier;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;

/**
 * A mailbox's UID and mod-sequence counters incremented inside the transaction of the message mapper that writes
 * ({@link UidAllocation#LOCKED_IN_WRITING_TRANSACTION}): {@code UPDATE ... SET c = c + 1} locks the mailbox's row
 * until that transaction ends, and a concurrent writer on another node waits for the commit, then increments the
 * committed value (PostgreSQL re-reads the row after the wait; Derby holds the lock). Outside a transaction of the
 * mapper (none in James 3.8.1's append, copy, move and flag paths) the counters fall back to James's own
 * transaction.
 */
final class MailboxRowCounters {
    private static final String LOCK = "UPDATE JAMES_MAILBOX SET MAILBOX_LAST_UID = MAILBOX_LAST_UID WHERE MAILBOX_ID = ?1";
    private static final String NEXT_UID = "UPDATE JAMES_MAILBOX SET MAILBOX_LAST_UID = MAILBOX_LAST_UID + 1 WHERE MAILBOX_ID = ?1";
    private static final String LAST_UID = "SELECT MAILBOX_LAST_UID FROM JAMES_MAILBOX WHERE MAILBOX_ID = ?1";
    private static final String NEXT_MODSEQ = "UPDATE JAMES_MAILBOX SET MAILBOX_HIGHEST_MODSEQ = MAILBOX_HIGHEST_MODSEQ + 1 WHERE MAILBOX_ID = ?1";
    private static final String HIGHEST_MODSEQ = "SELECT MAILBOX_HIGHEST_MODSEQ FROM JAMES_MAILBOX WHERE MAILBOX_ID = ?1";

    private MailboxRowCounters() {
    }

    /** Locks the mailbox's row until the writer's transaction ends, if one is open. */
    static void lock(EntityManager writer, MailboxId mailboxId) {
        if (writer.getTransaction().isActive()) {
            writer.createNativeQuery(LOCK).setParameter(1, raw(mailboxId)).executeUpdate();
        }
    }

    private static long increment(EntityManager writer, MailboxId mailboxId, String update, String select) throws MailboxException {
        try {
            long id = raw(mailboxId);
            if (writer.createNativeQuery(update).setParameter(1, id).executeUpdate() != 1) {
                throw new MailboxException("No mailbox " + mailboxId.serialize());
            }
            return ((Number) writer.createNativeQuery(select).setParameter(1, id).getSingleResult()).longValue();
        } catch (PersistenceException e) {
            throw new MailboxException("Unable to take the next counter value of mailbox " + mailboxId.serialize(), e);
        }
    }

    private static long raw(MailboxId mailboxId) {
        return ((JPAId) mailboxId).getRawId();
    }

    /** UIDs from the writer's transaction. */
    static final class Uids extends JPAUidProvider {
        private final Supplier<EntityManager> writer;

        Uids(EntityManagerFactory factory, Supplier<EntityManager> writer) {
            super(factory);
            this.writer = writer;
        }

        @Override
        public MessageUid nextUid(Mailbox mailbox) throws MailboxException {
            return nextUid(mailbox.getMailboxId());
        }

        @Override
        public MessageUid nextUid(MailboxId mailboxId) throws MailboxException {
            EntityManager manager = writer.get();
            if (!manager.getTransaction().isActive()) {
                return super.nextUid(mailboxId);
            }
            return MessageUid.of(increment(manager, mailboxId, NEXT_UID, LAST_UID));
        }
    }

    /** Mod-sequences from the writer's transaction. */
    static final class ModSeqs extends JPAModSeqProvider {
        private final Supplier<EntityManager> writer;

        ModSeqs(EntityManagerFactory factory, Supplier<EntityManager> writer) {
            super(factory);
            this.writer = writer;
        }

        @Override
        public ModSeq nextModSeq(Mailbox mailbox) throws MailboxException {
            return nextModSeq(mailbox.getMailboxId());
        }

        @Override
        public ModSeq nextModSeq(MailboxId mailboxId) throws MailboxException {
            EntityManager manager = writer.get();
            if (!manager.getTransaction().isActive()) {
                return super.nextModSeq(mailboxId);
            }
            return ModSeq.of(increment(manager, mailboxId, NEXT_MODSEQ, HIGHEST_MODSEQ));
        }
    }
}
