package org.santegateway.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.audit.Pseudonyms;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.persistence.DatabaseConfiguration;
import org.santegateway.server.persistence.ManagedEntityManagerFactory;
import org.santegateway.server.pseudonyms.HmacPseudonyms;
import org.santegateway.server.testing.PostgresServer;

import com.google.common.collect.ImmutableMap;

/**
 * Notification addresses in the database shared by the nodes, on a private PostgreSQL: an address registered
 * through one node's webmail is the one another node notifies; the file of earlier versions is imported once.
 */
class NotificationAddressesTest {
    private static final Pseudonyms PSEUDONYMS = new HmacPseudonyms("0123456789abcdef0123456789abcdef".getBytes());
    private static final Username JEANNE = Username.of("185057512345673@patient.mssante.fr");
    private static final Username PAUL = Username.of("292039912378912@patient.mssante.fr");

    private static PostgresServer postgres;
    private static ManagedEntityManagerFactory database;

    @TempDir
    Path node1;
    @TempDir
    Path node2;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
        database = new ManagedEntityManagerFactory(new DatabaseConfiguration("org.postgresql.Driver", postgres.jdbcUrl(),
            java.util.Optional.of(postgres.username()), java.util.Optional.of(postgres.password()), ImmutableMap.of()));
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private NotificationAddresses on(Path node) {
        return new NotificationAddresses(database.entityManagerFactory(), PSEUDONYMS, new GatewaySettings(node.resolve("conf"), node),
            Clock.systemUTC());
    }

    @Test
    void anAddressRegisteredOnOneNodeShouldBeSeenChangedAndRemovedOnAnother() throws Exception {
        NotificationAddresses first = on(node1);
        NotificationAddresses second = on(node2);

        first.set(JEANNE, new MailAddress("jeanne.dupont@example.fr"));
        assertThat(second.get(JEANNE)).contains("jeanne.dupont@example.fr");

        second.set(JEANNE, new MailAddress("j.dupont@example.org"));
        assertThat(first.get(JEANNE)).contains("j.dupont@example.org");

        first.remove(JEANNE);
        assertThat(second.get(JEANNE)).isEmpty();
    }

    @Test
    void theFileOfEarlierVersionsShouldBeImportedOnceWithoutOverwritingTheDatabase() throws Exception {
        on(node2).set(PAUL, new MailAddress("paul.current@example.fr"));
        Path legacy = node1.resolve("var").resolve("webmail").resolve(NotificationAddresses.LEGACY_FILE);
        Files.createDirectories(legacy.getParent());
        Files.writeString(legacy, "# by pseudonym\n"
            + PSEUDONYMS.of(JEANNE.asString()) + "=jeanne.file@example.fr\n"
            + PSEUDONYMS.of(PAUL.asString()) + "=paul.old@example.fr\n");

        NotificationAddresses upgraded = on(node1);

        assertThat(upgraded.get(JEANNE)).contains("jeanne.file@example.fr");
        assertThat(upgraded.get(PAUL)).contains("paul.current@example.fr");
        assertThat(legacy).doesNotExist();
        assertThat(legacy.resolveSibling(NotificationAddresses.LEGACY_FILE + ".imported")).exists();
    }

    @Test
    void theTableShouldNameNoPatient() throws Exception {
        on(node1).set(JEANNE, new MailAddress("jeanne.dupont@example.fr"));

        try (var connection = postgres.connect(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT patient_pseudonym FROM gateway_notification_address")) {
            while (rows.next()) {
                assertThat(rows.getString(1)).doesNotContain("185057512345673").hasSize(16);
            }
        }
    }
}
