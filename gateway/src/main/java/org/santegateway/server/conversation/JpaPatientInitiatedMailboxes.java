package org.santegateway.server.conversation;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;

import javax.inject.Inject;
import javax.mail.internet.AddressException;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.core.MailAddress;
import org.santegateway.conversation.PatientInitiatedMailboxes;

/** {@link PatientInitiatedMailboxes} in the gateway's database: read on every message, so a change applies at once. */
public class JpaPatientInitiatedMailboxes implements PatientInitiatedMailboxes {
    private final EntityManagerFactory entityManagerFactory;
    private final Clock clock;

    @Inject
    public JpaPatientInitiatedMailboxes(EntityManagerFactory entityManagerFactory, Clock clock) {
        this.entityManagerFactory = entityManagerFactory;
        this.clock = clock;
    }

    @Override
    public boolean accepts(MailAddress mailbox) {
        return inTransaction(false, entityManager -> entityManager.find(JpaPatientInitiatedMailbox.class, mailbox.asString()) != null);
    }

    @Override
    public boolean add(MailAddress mailbox) {
        try {
            return inTransaction(true, entityManager -> {
                if (entityManager.find(JpaPatientInitiatedMailbox.class, mailbox.asString()) != null) {
                    return false;
                }
                entityManager.persist(new JpaPatientInitiatedMailbox(mailbox.asString(), clock.millis()));
                return true;
            });
        } catch (PersistenceException e) {
            // Added concurrently by another request: it is marked, which is what was asked.
            if (accepts(mailbox)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean remove(MailAddress mailbox) {
        return inTransaction(true, entityManager -> {
            JpaPatientInitiatedMailbox marked = entityManager.find(JpaPatientInitiatedMailbox.class, mailbox.asString());
            if (marked == null) {
                return false;
            }
            entityManager.remove(marked);
            return true;
        });
    }

    @Override
    public List<MailAddress> list() {
        return inTransaction(false, entityManager -> entityManager
            .createQuery("SELECT m FROM GatewayPatientInitiatedMailbox m ORDER BY m.address", JpaPatientInitiatedMailbox.class)
            .getResultList().stream()
            .map(JpaPatientInitiatedMailboxes::address)
            .toList());
    }

    private <T> T inTransaction(boolean write, Function<EntityManager, T> work) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            if (!write) {
                return work.apply(entityManager);
            }
            entityManager.getTransaction().begin();
            T result = work.apply(entityManager);
            entityManager.getTransaction().commit();
            return result;
        } finally {
            if (entityManager.getTransaction().isActive()) {
                entityManager.getTransaction().rollback();
            }
            entityManager.close();
        }
    }

    private static MailAddress address(JpaPatientInitiatedMailbox mailbox) {
        try {
            return new MailAddress(mailbox.getAddress());
        } catch (AddressException e) {
            throw new IllegalStateException("A stored mailbox address is not an address", e);
        }
    }
}
