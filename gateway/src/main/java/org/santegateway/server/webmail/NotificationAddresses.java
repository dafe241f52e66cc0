package org.santegateway.server.webmail;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.santegateway.audit.Pseudonyms;
import org.santegateway.notices.PersonalAddressFailures;
import org.santegateway.server.GatewaySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The personal addresses patients registered to be told that a message is waiting, in the database
 * ({@code GATEWAY_NOTIFICATION_ADDRESS}), keyed by the patient's pseudonym so that the table names no patient:
 * every node sharing the database sees an address registered through any node's webmail.
 *
 * <p>Versions before kept them in {@code <data>/var/webmail/notification-addresses.properties}: that file is
 * imported once at start (an address already in the database wins) and renamed {@code .imported}.</p>
 */
public class NotificationAddresses implements PersonalAddressFailures {
    /** A registered address, whether it was confirmed, and when its mail server refused a notice for good. */
    public record Registered(String address, boolean confirmed, Optional<Instant> failedAt) {
    }

    /** How long the link of a confirmation notice works. */
    public static final Duration CONFIRMATION_VALIDITY = Duration.ofDays(7);
    private static final SecureRandom RANDOM = new SecureRandom();

    static final String LEGACY_FILE = "notification-addresses.properties";

    private static final Logger LOGGER = LoggerFactory.getLogger(NotificationAddresses.class);

    private final EntityManagerFactory entityManagerFactory;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    @Inject
    public NotificationAddresses(EntityManagerFactory entityManagerFactory, Pseudonyms pseudonyms, GatewaySettings settings, Clock clock) {
        this.entityManagerFactory = entityManagerFactory;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
        importLegacyFile(settings.dataDirectory().resolve("var").resolve("webmail").resolve(LEGACY_FILE));
    }

    public Optional<String> get(Username patient) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            return Optional.ofNullable(entityManager.find(JpaNotificationAddress.class, key(patient)))
                .filter(JpaNotificationAddress::confirmed)
                .map(JpaNotificationAddress::address);
        } finally {
            entityManager.close();
        }
    }

    /** The registered address with its delivery state. */
    public Optional<Registered> state(Username patient) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            return Optional.ofNullable(entityManager.find(JpaNotificationAddress.class, key(patient)))
                .map(row -> new Registered(row.address(), row.confirmed(), row.failedAt()));
        } finally {
            entityManager.close();
        }
    }

    /** Marks every registration of this address as failing (the patient sees it; a new registration clears it). */
    @Override
    public void failed(MailAddress address) {
        long now = clock.millis();
        inTransaction(entityManager -> entityManager.createQuery(
                "UPDATE GatewayNotificationAddress a SET a.failedAt = :now WHERE a.address = :address OR a.address = :lower")
            .setParameter("now", now)
            .setParameter("address", address.asString())
            .setParameter("lower", address.asString().toLowerCase(Locale.ROOT))
            .executeUpdate());
    }

    /** How many registered addresses are failing, for admins. */
    public long failingCount() {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            return entityManager.createQuery("SELECT COUNT(a) FROM GatewayNotificationAddress a WHERE a.failedAt IS NOT NULL", Long.class)
                .getSingleResult();
        } finally {
            entityManager.close();
        }
    }

    /** Sets a confirmed address (an admin's or a test's; patients go through {@link #register} and the link). */
    public void set(Username patient, MailAddress address) {
        store(key(patient), address.asString(), true);
    }

    /**
     * Registers an address that is used only once the link sent to it is opened: returns the link's token (only its
     * digest is kept). Until then, and if it is never confirmed, no notification goes anywhere.
     */
    public String register(Username patient, MailAddress address) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String key = key(patient);
        String digest = digest(token);
        for (int attempt = 1; ; attempt++) {
            try {
                inTransaction(entityManager -> {
                    JpaNotificationAddress row = entityManager.find(JpaNotificationAddress.class, key);
                    if (row == null) {
                        entityManager.persist(new JpaNotificationAddress(key, address.asString(), digest, clock.millis()));
                    } else {
                        row.awaitConfirmation(address.asString(), digest, clock.millis());
                    }
                });
                return token;
            } catch (PersistenceException e) {
                if (attempt == 2) {
                    throw e;
                }
            }
        }
    }

    /** Confirms the address whose link carries this token, if it is still valid; false for an unknown or expired link. */
    public boolean confirm(String token) {
        if (token.isEmpty() || token.length() > 100) {
            return false;
        }
        String digest = digest(token);
        boolean[] confirmed = {false};
        inTransaction(entityManager -> entityManager.createQuery(
                "SELECT a FROM GatewayNotificationAddress a WHERE a.confirmation = :digest", JpaNotificationAddress.class)
            .setParameter("digest", digest)
            .getResultList().stream()
            .filter(row -> row.updatedAt().plus(CONFIRMATION_VALIDITY).isAfter(clock.instant()))
            .forEach(row -> {
                row.confirm();
                confirmed[0] = true;
            }));
        return confirmed[0];
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public void remove(Username patient) {
        String key = key(patient);
        inTransaction(entityManager -> {
            JpaNotificationAddress row = entityManager.find(JpaNotificationAddress.class, key);
            if (row != null) {
                entityManager.remove(row);
            }
        });
    }

    private String key(Username patient) {
        return pseudonyms.of(patient.asString().toLowerCase(Locale.ROOT));
    }

    /** Inserts or (when {@code replace}) changes the row; two nodes inserting at once: the second retries as a change. */
    private void store(String key, String address, boolean replace) {
        for (int attempt = 1; ; attempt++) {
            try {
                inTransaction(entityManager -> {
                    JpaNotificationAddress row = entityManager.find(JpaNotificationAddress.class, key);
                    if (row == null) {
                        entityManager.persist(new JpaNotificationAddress(key, address, clock.millis()));
                    } else if (replace) {
                        row.change(address, clock.millis());
                    }
                });
                return;
            } catch (PersistenceException e) {
                if (attempt == 2) {
                    throw e;
                }
            }
        }
    }

    private void importLegacyFile(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        Properties legacy = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            legacy.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        legacy.stringPropertyNames().forEach(key -> store(key, legacy.getProperty(key), false));
        try {
            Files.move(file, file.resolveSibling(LEGACY_FILE + ".imported"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rename " + file + " once imported", e);
        }
        LOGGER.info("Imported {} notification addresses from {} into the database", legacy.size(), file);
    }

    private void inTransaction(Consumer<EntityManager> work) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            entityManager.getTransaction().begin();
            work.accept(entityManager);
            entityManager.getTransaction().commit();
        } finally {
            if (entityManager.getTransaction().isActive()) {
                entityManager.getTransaction().rollback();
            }
            entityManager.close();
        }
    }
}
