package org.santegateway.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.testing.PostgresServer;

/** The mailbox tables' indexes, on embedded Derby and on PostgreSQL, as the gateway creates them at start. */
class MailboxIndexesTest {
    private static final String MAIL_TABLE = "CREATE TABLE JAMES_MAIL (MAILBOX_ID BIGINT NOT NULL, MAIL_UID BIGINT NOT NULL,"
        + " MAIL_IS_SEEN SMALLINT, MAIL_IS_RECENT SMALLINT, MAIL_IS_DELETED SMALLINT, PRIMARY KEY (MAILBOX_ID, MAIL_UID))";
    private static final String MAILBOX_TABLE = "CREATE TABLE JAMES_MAILBOX (MAILBOX_ID BIGINT NOT NULL, USER_NAME VARCHAR(200),"
        + " MAILBOX_NAME VARCHAR(200) NOT NULL, MAILBOX_NAMESPACE VARCHAR(200) NOT NULL, PRIMARY KEY (MAILBOX_ID))";
    private static final String USERFLAG_TABLE = "CREATE TABLE JAMES_MAIL_USERFLAG (USERFLAG_ID BIGINT NOT NULL,"
        + " USERFLAG_NAME VARCHAR(500) NOT NULL, MAILBOX_ID BIGINT, MAIL_UID BIGINT, PRIMARY KEY (USERFLAG_ID))";
    private static final String PROPERTY_TABLE = "CREATE TABLE JAMES_MAIL_PROPERTY (PROPERTY_ID BIGINT NOT NULL,"
        + " PROPERTY_LINE_NUMBER INTEGER NOT NULL, MAILBOX_ID BIGINT, MAIL_UID BIGINT, PRIMARY KEY (PROPERTY_ID))";

    abstract static class OnADatabase {
        Connection connection;

        abstract Connection connect() throws SQLException;

        @BeforeEach
        void createMailTable() throws SQLException {
            connection = connect();
            try (Statement statement = connection.createStatement()) {
                statement.execute(MAIL_TABLE);
                statement.execute(MAILBOX_TABLE);
                statement.execute(USERFLAG_TABLE);
                statement.execute(PROPERTY_TABLE);
            }
            commitIfTransactional();
        }

