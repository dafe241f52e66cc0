package org.santegateway.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.james.server.core.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database opened on its own thread during the start ({@link DatabaseOpening}), as Guice takes it over. */
class DatabaseOpeningTest {
    @TempDir
    Path root;

    @Test
    void theGatewayShouldTakeOverTheDatabaseOpenedDuringTheStart() throws Exception {
        Configuration james = james(root);
        DatabaseOpening opening = DatabaseOpening.start(james);
        DatabaseConfiguration configuration = DatabaseConfiguration.embeddedDerby(new StorageDirectories(james.directories()));

        ManagedEntityManagerFactory database = new ManagedEntityManagerFactory(configuration, Optional.of(opening));
        try {
            assertThat(database.entityManagerFactory()).isSameAs(opening.join());
            assertThat(countMessages(database.entityManagerFactory())).isZero();
            assertThat(Files.isDirectory(root.resolve("data/var/derby"))).isTrue();
        } finally {
            database.close();
        }
    }

    @Test
    void aDatabaseOfAnotherConfigurationShouldBeClosedAndTheConfiguredOneOpened() throws Exception {
        DatabaseOpening other = DatabaseOpening.start(james(root.resolve("other")));
        DatabaseConfiguration configuration = DatabaseConfiguration.embeddedDerby(new StorageDirectories(root.resolve("data/var")));

        ManagedEntityManagerFactory database = new ManagedEntityManagerFactory(configuration, Optional.of(other));
        try {
            assertThat(other.join().isOpen()).isFalse();
            assertThat(countMessages(database.entityManagerFactory())).isZero();
        } finally {
            database.close();
        }
    }

    @Test
    void aDatabaseThatCannotOpenShouldStopTheStartWithTheMessageOfAnOrdinaryOpening() throws Exception {
        // The data directory's var is a file: Derby cannot create its database under it.
        Path data = Files.createDirectories(root.resolve("data"));
        Files.writeString(data.resolve("var"), "not a directory");
        Configuration james = james(root);
        DatabaseConfiguration configuration = DatabaseConfiguration.embeddedDerby(new StorageDirectories(james.directories()));
        Throwable ordinary = catchFailure(() -> new ManagedEntityManagerFactory(configuration));

        assertThatThrownBy(() -> new ManagedEntityManagerFactory(configuration, Optional.of(DatabaseOpening.start(james))))
            .isExactlyInstanceOf(ordinary.getClass())
            // The first line: OpenJPA appends the stack of the thread that failed.
            .hasMessageStartingWith(ordinary.getMessage().lines().findFirst().orElseThrow());
    }

    @Test
    void abandonShouldCloseTheDatabaseOfAStartThatStopped() {
        DatabaseOpening opening = DatabaseOpening.start(james(root));

        opening.abandon();

        assertThat(opening.join().isOpen()).isFalse();
    }

    private static Configuration james(Path root) {
        return Configuration.builder()
            .workingDirectory(root.resolve("data").toFile())
            .configurationPath(new Configuration.ConfigurationPath("file://" + root.resolve("config") + "/"))
            .build();
    }

    private static long countMessages(EntityManagerFactory factory) {
        EntityManager entityManager = factory.createEntityManager();
        try {
            return (Long) entityManager.createNamedQuery("countMessagesInMailbox").setParameter("idParam", -1L).getSingleResult();
        } finally {
            entityManager.close();
        }
    }

    private static Throwable catchFailure(Runnable opening) {
        try {
            opening.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("the database opened");
    }
}
