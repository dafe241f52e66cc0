package org.santegateway.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.santegateway.server.startup.StartupFailure;
import org.santegateway.server.testing.PostgresServer;

import com.google.common.collect.ImmutableMap;

/**
 * The versioned migrations of the PostgreSQL profile, on a private PostgreSQL: they must build exactly the schema
 * OpenJPA derives from the mappings (so an entity changed without its migration fails here), take over a database
 * OpenJPA created alone, run once when gateways start together, and a database behind the mappings must stop the
 * start with one line.
 */
class DatabaseMigrationsTest {
    private static final String HISTORY = DatabaseMigrations.HISTORY_TABLE;

    private static PostgresServer postgres;

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
    void migrationsShouldBuildTheSchemaTheMappingsDescribe() throws Exception {
        DatabaseConfiguration byOpenJpa = database("built_by_openjpa");
        DatabaseConfiguration byMigrations = database("built_by_migrations");
        buildWithOpenJpaAlone(byOpenJpa);

        MigrateResult result = DatabaseMigrations.migrate(byMigrations);

        assertThat(result.targetSchemaVersion).isEqualTo(newestVersion());
        assertThat(describe(byMigrations)).isEqualTo(describe(byOpenJpa));
        assertThat(gatewayIndexes(byMigrations)).containsExactlyInAnyOrderElementsOf(MailboxIndexes.INDEXES.stream()
            .map(index -> index.name().toLowerCase(Locale.ROOT)).toList());
    }

    @Test
    void aDatabaseCreatedBeforeMigrationsShouldBeTakenAsVersionOneThenMigrated() throws Exception {
        DatabaseConfiguration existing = database("created_before_migrations");
        createAsBeforeMigrations(existing);
        try (Connection connection = connect(existing); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO james_domain (domain_name) VALUES ('hopital.mssante.fr')");
        }

        MigrateResult result = DatabaseMigrations.migrate(existing);

        assertThat(result.initialSchemaVersion).isEqualTo("1");
        assertThat(result.targetSchemaVersion).isEqualTo(newestVersion());
        assertThat(gatewayIndexes(existing)).hasSize(MailboxIndexes.INDEXES.size());
        ManagedEntityManagerFactory reopened = new ManagedEntityManagerFactory(existing);
        try {
            EntityManager entityManager = reopened.entityManagerFactory().createEntityManager();
            try {
                assertThat(entityManager.createQuery("SELECT COUNT(d) FROM JamesDomain d").getSingleResult()).isEqualTo(1L);
            } finally {
                entityManager.close();
            }
        } finally {
            reopened.close();
        }
    }

