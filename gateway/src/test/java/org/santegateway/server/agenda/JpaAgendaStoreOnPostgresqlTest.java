package org.santegateway.server.agenda;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.santegateway.server.persistence.DatabaseConfiguration;
import org.santegateway.server.testing.PostgresServer;

/** Every test of {@link JpaAgendaStoreTest}, on a private PostgreSQL. */
class JpaAgendaStoreOnPostgresqlTest extends JpaAgendaStoreTest {
    static PostgresServer postgres;

    /** Hides {@link JpaAgendaStoreTest#open()}: no Derby database is opened. */
    @BeforeAll
    static void open() {
        try {
            postgres = PostgresServer.start();
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL did not start", e);
        }
        openStore(new DatabaseConfiguration("org.postgresql.Driver", postgres.jdbcUrl(), Optional.of(postgres.username()),
            Optional.of(postgres.password()), Map.of()));
    }

    /** Hides {@link JpaAgendaStoreTest#close()}: closes the store, then stops PostgreSQL. */
    @AfterAll
    static void close() {
        try {
            database.close();
        } finally {
            postgres.close();
        }
    }
}