        @AfterEach
        void dropMailTable() throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE JAMES_MAIL");
                statement.execute("DROP TABLE JAMES_MAILBOX");
                statement.execute("DROP TABLE JAMES_MAIL_USERFLAG");
                statement.execute("DROP TABLE JAMES_MAIL_PROPERTY");
                commitIfTransactional();
            } finally {
                connection.close();
            }
        }

        private void commitIfTransactional() throws SQLException {
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }

        @Test
        void ensureShouldCreateTheIndexesOnce() throws SQLException {
            MailboxIndexes.ensure(connection);
            MailboxIndexes.ensure(connection);

            assertThat(indexNames()).contains("GW_MAIL_UNSEEN_IDX", "GW_MAIL_RECENT_IDX", "GW_MAIL_DELETED_IDX");
            assertThat(indexNames("JAMES_MAILBOX")).contains("GW_MAILBOX_PATH_UNIQUE");
            assertThat(indexNames("JAMES_MAIL_USERFLAG")).contains("GW_USERFLAG_MAIL_IDX");
            assertThat(indexNames("JAMES_MAIL_PROPERTY")).contains("GW_PROPERTY_MAIL_IDX");
        }

        @Test
        void ensureShouldKeepTheMailboxesCreatedTwiceUnderOnePathThenRefuseAnother() throws SQLException {
            insertMailbox(1, "dr.a@h.fr", "INBOX");
            insertMailbox(2, "dr.a@h.fr", "INBOX");
            insertMailbox(3, "dr.a@h.fr", "Sent");
            insertMailbox(4, "dr.b@h.fr", "INBOX");
            insertMailbox(5, "dr.a@h.fr", "INBOX");
            commitIfTransactional();

            MailboxIndexes.ensure(connection);

            assertThat(mailboxNames()).containsExactly("1 dr.a@h.fr INBOX", "2 dr.a@h.fr INBOX (2)", "3 dr.a@h.fr Sent",
                "4 dr.b@h.fr INBOX", "5 dr.a@h.fr INBOX (5)");
            assertThatThrownBy(() -> insertMailbox(6, "dr.b@h.fr", "INBOX"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(SqlMailboxMapper.isUniqueViolation(e)).isTrue());
            rollbackIfTransactional();
            insertMailbox(7, "dr.b@h.fr", "Sent");
        }

        @Test
        void ensureShouldDropThePathIndexOfEarlierVersions() throws SQLException {
            MailboxIndexes.create(connection, MailboxIndexes.REPLACED.get(0));

            MailboxIndexes.ensure(connection);

            assertThat(indexNames("JAMES_MAILBOX")).contains("GW_MAILBOX_PATH_UNIQUE").doesNotContain("GW_MAILBOX_PATH_IDX");
        }

        private void insertMailbox(long id, String user, String name) throws SQLException {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO JAMES_MAILBOX (MAILBOX_ID, USER_NAME, MAILBOX_NAME, MAILBOX_NAMESPACE) VALUES (?, ?, ?, '#private')")) {
                insert.setLong(1, id);
                insert.setString(2, user);
                insert.setString(3, name);
                insert.executeUpdate();
            }
        }

        private List<String> mailboxNames() throws SQLException {
            List<String> names = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT MAILBOX_ID, USER_NAME, MAILBOX_NAME FROM JAMES_MAILBOX ORDER BY MAILBOX_ID")) {
                while (rows.next()) {
                    names.add(rows.getLong(1) + " " + rows.getString(2) + " " + rows.getString(3));
                }
            }
            return names;
        }

        private void rollbackIfTransactional() throws SQLException {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        }

        @Test
        void createShouldAcceptAnIndexAnotherGatewayCreatedMeanwhile() throws SQLException {
            MailboxIndexes.ensure(connection);

            MailboxIndexes.create(connection, MailboxIndexes.INDEXES.get(0));

            assertThat(indexNames()).contains(MailboxIndexes.INDEXES.get(0).name());
        }

        @Test
        void createShouldFailWhenTheIndexCannotBeCreated() {
            MailboxIndexes.Index onAMissingColumn = new MailboxIndexes.Index("JAMES_MAIL", "GW_MAIL_BROKEN_IDX", "MAILBOX_ID, NO_SUCH_COLUMN");

            assertThatThrownBy(() -> MailboxIndexes.create(connection, onAMissingColumn)).isInstanceOf(SQLException.class);
        }

        private Set<String> indexNames() throws SQLException {
            return indexNames("JAMES_MAIL");
        }

        private Set<String> indexNames(String tableName) throws SQLException {
            DatabaseMetaData metaData = connection.getMetaData();
            String table = metaData.storesLowerCaseIdentifiers() ? tableName.toLowerCase(Locale.ROOT) : tableName;
            Set<String> names = new HashSet<>();
            try (ResultSet indexes = metaData.getIndexInfo(null, null, table, false, false)) {
                while (indexes.next()) {
                    if (indexes.getString("INDEX_NAME") != null) {
                        names.add(indexes.getString("INDEX_NAME").toUpperCase(Locale.ROOT));
                    }
                }
            }
            return names;
        }
    }

    @Nested
    class OnDerby extends OnADatabase {
        @TempDir
        Path directory;

        /** Derby's own log goes where the gateway sends it (SLF4J), not to a derby.log in the working directory. */
        @Override
        Connection connect() throws SQLException {
            if (System.getProperty("derby.stream.error.file") == null && System.getProperty("derby.stream.error.method") == null) {
                System.setProperty("derby.stream.error.field", DerbyLogStream.FIELD_PROPERTY_VALUE);
            }
            return DriverManager.getConnection("jdbc:derby:" + directory.resolve("derby") + ";create=true");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnPostgresql extends OnADatabase {
        PostgresServer postgres;

        @BeforeAll
        void startPostgres() throws Exception {
            postgres = PostgresServer.start();
        }

        @AfterAll
        void stopPostgres() {
            postgres.close();
        }

        /** In a transaction, as OpenJPA may hand it: a failed statement then aborts the transaction until rolled back. */
        @Override
        Connection connect() throws SQLException {
            Connection connection = postgres.connect();
            connection.setAutoCommit(false);
            return connection;
        }
    }
}