    @Test
    void gatewaysStartingTogetherShouldMigrateTheDatabaseOnce() throws Exception {
        DatabaseConfiguration shared = database("shared_by_two_nodes");
        CyclicBarrier together = new CyclicBarrier(2);
        Callable<MigrateResult> node = () -> {
            together.await(30, TimeUnit.SECONDS);
            return DatabaseMigrations.migrate(shared);
        };
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<MigrateResult>> results = List.of(nodes.submit(node), nodes.submit(node));

            int executed = 0;
            for (Future<MigrateResult> result : results) {
                executed += result.get(2, TimeUnit.MINUTES).migrationsExecuted;
            }
            assertThat(executed).isEqualTo(migrationCount());
        } finally {
            nodes.shutdownNow();
        }
        assertThat(query(shared, "SELECT version FROM " + HISTORY + " WHERE success ORDER BY installed_rank"))
            .containsExactlyElementsOf(versions().stream().map(String::valueOf).toList());
    }

    @Test
    void aDatabaseBehindTheMappingsShouldStopTheStartNamingWhatIsMissing() throws Exception {
        DatabaseConfiguration behind = database("behind_the_mappings");
        DatabaseMigrations.migrate(behind);
        try (Connection connection = connect(behind); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE gateway_dmp_document DROP COLUMN sealed_metadata");
        }

        assertThatThrownBy(() -> new ManagedEntityManagerFactory(behind))
            .isInstanceOf(StartupFailure.class)
            .hasMessageStartingWith("james-database.properties: the database schema is not the one this gateway needs")
            .hasMessageContaining("SEALED_METADATA");
    }

    @Test
    void aGatewayShouldStartOnItsOwnMigratedDatabaseAgain() throws Exception {
        DatabaseConfiguration database = database("restarted");
        new ManagedEntityManagerFactory(database).close();

        MigrateResult second = DatabaseMigrations.migrate(database);
        ManagedEntityManagerFactory again = new ManagedEntityManagerFactory(database);
        again.close();

        assertThat(second.migrationsExecuted).isZero();
        assertThat(query(database, "SELECT COUNT(*) FROM " + HISTORY)).containsExactly(String.valueOf(migrationCount()));
    }

    /**
     * A database where two nodes had made one user's INBOX twice (before version 17): the migration keeps both, the
     * later one renamed after its id, and from then on a path is unique.
     */
    @Test
    void mailboxesCreatedTwiceUnderOnePathShouldBeKeptAndThePathMadeUnique() throws Exception {
        DatabaseConfiguration twins = database("mailbox_twins");
        Flyway.configure(DatabaseMigrations.class.getClassLoader())
            .dataSource(twins.url(), twins.username().orElseThrow(), twins.password().orElseThrow())
            .locations(DatabaseMigrations.LOCATION).table(HISTORY).target("16").load().migrate();
        try (Connection connection = connect(twins); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO james_mailbox (mailbox_id, mailbox_name, mailbox_namespace, mailbox_uid_validity, user_name)"
                + " VALUES (11, 'INBOX', '#private', 1, 'dr.a@h.fr'), (12, 'INBOX', '#private', 2, 'dr.a@h.fr'),"
                + " (13, 'INBOX', '#private', 3, 'dr.b@h.fr'), (14, 'Sent', '#private', 4, 'dr.a@h.fr')");
        }

        DatabaseMigrations.migrate(twins);

        assertThat(query(twins, "SELECT mailbox_id || ' ' || user_name || ' ' || mailbox_name FROM james_mailbox ORDER BY mailbox_id"))
            .containsExactly("11 dr.a@h.fr INBOX", "12 dr.a@h.fr INBOX (12)", "13 dr.b@h.fr INBOX", "14 dr.a@h.fr Sent");
        try (Connection connection = connect(twins); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("INSERT INTO james_mailbox (mailbox_id, mailbox_name, mailbox_namespace,"
                + " mailbox_uid_validity, user_name) VALUES (15, 'INBOX', '#private', 5, 'dr.b@h.fr')"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(SqlMailboxMapper.isUniqueViolation(e)).isTrue());
        }
    }

    private static DatabaseConfiguration database(String name) throws SQLException {
        String url = postgres.createDatabase(name);
        return new DatabaseConfiguration("org.postgresql.Driver", url, Optional.of(postgres.username()),
            Optional.of(postgres.password()), ImmutableMap.of());
    }

    /**
     * A database as the last gateway without migrations left it: the tables OpenJPA created from that version's
     * mappings (which version 1 is, word for word) and the flag indexes it then added at start.
     */
    private static void createAsBeforeMigrations(DatabaseConfiguration database) throws Exception {
        String versionOne;
        try (InputStream script = DatabaseMigrationsTest.class.getResourceAsStream("/db/migration/postgresql/V1__baseline.sql")) {
            versionOne = new String(script.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(versionOne);
            MailboxIndexes.ensure(connection);
        }
    }

    /** What the gateway did before migrations: OpenJPA creates the tables from the mappings (persistence.xml). */
    private static void buildWithOpenJpaAlone(DatabaseConfiguration database) {
        EntityManagerFactory factory = Persistence.createEntityManagerFactory(ManagedEntityManagerFactory.PERSISTENCE_UNIT, Map.of(
            "openjpa.ConnectionDriverName", database.driverClassName(),
            "openjpa.ConnectionURL", database.url(),
            "openjpa.ConnectionUserName", database.username().orElseThrow(),
            "openjpa.ConnectionPassword", database.password().orElseThrow()));
        try {
            EntityManager entityManager = factory.createEntityManager();
            try {
                entityManager.createNamedQuery("countMessagesInMailbox").setParameter("idParam", -1L).getSingleResult();
            } finally {
                entityManager.close();
            }
        } finally {
            factory.close();
        }
    }

    /** Tables, columns, constraints and indexes, as text, without Flyway's history and the indexes of MailboxIndexes. */
    private static List<String> describe(DatabaseConfiguration database) throws SQLException {
        List<String> schema = new ArrayList<>();
        schema.addAll(query(database, "SELECT table_name || '.' || column_name || ' ' || data_type || ' '"
            + " || COALESCE(character_maximum_length::text, '-') || ' nullable=' || is_nullable"
            + " || ' default=' || COALESCE(column_default, '-')"
            + " FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '" + HISTORY + "'"
            + " ORDER BY table_name, column_name"));
        schema.addAll(query(database, "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)"
            + " FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '" + HISTORY + "'"
            + " ORDER BY 1"));
        schema.addAll(query(database, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'"
            + " AND tablename <> '" + HISTORY + "' AND indexname NOT LIKE 'gw\\_%' ORDER BY indexname"));
        return schema;
    }

    /** The indexes the gateway adds to James's tables ({@link MailboxIndexes}). */
    private static List<String> gatewayIndexes(DatabaseConfiguration database) throws SQLException {
        return query(database, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'gw\\_%'");
    }

    private static List<String> query(DatabaseConfiguration database, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private static Connection connect(DatabaseConfiguration database) throws SQLException {
        return DriverManager.getConnection(database.url(), database.username().orElseThrow(), database.password().orElseThrow());
    }

    /** The versions of the migration files, read from the sources (so that adding one needs no change here). */
    private static List<Integer> versions() {
        try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "db", "migration", "postgresql"))) {
            return files.map(file -> file.getFileName().toString())
                .map(name -> name.substring(1, name.indexOf("__")))
                .map(Integer::valueOf)
                .sorted()
                .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int migrationCount() {
        return versions().size();
    }

    private static String newestVersion() {
        return String.valueOf(versions().get(versions().size() - 1));
    }
}
