package org.santegateway.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.apache.derby.iapi.jdbc.EnginePreparedStatement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's Derby settings keep a statement compiled while the small tables it reads swing in size, as a
 * mailbox's keyword table does under STORE and EXPUNGE: Derby's default (a check every 100 executions) compiled such
 * statements again several times a second.
 */
class DerbyStatementRecompilationTest {
    private static final String KEYWORDS = "SELECT MAIL_UID, NAME FROM KEYWORD WHERE MAILBOX_ID = ? AND MAIL_UID BETWEEN ? AND ?";

    @TempDir
    Path directory;

    @Test
    void aStatementOnASmallTableThatSwingsShouldNotBeCompiledAgain() throws SQLException {
        try (Connection connection = database("CREATE TABLE KEYWORD (MAILBOX_ID BIGINT NOT NULL, MAIL_UID BIGINT NOT NULL, NAME VARCHAR(100))")) {
            try (PreparedStatement select = connection.prepareStatement(KEYWORDS);
                 PreparedStatement insert = connection.prepareStatement("INSERT INTO KEYWORD VALUES (1, ?, 'Urgent')");
                 PreparedStatement delete = connection.prepareStatement("DELETE FROM KEYWORD")) {
                long firstCompilation = compilation(select);

                swing(connection, select, insert, delete, 20);

                // Each compilation also generates a class of its own (org.apache.derby.exe.*), for the JIT to compile
                // in turn. With Derby's default it was compiled 19 more times here.
                assertThat(compilation(select)).as("compilations of the statement").isEqualTo(firstCompilation);
            }
        }
    }

    /**
     * What the rarer plan checks give up: a statement compiled while its table was empty (a new installation) keeps
     * that plan longer. Derby's plan for the mailbox's lookups by key and by UID range is already the index there.
     */
    @Test
    void aStatementCompiledOnAnEmptyTableShouldReadThroughItsIndexOnceTheTableHasGrown() throws SQLException {
        try (Connection connection = database("CREATE TABLE MAIL (MAILBOX_ID BIGINT NOT NULL, MAIL_UID BIGINT NOT NULL,"
                + " MAIL_IS_SEEN SMALLINT NOT NULL, PRIMARY KEY (MAILBOX_ID, MAIL_UID))")) {
            try (PreparedStatement byKey = connection.prepareStatement("SELECT MAIL_IS_SEEN FROM MAIL WHERE MAILBOX_ID = ? AND MAIL_UID = ?");
                 PreparedStatement byRange = connection.prepareStatement(
                     "SELECT MAIL_UID FROM MAIL WHERE MAILBOX_ID = ? AND MAIL_UID BETWEEN ? AND ?");
                 Statement statement = connection.createStatement()) {
                lookUp(byKey, byRange);
                long firstCompilation = compilation(byKey) + compilation(byRange);

                connection.setAutoCommit(false);
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO MAIL VALUES (?, ?, 0)")) {
                    for (int mailbox = 0; mailbox < 20; mailbox++) {
                        for (int uid = 0; uid < 1_000; uid++) {
                            insert.setLong(1, mailbox);
                            insert.setLong(2, uid);
                            insert.addBatch();
                        }
                        insert.executeBatch();
                    }
                }
                connection.commit();
                connection.setAutoCommit(true);
                checkpoint(connection);
                for (int i = 0; i < 300; i++) {
                    lookUp(byKey, byRange);
                }

                statement.execute("CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(1)");
                for (PreparedStatement lookup : List.of(byKey, byRange)) {
                    lookUp(lookup, lookup == byKey ? new long[] {500} : new long[] {500, 520});
                    try (ResultSet plan = statement.executeQuery("VALUES SYSCS_UTIL.SYSCS_GET_RUNTIMESTATISTICS()")) {
                        plan.next();
                        assertThat(plan.getString(1)).contains("Index Scan").doesNotContain("Table Scan");
                    }
                }
                assertThat(compilation(byKey) + compilation(byRange)).as("still the plans of the empty table").isEqualTo(firstCompilation);
            }
        }
    }

    private static void lookUp(PreparedStatement byKey, PreparedStatement byRange) throws SQLException {
        lookUp(byKey, 500);
        lookUp(byRange, 500, 520);
    }

    /** Executes {@code lookup} for mailbox 7 with {@code bounds} and reads its rows to the end, as a listing does. */
    private static int lookUp(PreparedStatement lookup, long... bounds) throws SQLException {
        lookup.setLong(1, 7);
        for (int i = 0; i < bounds.length; i++) {
            lookup.setLong(i + 2, bounds[i]);
        }
        int count = 0;
        try (ResultSet rows = lookup.executeQuery()) {
            while (rows.next()) {
                count++;
            }
        }
        return count;
    }

    /** The keyword table between 40 rows and 2, 150 reads at each size: 3 000 executions of the statement. */
    private static void swing(Connection connection, PreparedStatement select, PreparedStatement insert, PreparedStatement delete,
                              int rounds) throws SQLException {
        for (int round = 0; round < rounds; round++) {
            int rows = round % 2 == 0 ? 40 : 2;
            for (int uid = 0; uid < rows; uid++) {
                insert.setLong(1, uid);
                insert.executeUpdate();
            }
            // Derby learns a table's new row count when its pages are written, as the gateway's checkpoints do.
            checkpoint(connection);
            for (int i = 0; i < 150; i++) {
                if (read(select) != rows) {
                    throw new AssertionError("the statement read another count of rows than the table holds");
                }
            }
            delete.executeUpdate();
        }
    }

    /** Derby's count of the statement's compilations (its version, as its network server reads it). */
    private static long compilation(PreparedStatement statement) throws SQLException {
        return statement.unwrap(EnginePreparedStatement.class).getVersionCounter();
    }

    private static void checkpoint(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CALL SYSCS_UTIL.SYSCS_CHECKPOINT_DATABASE()");
        }
    }

    private static int read(PreparedStatement select) throws SQLException {
        select.setLong(1, 1);
        select.setLong(2, 0);
        select.setLong(3, Long.MAX_VALUE);
        int count = 0;
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                count++;
            }
        }
        return count;
    }

    /** A new Derby database with the gateway's settings, holding one table. */
    private Connection database(String table) throws SQLException {
        ManagedEntityManagerFactory.configureDerby();
        Connection connection = DriverManager.getConnection("jdbc:derby:directory:" + directory.resolve("db") + ";create=true");
        try (Statement statement = connection.createStatement()) {
            statement.execute(table);
        }
        return connection;
    }

    @AfterEach
    void shutDown() {
        try {
            DriverManager.getConnection("jdbc:derby:directory:" + directory.resolve("db") + ";shutdown=true").close();
        } catch (SQLException expected) {
            // Derby reports a database shut down as an exception (SQLState 08006).
        }
    }
}
