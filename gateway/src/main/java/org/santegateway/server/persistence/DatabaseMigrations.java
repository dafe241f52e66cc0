package org.santegateway.server.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.santegateway.server.startup.StartupFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and migrates the schema of an external PostgreSQL database with Flyway, from the versioned scripts of
 * {@value #LOCATION}, before OpenJPA opens it.
 *
 * <p>On PostgreSQL the schema is the migrations', not OpenJPA's: OpenJPA only checks at start that the tables have
 * what the mappings need ({@value #VALIDATE_MAPPINGS}), so a gateway whose entities are newer than its database
 * refuses to start instead of altering a shared database on its own. Several gateways starting together on one
 * database migrate it once: the first holds a PostgreSQL advisory lock while it migrates, and the others then find
 * it done (an advisory lock of the gateway's around the whole of Flyway's work: Flyway's own lock does not cover
 * its first look at an empty database). A database created by an earlier gateway through OpenJPA alone (tables but no history table) is taken as
 * version 1, and later versions apply on it.</p>
 *
 * <p>The embedded Derby database keeps OpenJPA's own schema synchronisation: it belongs to one gateway and has no
 * other writer.</p>
 */
final class DatabaseMigrations {
    static final String LOCATION = "classpath:db/migration/postgresql";
    static final String HISTORY_TABLE = "gateway_schema_history";
    static final String SYNCHRONIZE_MAPPINGS = "openjpa.jdbc.SynchronizeMappings";
    static final String VALIDATE_MAPPINGS = "validate(ForeignKeys=true)";

    private static final Logger LOGGER = LoggerFactory.getLogger(DatabaseMigrations.class);
    private static final String POSTGRESQL_URL_PREFIX = "jdbc:postgresql:";
    /** The key of the advisory lock the nodes take to migrate ("SANTEGW" in ASCII). */
    private static final long MIGRATION_LOCK = 0x53414E54454757L;

    private DatabaseMigrations() {
    }

    static boolean appliesTo(DatabaseConfiguration configuration) {
        return configuration.url().startsWith(POSTGRESQL_URL_PREFIX);
    }

    /**
     * Brings the database to the newest version of the migrations; throws {@link StartupFailure} naming the
     * failing version when a migration fails (the database is then left at the last version that succeeded,
     * each PostgreSQL migration being one transaction).
     */
    static MigrateResult migrate(DatabaseConfiguration configuration) {
        Flyway flyway = Flyway.configure(DatabaseMigrations.class.getClassLoader())
            .dataSource(configuration.url(), configuration.username().orElse(null), configuration.password().orElse(null))
            .locations(LOCATION)
            .table(HISTORY_TABLE)
            .baselineOnMigrate(true)
            .baselineVersion("1")
            .baselineDescription("schema created by OpenJPA before versioned migrations")
            .validateMigrationNaming(true)
            .load();
        // Flyway's own lock covers the migrations but not its first look at the schema: a second node starting on an
        // empty database would find the first one's new, still empty history table and refuse to "baseline" it.
        try (Connection connection = DriverManager.getConnection(configuration.url(),
                configuration.username().orElse(null), configuration.password().orElse(null))) {
            lock(connection);
            try {
                return migrate(flyway);
            } finally {
                unlock(connection);
            }
        } catch (SQLException e) {
            throw new StartupFailure("james-database.properties: could not take the migration lock of the database: " + e.getMessage(), e);
        }
    }

    private static MigrateResult migrate(Flyway flyway) {
        try {
            MigrateResult result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                LOGGER.info("Database schema migrated from version {} to {} ({} migrations)",
                    result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion,
                    result.targetSchemaVersion, result.migrationsExecuted);
            } else {
                LOGGER.info("Database schema at version {}", flyway.info().current().getVersion());
            }
            return result;
        } catch (FlywayException e) {
            throw new StartupFailure("james-database.properties: could not migrate the database schema: "
                + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** A PostgreSQL advisory lock held by this session: the nodes of one database migrate it one after the other. */
    private static void lock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
            statement.setLong(1, MIGRATION_LOCK);
            statement.execute();
        }
    }

    private static void unlock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            statement.setLong(1, MIGRATION_LOCK);
            statement.execute();
        }
    }

    /** OpenJPA's properties for a database whose schema the migrations own: check the mappings, change nothing. */
    static void validateOnly(Map<String, String> openJpaProperties) {
        openJpaProperties.put(SYNCHRONIZE_MAPPINGS, VALIDATE_MAPPINGS);
    }
}
