package org.santegateway.server.registry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;
import javax.persistence.TypedQuery;

import org.santegateway.server.persistence.JpaTransactions;

/**
 * The registry in the gateway's database (table {@code GATEWAY_MAILBOX_REGISTRY}), on embedded Derby or on the
 * PostgreSQL the nodes share.
 */
public class JpaMailboxRegistry implements MailboxRegistry {
    private final EntityManagerFactory entityManagerFactory;

    @Inject
    public JpaMailboxRegistry(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = entityManagerFactory;
    }

    @Override
    public boolean add(Mailbox mailbox) {
        try {
            return inTransaction(entityManager -> {
                if (entityManager.find(JpaRegisteredMailbox.class, mailbox.address()) != null) {
                    return false;
                }
                entityManager.persist(new JpaRegisteredMailbox(mailbox));
                return true;
            });
        } catch (PersistenceException e) {
            // Another node inserted the same address between our read and our insert.
            if (find(mailbox.address()).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<Mailbox> find(String address) {
        return read(entityManager -> Optional.ofNullable(entityManager.find(JpaRegisteredMailbox.class, address))
            .map(JpaRegisteredMailbox::toMailbox));
    }

    @Override
    public List<Mailbox> list(Optional<MailboxKind> kind, Optional<MailboxState> state) {
        return read(entityManager -> {
            StringBuilder jpql = new StringBuilder("SELECT m FROM GatewayRegisteredMailbox m WHERE 1 = 1");
            kind.ifPresent(value -> jpql.append(" AND m.kind = :kind"));
            state.ifPresent(value -> jpql.append(" AND m.state = :state"));
            TypedQuery<JpaRegisteredMailbox> query = entityManager.createQuery(jpql.append(" ORDER BY m.address").toString(),
                JpaRegisteredMailbox.class);
            kind.ifPresent(value -> query.setParameter("kind", value.name()));
            state.ifPresent(value -> query.setParameter("state", value.name()));
            return query.getResultList().stream().map(JpaRegisteredMailbox::toMailbox).toList();
        });
    }

    @Override
    public List<Mailbox> changedSince(Instant since) {
        return read(entityManager -> entityManager.createQuery(
                "SELECT m FROM GatewayRegisteredMailbox m WHERE m.modifiedAt >= :since ORDER BY m.address", JpaRegisteredMailbox.class)
            .setParameter("since", since.toEpochMilli())
            .getResultList().stream().map(JpaRegisteredMailbox::toMailbox).toList());
    }

    @Override
    public boolean update(String address, MailboxDetails details, Instant at) {
        return inTransaction(entityManager -> {
            JpaRegisteredMailbox row = entityManager.find(JpaRegisteredMailbox.class, address);
            if (row == null) {
                return false;
            }
            row.write(details, at);
            return true;
        });
    }

    @Override
    public boolean changeState(String address, MailboxState state, Instant at) {
        return inTransaction(entityManager -> {
            JpaRegisteredMailbox row = entityManager.find(JpaRegisteredMailbox.class, address);
            if (row == null) {
                return false;
            }
            row.changeState(state, at);
            return true;
        });
    }

    @Override
    public boolean recordLogin(String address, Instant at) {
        // One UPDATE on the primary key, and none at all for the many logins of a busy mail client in a minute.
        return inTransaction(entityManager -> entityManager.createQuery(
                "UPDATE GatewayRegisteredMailbox m SET m.lastLoginAt = :at, m.inactivityNoticeAt = NULL "
                    + "WHERE m.address = :address AND (m.lastLoginAt IS NULL OR m.lastLoginAt < :recent)")
            .setParameter("at", at.toEpochMilli())
            .setParameter("recent", at.minusSeconds(60).toEpochMilli())
            .setParameter("address", address)
            .executeUpdate() == 1);
    }

    @Override
    public List<Mailbox> idleWithoutNotice(Instant idleBefore, int limit) {
        return read(entityManager -> entityManager.createQuery(
                "SELECT m FROM GatewayRegisteredMailbox m WHERE m.state <> :closed AND m.inactivityNoticeAt IS NULL "
                    + "AND COALESCE(m.lastLoginAt, m.createdAt) < :idleBefore ORDER BY m.address", JpaRegisteredMailbox.class)
            .setParameter("closed", MailboxState.CLOSED.name())
            .setParameter("idleBefore", idleBefore.toEpochMilli())
            .setMaxResults(limit)
            .getResultList().stream().map(JpaRegisteredMailbox::toMailbox).toList());
    }

    @Override
    public boolean markNoticed(String address, Instant idleBefore, Instant at) {
        return inTransaction(entityManager -> entityManager.createQuery(
                "UPDATE GatewayRegisteredMailbox m SET m.inactivityNoticeAt = :at WHERE m.address = :address "
                    + "AND m.state <> :closed AND m.inactivityNoticeAt IS NULL AND COALESCE(m.lastLoginAt, m.createdAt) < :idleBefore")
            .setParameter("at", at.toEpochMilli())
            .setParameter("address", address)
            .setParameter("closed", MailboxState.CLOSED.name())
            .setParameter("idleBefore", idleBefore.toEpochMilli())
            .executeUpdate() == 1);
    }

    @Override
    public List<Mailbox> noticedAndIdle(Instant noticedBefore, Instant idleBefore, int limit) {
        return read(entityManager -> entityManager.createQuery(
                "SELECT m FROM GatewayRegisteredMailbox m WHERE m.state <> :closed AND m.inactivityNoticeAt <= :noticedBefore "
                    + "AND COALESCE(m.lastLoginAt, m.createdAt) < :idleBefore ORDER BY m.address", JpaRegisteredMailbox.class)
            .setParameter("closed", MailboxState.CLOSED.name())
            .setParameter("noticedBefore", noticedBefore.toEpochMilli())
            .setParameter("idleBefore", idleBefore.toEpochMilli())
            .setMaxResults(limit)
            .getResultList().stream().map(JpaRegisteredMailbox::toMailbox).toList());
    }

    @Override
    public boolean closeIfIdle(String address, Instant idleBefore, Instant at) {
        return inTransaction(entityManager -> entityManager.createQuery(
                "UPDATE GatewayRegisteredMailbox m SET m.state = :closed, m.modifiedAt = :at WHERE m.address = :address "
                    + "AND m.state <> :closed AND m.inactivityNoticeAt IS NOT NULL AND COALESCE(m.lastLoginAt, m.createdAt) < :idleBefore")
            .setParameter("closed", MailboxState.CLOSED.name())
            .setParameter("at", at.toEpochMilli())
            .setParameter("address", address)
            .setParameter("idleBefore", idleBefore.toEpochMilli())
            .executeUpdate() == 1);
    }

    @Override
    public void remove(String address) {
        inTransaction(entityManager -> {
            JpaRegisteredMailbox row = entityManager.find(JpaRegisteredMailbox.class, address);
            if (row != null) {
                entityManager.remove(row);
            }
            return null;
        });
    }

    private <T> T read(Function<EntityManager, T> work) {
        return JpaTransactions.read(entityManagerFactory, work);
    }

    private <T> T inTransaction(Function<EntityManager, T> work) {
        return JpaTransactions.write(entityManagerFactory, work);
    }
}
