package org.santegateway.server.persistence;

import java.util.Map;
import java.util.TreeMap;

import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.store.quota.DefaultUserQuotaRootResolver;

/**
 * The current quota (messages and bytes of each quota root, {@code JAMES_QUOTA_CURRENTQUOTA}) changed in the
 * transaction that adds or removes the messages, by the message mapper that writes them.
 *
 * <p>Why: James counts it in a listener of the mailbox events, in a transaction of its own after the write. On one
 * node the listener runs inside the event's dispatch, which the writer makes while it holds the mailbox's lock: each
 * append and each expunge committed twice (flushing the database's log each time) with the mailbox locked. And a
 * crash between the two commits left the count wrong until an operator recomputed it. Counted here, the messages and
 * their count are committed together or not at all.</p>
 *
 * <p>The changes of a transaction are summed per quota root and written just before its commit, in the roots' order:
 * the quota rows are the last rows a writer locks (after its mailboxes' and messages'), so two writers cannot wait on
 * each other through them. A root without a row yet gets one in the transaction; two first writes of one root at once
 * may then collide on its key, and one fails as a whole (nothing written): the session user's row is made beforehand
 * ({@link #ensureRow}) so that this is left to the first write into another user's mailbox.</p>
 */
final class CurrentQuotaChanges {
    private static final String ADD = "UPDATE JAMES_QUOTA_CURRENTQUOTA SET CURRENTQUOTA_MESSAGECOUNT = CURRENTQUOTA_MESSAGECOUNT + ?1,"
        + " CURRENTQUOTA_SIZE = CURRENTQUOTA_SIZE + ?2 WHERE CURRENTQUOTA_QUOTAROOT = ?3";
    private static final String INSERT = "INSERT INTO JAMES_QUOTA_CURRENTQUOTA"
        + " (CURRENTQUOTA_QUOTAROOT, CURRENTQUOTA_MESSAGECOUNT, CURRENTQUOTA_SIZE) VALUES (?1, ?2, ?3)";
    private static final String EXISTS = "SELECT COUNT(*) FROM JAMES_QUOTA_CURRENTQUOTA WHERE CURRENTQUOTA_QUOTAROOT = ?1";

    private final Map<String, long[]> pending = new TreeMap<>();

    /**
     * The quota root of a mailbox, as {@link DefaultUserQuotaRootResolver#getQuotaRoot(Mailbox)} names it (that
     * resolver needs the mapper factory this mapper comes from).
     */
    static String quotaRoot(Mailbox mailbox) {
        return mailbox.getNamespace() + DefaultUserQuotaRootResolver.SEPARATOR + mailbox.getUser().asString();
    }

    /** Messages added to ({@code count} above 0) or removed from a mailbox in the open transaction. */
    void record(Mailbox mailbox, long count, long size) {
        long[] change = pending.computeIfAbsent(quotaRoot(mailbox), root -> new long[2]);
        change[0] += count;
        change[1] += size;
    }

    /** Writes the transaction's changes through its entity manager, before its commit; forgets them. */
    void write(EntityManager writer) throws MailboxException {
        try {
            for (Map.Entry<String, long[]> change : pending.entrySet()) {
                long count = change.getValue()[0];
                long size = change.getValue()[1];
                if (count == 0 && size == 0) {
                    continue;
                }
                if (!add(writer, change.getKey(), count, size)) {
                    insert(writer, change.getKey(), Math.max(0, count), Math.max(0, size));
                }
            }
        } catch (PersistenceException e) {
            throw new MailboxException("Unable to count the quota of the messages written", e);
        } finally {
            pending.clear();
        }
    }

    /** Forgets the changes of a transaction rolled back. */
    void clear() {
        pending.clear();
    }

    /**
     * Makes the row of a quota root if it has none, in a transaction of its own (a row made meanwhile by another
     * session is as good).
     */
    static void ensureRow(EntityManager manager, String quotaRoot) {
        if (((Number) manager.createNativeQuery(EXISTS).setParameter(1, quotaRoot).getSingleResult()).longValue() > 0) {
            return;
        }
        var transaction = manager.getTransaction();
        try {
            transaction.begin();
            insert(manager, quotaRoot, 0, 0);
            transaction.commit();
        } catch (PersistenceException madeMeanwhile) {
            // Another session made it first: the row is there.
        } finally {
            if (transaction.isActive()) {
                transaction.rollback();
            }
        }
    }

    /** Adds to the row of a quota root in one statement; false when the root has no row. */
    static boolean add(EntityManager manager, String quotaRoot, long count, long size) {
        return update(manager, ADD, count, size, quotaRoot) == 1;
    }

    /** Makes the row of a quota root; fails on the key when it has one. */
    static void insert(EntityManager manager, String quotaRoot, long count, long size) {
        update(manager, INSERT, quotaRoot, count, size);
    }

    private static int update(EntityManager manager, String statement, Object... parameters) {
        var query = manager.createNativeQuery(statement);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query.executeUpdate();
    }
}
