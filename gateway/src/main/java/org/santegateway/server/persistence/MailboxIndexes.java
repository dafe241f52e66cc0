package org.santegateway.server.persistence;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.openjpa.persistence.OpenJPAPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes the mailbox table needs so that opening a mailbox does not read all of it.
 *
 * <p>James's JPA mapping indexes the message flags one by one ({@code MAIL_IS_SEEN},
 * {@code MAIL_IS_RECENT}...). What IMAP asks at each SELECT, STATUS and poll is per mailbox: the
 * first unseen message, the number of unseen messages, the recent ones, the deleted ones at
 * EXPUNGE. With only single-flag indexes the database reads and sorts every message of the mailbox
 * for each of those (measured: 0.5-1 s per SELECT on a 3 000-message INBOX on 2 cores). An index on
 * (mailbox, flag, uid) answers each from a range of the index, in UID order.</p>
 *
 * <p>On the embedded Derby database OpenJPA creates the tables from the mapping and cannot declare
 * these indexes, so they are created here at start when missing; creating them on a large existing
 * database takes a moment once, and is logged. On PostgreSQL a versioned migration creates them
 * ({@code V2__mailbox_flag_indexes.sql}, same names and columns: {@link DatabaseMigrations}).</p>
 */
final class MailboxIndexes {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailboxIndexes.class);
    private static final String TABLE = "JAMES_MAIL";

    record Index(String name, String columns) {
    }

    static final List<Index> INDEXES = List.of(
        new Index("GW_MAIL_UNSEEN_IDX", "MAILBOX_ID, MAIL_IS_SEEN, MAIL_UID"),
        new Index("GW_MAIL_RECENT_IDX", "MAILBOX_ID, MAIL_IS_RECENT, MAIL_UID"),
        new Index("GW_MAIL_DELETED_IDX", "MAILBOX_ID, MAIL_IS_DELETED, MAIL_UID"));

    private MailboxIndexes() {
    }

    static void ensure(EntityManagerFactory entityManagerFactory) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            // The first entity manager makes OpenJPA create or extend the tables (SynchronizeMappings).
            entityManager.createNamedQuery("countMessagesInMailbox").setParameter("idParam", -1L).getSingleResult();
            Connection connection = (Connection) OpenJPAPersistence.cast(entityManager).getConnection();
            try {
                ensure(connection);
            } finally {
                connection.close();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the indexes of the mailbox table: " + e.getMessage(), e);
        } finally {
            entityManager.close();
        }
    }

    static void ensure(Connection connection) throws SQLException {
        Set<String> existing = existingIndexes(connection);
        for (Index index : INDEXES) {
            if (!existing.contains(index.name())) {
                create(connection, index);
            }
        }
    }

    /**
     * Creates {@code index}. Gateways sharing a database (PostgreSQL) may start together, and another may have
     * created it since the list of indexes was read: the statement then fails, and that is no error when the index
     * is there afterwards. Neither Derby nor the SQL standard has {@code CREATE INDEX IF NOT EXISTS}.
     */
    static void create(Connection connection, Index index) throws SQLException {
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE INDEX " + index.name() + " ON " + TABLE + " (" + index.columns() + ")");
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            // PostgreSQL refuses any statement in a transaction after a failed one.
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            if (existingIndexes(connection).contains(index.name())) {
                LOGGER.info("Index {} on {} was created meanwhile by another gateway", index.name(), TABLE);
                return;
            }
            throw e;
        }
        LOGGER.info("Created index {} on {} ({}) in {} ms", index.name(), TABLE, index.columns(),
            (System.nanoTime() - start) / 1_000_000);
    }

    private static Set<String> existingIndexes(Connection connection) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        String table = metaData.storesLowerCaseIdentifiers() ? TABLE.toLowerCase(Locale.ROOT) : TABLE;
        Set<String> names = new HashSet<>();
        try (ResultSet indexes = metaData.getIndexInfo(null, null, table, false, false)) {
            while (indexes.next()) {
                String name = indexes.getString("INDEX_NAME");
                if (name != null) {
                    names.add(name.toUpperCase(Locale.ROOT));
                }
            }
        }
        return names;
    }
}
