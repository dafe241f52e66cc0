package org.santegateway.server.persistence;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.santegateway.server.startup.StartupFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the JPA {@link EntityManagerFactory} of the gateway's stores (persistence unit {@value #PERSISTENCE_UNIT},
 * declared in {@code META-INF/persistence.xml}): opens it on the configured database and closes it when the server
 * stops ({@link PreDestroy}). Closing also shuts an embedded Derby database down cleanly (OpenJPA's Derby
 * dictionary does it, {@code shutdownOnClose}), which releases its lock and makes the next start fast.
 *
 * <p>On PostgreSQL the schema is created and migrated first by {@link DatabaseMigrations}; the embedded Derby
 * database is extended by OpenJPA from the mappings, and its mailbox indexes added by {@link MailboxIndexes}.</p>
 *
 * <p>James's lifecycle stops components in the reverse order of their creation; every store is created after
 * this object, so the database closes last.</p>
 */
public class ManagedEntityManagerFactory {
    public static final String PERSISTENCE_UNIT = "James";

    private static final Logger LOGGER = LoggerFactory.getLogger(ManagedEntityManagerFactory.class);
    private static final String[] DERBY_ERROR_LOG_PROPERTIES = {
        "derby.stream.error.file", "derby.stream.error.method", "derby.stream.error.field"};

    private static final String DERBY_PAGE_CACHE_SIZE = "derby.storage.pageCacheSize";
    private static final String DERBY_STATEMENT_CACHE_SIZE = "derby.language.statementCacheSize";
    private static final String DERBY_STALE_PLAN_CHECK_INTERVAL = "derby.language.stalePlanCheckInterval";

    private final EntityManagerFactory entityManagerFactory;

    public ManagedEntityManagerFactory(DatabaseConfiguration configuration) {
        this.entityManagerFactory = open(configuration);
    }

    /**
     * The database of {@code configuration}; taken from {@code opening} when the start began opening that same
     * database before James ({@link DatabaseOpening}).
     */
    @Inject
    public ManagedEntityManagerFactory(DatabaseConfiguration configuration, Optional<DatabaseOpening> opening) {
        if (opening.isPresent() && opening.get().configuration().equals(configuration)) {
            this.entityManagerFactory = opening.get().join();
        } else {
            opening.ifPresent(DatabaseOpening::abandon);
            this.entityManagerFactory = open(configuration);
        }
    }

    static EntityManagerFactory open(DatabaseConfiguration configuration) {
        configureDerby();
        LOGGER.info("Opening the database {}", configuration);
        boolean migrated = DatabaseMigrations.appliesTo(configuration);
        if (migrated) {
            DatabaseMigrations.migrate(configuration);
            return openMigrated(openJpaProperties(configuration, true));
        }
        EntityManagerFactory factory = Persistence.createEntityManagerFactory(PERSISTENCE_UNIT, openJpaProperties(configuration, false));
        try {
            MailboxIndexes.ensure(factory);
        } catch (RuntimeException e) {
            factory.close();
            throw e;
        }
        return factory;
    }

    /**
     * Opens the factory on a migrated database and has OpenJPA check the tables against the mappings (it does so
     * for the first entity manager): done here, so that a database behind the gateway's version stops the start
     * with one clear line rather than failing the first request.
     */
    private static EntityManagerFactory openMigrated(Map<String, String> properties) {
        EntityManagerFactory factory = null;
        try {
            factory = Persistence.createEntityManagerFactory(PERSISTENCE_UNIT, properties);
            EntityManager entityManager = factory.createEntityManager();
            try {
                entityManager.createNamedQuery("countMessagesInMailbox").setParameter("idParam", -1L).getSingleResult();
            } finally {
                entityManager.close();
            }
            return factory;
        } catch (RuntimeException e) {
            if (factory != null && factory.isOpen()) {
                factory.close();
            }
            throw new StartupFailure("james-database.properties: the database schema is not the one this gateway needs ("
                + e.getMessage() + "); its migrations (db/migration/postgresql) are applied at start", e);
        }
    }

