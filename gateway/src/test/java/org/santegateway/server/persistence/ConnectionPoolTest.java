package org.santegateway.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;

import org.apache.openjpa.persistence.OpenJPAPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.santegateway.server.testing.PostgresServer;

/**
 * The database's connection pool (OpenJPA over commons-dbcp2) on PostgreSQL, sized by the operator with
 * {@code openjpa.ConnectionProperties} in {@code james-database.properties}, as the file's comment says.
 */
class ConnectionPoolTest {
    static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void poolPropertiesShouldBoundTheConnectionsToTheDatabase() throws Exception {
        ManagedEntityManagerFactory database = new ManagedEntityManagerFactory(new DatabaseConfiguration(
            "org.postgresql.Driver", postgres.jdbcUrl(), Optional.of(postgres.username()), Optional.of(postgres.password()),
            Map.of("openjpa.ConnectionProperties", "MaxTotal=3,MaxWaitMillis=500")));
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(connectionOf(database.entityManagerFactory().createEntityManager()));
            }
            EntityManager fourth = database.entityManagerFactory().createEntityManager();

            assertThatThrownBy(() -> connectionOf(fourth))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("Timeout waiting for idle object");
            assertThat(gatewaySessions()).isEqualTo(3);
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
            database.close();
        }
    }

    @Test
    void withoutPoolSettingsAWaitForAConnectionShouldBeBounded() {
        DatabaseConfiguration plain = new DatabaseConfiguration("org.postgresql.Driver", postgres.jdbcUrl(),
            Optional.of(postgres.username()), Optional.of(postgres.password()), Map.of());
        DatabaseConfiguration sized = new DatabaseConfiguration("org.postgresql.Driver", postgres.jdbcUrl(),
            Optional.of(postgres.username()), Optional.of(postgres.password()), Map.of("openjpa.ConnectionProperties", "MaxTotal=32"));

        assertThat(ManagedEntityManagerFactory.openJpaProperties(plain, true))
            .containsEntry("openjpa.ConnectionProperties", "MaxTotal=8,MaxWaitMillis=30000");
        assertThat(ManagedEntityManagerFactory.openJpaProperties(sized, true))
            .containsEntry("openjpa.ConnectionProperties", "MaxTotal=32");
    }

    private static Connection connectionOf(EntityManager entityManager) {
        return (Connection) OpenJPAPersistence.cast(entityManager).getConnection();
    }

    private static long gatewaySessions() throws SQLException {
        try (Connection connection = postgres.connect();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM pg_stat_activity"
                 + " WHERE usename = current_user AND pid <> pg_backend_pid()")) {
            result.next();
            return result.getLong(1);
        }
    }
}
