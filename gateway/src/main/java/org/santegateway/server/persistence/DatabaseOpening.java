package org.santegateway.server.persistence;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.persistence.EntityManagerFactory;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.utils.PropertiesProvider;
import org.santegateway.server.startup.StartupFailure;

/**
 * The database opened on a thread of its own while the rest of the start goes on: booting Derby
 * (or applying the migrations), OpenJPA's first look at the mappings and the gateway's indexes
 * take about two seconds of one core, which the start would otherwise spend on nothing else.
 * {@link ManagedEntityManagerFactory} takes the result over when Guice asks for the database
 * (same {@code james-database.properties}); a failure to open stops the start there, with the
 * message it has today.
 */
public final class DatabaseOpening {
    private final DatabaseConfiguration configuration;
    private final CompletableFuture<EntityManagerFactory> factory;

    private DatabaseOpening(DatabaseConfiguration configuration, CompletableFuture<EntityManagerFactory> factory) {
        this.configuration = configuration;
        this.factory = factory;
    }

    /** Starts opening the database of James's configuration (its {@code james-database.properties}, its data directory). */
    public static DatabaseOpening start(Configuration james) {
        DatabaseConfiguration configuration;
        try {
            configuration = JpaEntityManagerFactoryModule.databaseConfiguration(
                new PropertiesProvider(new FileSystemImpl(james.directories()), james.configurationPath()),
                new StorageDirectories(james.directories()));
        } catch (ConfigurationException e) {
            throw new StartupFailure("james-database.properties: " + e.getMessage(), e);
        }
        CompletableFuture<EntityManagerFactory> factory = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                factory.complete(ManagedEntityManagerFactory.open(configuration));
            } catch (Throwable e) {
                factory.completeExceptionally(e);
            }
        }, "database-opening");
        thread.setDaemon(true);
        thread.start();
        return new DatabaseOpening(configuration, factory);
    }

    public DatabaseConfiguration configuration() {
        return configuration;
    }

    /** Waits for the database; throws what opening it threw. */
    EntityManagerFactory join() {
        try {
            return factory.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** For a start that stopped before James took the database: waits for it and closes it. */
    public void abandon() {
        try {
            EntityManagerFactory opened = factory.join();
            if (opened.isOpen()) {
                opened.close();
            }
        } catch (RuntimeException e) {
            // it did not open: nothing to close
        }
    }
}