    public EntityManagerFactory entityManagerFactory() {
        return entityManagerFactory;
    }

    @PreDestroy
    public void close() {
        if (entityManagerFactory.isOpen()) {
            entityManagerFactory.close();
        }
    }

    /**
     * The pool's default (commons-dbcp2 under OpenJPA): at most 8 connections, and a request that finds none free
     * waits 30 s then fails (the protocol answers with a temporary error) instead of waiting forever behind a stuck
     * database. An operator's {@code openjpa.ConnectionProperties} replaces it whole.
     */
    static final String DEFAULT_POOL = "MaxTotal=8,MaxWaitMillis=30000";
    static final String POOL_PROPERTIES = "openjpa.ConnectionProperties";

    static Map<String, String> openJpaProperties(DatabaseConfiguration configuration, boolean migrated) {
        Map<String, String> properties = new HashMap<>();
        properties.put("openjpa.ConnectionDriverName", configuration.driverClassName());
        properties.put("openjpa.ConnectionURL", configuration.url());
        configuration.username().ifPresent(username -> properties.put("openjpa.ConnectionUserName", username));
        configuration.password().ifPresent(password -> properties.put("openjpa.ConnectionPassword", password));
        // James's JPA stores share entity managers between threads (same default as James's JPA server).
        properties.put("openjpa.Multithreaded", "true");
        properties.put(POOL_PROPERTIES, DEFAULT_POOL);
        if (migrated) {
            DatabaseMigrations.validateOnly(properties);
        }
        properties.putAll(configuration.openJpaProperties());
        return properties;
    }

    /** Derby's system-wide settings, before it starts: its log routed, its caches and plan checks tuned. */
    static void configureDerby() {
        routeDerbyErrorLogToSlf4j();
        tuneDerby();
    }

    /**
     * Derby keeps 1 000 pages in memory by default (4 MB of 4 KB pages): less than the indexes of a few large
     * mailboxes, so opening one read them from disk again. 4 000 pages (16 MB of index pages, at most 128 MB if all
     * were 32 KB message pages) keeps them. Its cache of compiled statements holds 100 by default, fewer than the
     * distinct statements of the mailbox, queue and registry (OpenJPA's included): under imaptest 2 % of the CPU went
     * to compiling statements evicted from it; 500 keep them.
     *
     * <p>Every 100 executions of a statement Derby compares the row counts of its tables with those it was compiled
     * for, and compiles it again when they moved: by 10 % for a table of 400 rows or more, by far less for a smaller
     * one. A mailbox's keyword and MIME-property tables are small and swing with every STORE and EXPUNGE, so their
     * statements (which name their index and get the same plan every time) were compiled again several times a
     * second: under imaptest with sessions kept, 110 to 190 new generated classes per 30 s, each then compiled by the
     * JIT; checking every 10 000 executions took 30 % off the CPU per IMAP command of a warm gateway. A statement first
     * compiled on an empty table still gets a plan for its grown table, a hundred times later (the mailbox's lookups
     * by key and by UID range read through their index even with the plan made on the empty table).</p>
     *
     * <p>An operator's own {@code derby.storage.pageCacheSize}, {@code derby.language.statementCacheSize} or
     * {@code derby.language.stalePlanCheckInterval} wins.</p>
     */
    private static void tuneDerby() {
        System.getProperties().putIfAbsent(DERBY_PAGE_CACHE_SIZE, "4000");
        System.getProperties().putIfAbsent(DERBY_STATEMENT_CACHE_SIZE, "500");
        System.getProperties().putIfAbsent(DERBY_STALE_PLAN_CHECK_INTERVAL, "10000");
    }

    /**
     * Derby writes {@code derby.log} into the current directory unless told otherwise; an operator's own choice wins.
     */
    private static void routeDerbyErrorLogToSlf4j() {
        for (String property : DERBY_ERROR_LOG_PROPERTIES) {
            if (System.getProperty(property) != null) {
                return;
            }
        }
        System.setProperty("derby.stream.error.field", DerbyLogStream.FIELD_PROPERTY_VALUE);
    }
}
