package org.santegateway.server.registry;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.santegateway.server.persistence.DatabaseConfiguration;
import org.santegateway.server.testing.PostgresServer;

/**
 * Every test of {@link MailboxRegistrationsTest}, on a private PostgreSQL instead of embedded Derby. JUnit does not
 * discover the {@code @Nested} classes of a superclass: each is declared again here.
 */
class MailboxRegistrationsOnPostgresqlTest extends MailboxRegistrationsTest {
    static PostgresServer postgres;

    /** Hides {@link MailboxRegistrationsTest#open()}: no Derby database is opened. */
    @BeforeAll
    static void open() {
        try {
            postgres = PostgresServer.start();
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL did not start", e);
        }
        openRegistry(new DatabaseConfiguration("org.postgresql.Driver", postgres.jdbcUrl(), Optional.of(postgres.username()),
            Optional.of(postgres.password()), Map.of()));
    }

    /** Hides {@link MailboxRegistrationsTest#close()}: closes the registry, then stops PostgreSQL. */
    @AfterAll
    static void close() {
        try {
            database.close();
        } finally {
            postgres.close();
        }
    }

    @Nested
    class Creation extends MailboxRegistrationsTest.Creation {
    }

    @Nested
    class JamesUsersWithoutRow extends MailboxRegistrationsTest.JamesUsersWithoutRow {
    }

    @Nested
    class Changes extends MailboxRegistrationsTest.Changes {
    }

    @Nested
    class Inactivity extends MailboxRegistrationsTest.Inactivity {
    }

    @Nested
    class Applications extends MailboxRegistrationsTest.Applications {
    }
}
