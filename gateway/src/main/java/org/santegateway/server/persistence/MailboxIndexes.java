package org.santegateway.server.persistence;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.openjpa.persistence.OpenJPAPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes the mailbox tables need so that opening a mailbox does not read all of them.
 *
 * <p>James's JPA mapping indexes the message flags one by one ({@code MAIL_IS_SEEN},
 * {@code MAIL_IS_RECENT}...). What IMAP asks at each SELECT, STATUS and poll is per mailbox: the
 * first unseen message, the number of unseen messages, the recent ones, the deleted ones at
 * EXPUNGE. With only single-flag indexes the database reads and sorts every message of the mailbox
 * for each of those (measured: 0.5-1 s per SELECT on a 3 000-message INBOX on 2 cores). An index on
 * (mailbox, flag, uid) answers each from a range of the index, in UID order.</p>
 *
 * <p>James looks a mailbox up by its path (user, name, namespace) at every delivery, SELECT, STATUS and APPEND, and
 * lists a user's mailboxes by user and name pattern; the mailbox table has only its primary key, so each of those
 * read the mailboxes of every user. An index on (user, name, namespace) answers them from the user's entries. It is
 * unique: James checks that a path is free before it creates a mailbox, which is no guard when two nodes create a
 * user's folders at once (the first logins of a desktop client and a phone on two nodes made two INBOXes, and every
 * later lookup of the path failed); the second creation now fails and James takes it as "created concurrently"
 * ({@link SqlMailboxMapper#create}).</p>
 *
 * <p>The keywords and MIME properties of a range of messages ({@link MessageRows}) are read by (mailbox, uid range):
 * Derby indexes the foreign key (mailbox, uid) but its optimizer chose to read the whole keyword table for such a
 * range (measured: 4-10 ms for one message among 30 000 keywords, 0.3-0.5 ms through the index), and PostgreSQL
 * does not index foreign keys at all (every expunge's cascade read both tables too). Indexes on (mailbox, uid,
 * order column) answer them in order, named in the statements for Derby.</p>
 *
 * <p>On the embedded Derby database OpenJPA creates the tables from the mapping and cannot declare
 * these indexes, so they are created here at start when missing; creating them on a large existing
 * database takes a moment once, and is logged. On PostgreSQL a versioned migration creates them
 * ({@code V2__mailbox_flag_indexes.sql}, {@code V16__mailbox_lookup_indexes.sql} and
 * {@code V17__unique_mailbox_path.sql}, same names and columns:
 * {@link DatabaseMigrations}).</p>
 */
final class MailboxIndexes {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailboxIndexes.class);
    private static final String MAIL = "JAMES_MAIL";
    private static final String MAILBOX = "JAMES_MAILBOX";
    private static final String USERFLAG = "JAMES_MAIL_USERFLAG";
    private static final String PROPERTY = "JAMES_MAIL_PROPERTY";
    /** Named in {@link MessageRows}'s statements: Derby's optimizer otherwise reads the whole table for a range. */
    static final String USERFLAG_INDEX = "GW_USERFLAG_MAIL_IDX";
    static final String PROPERTY_INDEX = "GW_PROPERTY_MAIL_IDX";
    /** One mailbox per path: James checks before it creates one, which two nodes may do at once. */
    static final String PATH_INDEX = "GW_MAILBOX_PATH_UNIQUE";
    /** Indexes of earlier versions that one of {@link #INDEXES} replaces, dropped once it exists. */
    static final List<Index> REPLACED = List.of(new Index(MAILBOX, "GW_MAILBOX_PATH_IDX", "USER_NAME, MAILBOX_NAME, MAILBOX_NAMESPACE"));
    private static final String DUPLICATE_PATHS = "SELECT m.MAILBOX_ID, m.MAILBOX_NAME FROM JAMES_MAILBOX m WHERE EXISTS"
        + " (SELECT 1 FROM JAMES_MAILBOX o WHERE o.USER_NAME = m.USER_NAME AND o.MAILBOX_NAME = m.MAILBOX_NAME"
        + " AND o.MAILBOX_NAMESPACE = m.MAILBOX_NAMESPACE AND o.MAILBOX_ID < m.MAILBOX_ID)";
    private static final String RENAME = "UPDATE JAMES_MAILBOX SET MAILBOX_NAME = ? WHERE MAILBOX_ID = ?";

    record Index(String table, String name, String columns, boolean unique) {
        Index(String table, String name, String columns) {
            this(table, name, columns, false);
        }
    }

    static final List<Index> INDEXES = List.of(
        new Index(MAIL, "GW_MAIL_UNSEEN_IDX", "MAILBOX_ID, MAIL_IS_SEEN, MAIL_UID"),
        new Index(MAIL, "GW_MAIL_RECENT_IDX", "MAILBOX_ID, MAIL_IS_RECENT, MAIL_UID"),
        new Index(MAIL, "GW_MAIL_DELETED_IDX", "MAILBOX_ID, MAIL_IS_DELETED, MAIL_UID"),
        new Index(MAILBOX, PATH_INDEX, "USER_NAME, MAILBOX_NAME, MAILBOX_NAMESPACE", true),
        new Index(USERFLAG, USERFLAG_INDEX, "MAILBOX_ID, MAIL_UID, USERFLAG_ID"),
        new Index(PROPERTY, PROPERTY_INDEX, "MAILBOX_ID, MAIL_UID, PROPERTY_LINE_NUMBER"));

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
        for (Index index : INDEXES) {
            if (!existingIndexes(connection, index.table()).contains(index.name())) {
                if (index.name().equals(PATH_INDEX)) {
                    renameDuplicatePaths(connection);
                }
                create(connection, index);
            }
        }
        for (Index replaced : REPLACED) {
            if (existingIndexes(connection, replaced.table()).contains(replaced.name())) {
                drop(connection, replaced);
            }
        }
    }

    /**
     * Before the path becomes unique: a mailbox created a second time under the same path (two nodes provisioning a
     * user's folders at once, before this index) keeps its messages under the name followed by its id, e.g.
     * {@code INBOX (212)}; the first one keeps the name. Until then every lookup of that path failed.
     */
    static int renameDuplicatePaths(Connection connection) throws SQLException {
        Map<Long, String> duplicates = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(DUPLICATE_PATHS)) {
            while (rows.next()) {
                duplicates.put(rows.getLong(1), rows.getString(2));
            }
        }
        try (PreparedStatement rename = connection.prepareStatement(RENAME)) {
            for (Map.Entry<Long, String> duplicate : duplicates.entrySet()) {
                rename.setString(1, duplicate.getValue() + " (" + duplicate.getKey() + ")");
                rename.setLong(2, duplicate.getKey());
                rename.executeUpdate();
            }
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
        if (!duplicates.isEmpty()) {
            LOGGER.warn("Renamed {} mailbox(es) created twice under one path (ids {}): their messages are in the folder"
                + " named after the path followed by the id", duplicates.size(), duplicates.keySet());
        }
        return duplicates.size();
    }

    private static void drop(Connection connection, Index index) throws SQLException {
        if (alter(connection, "DROP INDEX " + index.name(), index, false)) {
            LOGGER.info("Dropped index {} on {}, replaced", index.name(), index.table());
        }
    }

    /**
     * Creates {@code index}. Gateways sharing a database (PostgreSQL) may start together, and another may have
     * created it since the list of indexes was read: the statement then fails, and that is no error when the index
     * is there afterwards. Neither Derby nor the SQL standard has {@code CREATE INDEX IF NOT EXISTS}.
     */
    static void create(Connection connection, Index index) throws SQLException {
        long start = System.nanoTime();
        String sql = (index.unique() ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") + index.name() + " ON " + index.table()
            + " (" + index.columns() + ")";
        if (alter(connection, sql, index, true)) {
            LOGGER.info("Created index {} on {} ({}) in {} ms", index.name(), index.table(), index.columns(),
                (System.nanoTime() - start) / 1_000_000);
        } else {
            LOGGER.info("Index {} on {} was created meanwhile by another gateway", index.name(), index.table());
        }
    }

    /**
     * Runs {@code sql}, which creates ({@code present}) or drops {@code index}: true when it did, false when it failed
     * because another gateway did it meanwhile (the index is then as wanted); otherwise the failure.
     */
    private static boolean alter(Connection connection, String sql, Index index, boolean present) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return true;
        } catch (SQLException e) {
            // PostgreSQL refuses any statement in a transaction after a failed one.
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            if (existingIndexes(connection, index.table()).contains(index.name()) == present) {
                return false;
            }
            throw e;
        }
    }

    private static Set<String> existingIndexes(Connection connection, String tableName) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        String table = metaData.storesLowerCaseIdentifiers() ? tableName.toLowerCase(Locale.ROOT) : tableName;
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
