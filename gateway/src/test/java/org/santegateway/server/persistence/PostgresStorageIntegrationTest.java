package org.santegateway.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.PostgresServer;
import org.santegateway.server.testing.TestTls;

/**
 * The gateway on an external PostgreSQL, configured only through {@code james-database.properties}: domains,
 * users and mail are written there, read over IMAP, and read again after a restart; nothing goes to the embedded
 * Derby database, and connections are pooled.
 */
class PostgresStorageIntegrationTest {
    static final String DOMAIN = "clinique-test.fr";
    static final String SENDER = "dr.roux@" + DOMAIN;
    static final String RECIPIENT = "dr.blanc@" + DOMAIN;
    static final String PASSWORD = "another long test password";

    static PostgresServer postgres;

    @TempDir
    Path root;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void domainsUsersAndMessagesShouldBeKeptInPostgresqlAcrossARestart() throws Exception {
        GatewayTestServer prepared = GatewayTestServer.prepare(root);
        Files.writeString(prepared.settings().file("james-database.properties"),
            "database.driverClassName=org.postgresql.Driver\n"
                + "database.url=" + postgres.jdbcUrl() + "\n"
                + "database.username=" + postgres.username() + "\n"
                + "database.password=" + postgres.password() + "\n",
            StandardCharsets.UTF_8);

        try (GatewayTestServer gateway = prepared.start()) {
            gateway.data().addDomain(DOMAIN);
            gateway.data().addUser(SENDER, PASSWORD);
            gateway.data().addUser(RECIPIENT, PASSWORD);
            MailClients clients = new MailClients(TestTls.socketFactory(gateway.testCaCertificate()));

            String kept = "kept " + UUID.randomUUID();
            String deleted = "deleted " + UUID.randomUUID();
            clients.sendStartTls(gateway.submissionPort(), SENDER, PASSWORD, clients.newMessage(SENDER, RECIPIENT, kept, "Bonjour"));
            clients.sendStartTls(gateway.submissionPort(), SENDER, PASSWORD, clients.newMessage(SENDER, RECIPIENT, deleted, "Bonjour"));
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(clients.inboxSubjects(gateway.imapsPort(), true, RECIPIENT, PASSWORD)).contains(kept, deleted));
            clients.expungeFromInbox(gateway.imapsPort(), RECIPIENT, PASSWORD, deleted);

            gateway.restart();

            assertThat(gateway.data().listDomains()).contains(DOMAIN);
            assertThat(gateway.data().listUsers()).contains(SENDER, RECIPIENT);
            MailClients afterRestart = new MailClients(TestTls.socketFactory(gateway.testCaCertificate()));
            assertThat(afterRestart.inboxSubjects(gateway.imapsPort(), true, RECIPIENT, PASSWORD))
                .contains(kept)
                .doesNotContain(deleted);
        }

        assertThat(rowCount("james_mail")).isEqualTo(1);
        assertThat(rowCount("james_user")).isEqualTo(2);
        assertThat(mailTableIndexes()).contains("gw_mail_unseen_idx", "gw_mail_recent_idx", "gw_mail_deleted_idx");
        assertThat(prepared.settings().dataDirectory().resolve("var").resolve("derby")).doesNotExist();
        // OpenJPA pools connections (commons-dbcp2, on the classpath through James): measured 14 sessions for about
        // 800 transactions over the two starts, where one connection per entity manager would open hundreds.
        long[] sessionsAndCommits = sessionsAndCommits();
        assertThat(sessionsAndCommits[0] * 20).isLessThan(sessionsAndCommits[1]);
    }

    private static long[] sessionsAndCommits() throws Exception {
        try (Connection connection = postgres.connect();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                 "SELECT sessions, xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
            result.next();
            return new long[] {result.getLong(1), result.getLong(2)};
        }
    }

    private static long rowCount(String table) throws Exception {
        try (Connection connection = postgres.connect();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static Set<String> mailTableIndexes() throws Exception {
        Set<String> names = new HashSet<>();
        try (Connection connection = postgres.connect();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT indexname FROM pg_indexes WHERE tablename = 'james_mail'")) {
            while (result.next()) {
                names.add(result.getString(1));
            }
        }
        return names;
    }
}
