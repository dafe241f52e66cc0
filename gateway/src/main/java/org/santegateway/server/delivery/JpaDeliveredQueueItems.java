package org.santegateway.server.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.james.core.MailAddress;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.santegateway.delivery.DeliveredQueueItems;

/**
 * {@link DeliveredQueueItems} in the gateway's database ({@code GATEWAY_DELIVERED_QUEUE_ITEM}): one row per message
 * a queue item put in a mailbox, written by {@link org.santegateway.server.persistence.DeliveryRecordingMapperFactory} in the append transaction, kept
 * {@link #RETENTION} (a queue hands an item out again within minutes of a restart, not weeks later).
 */
public class JpaDeliveredQueueItems implements DeliveredQueueItems {
    public static final Duration RETENTION = Duration.ofDays(7);

    private final EntityManagerFactory entityManagerFactory;
    private final UsersRepository usersRepository;
    private final Clock clock;

    @Inject
    public JpaDeliveredQueueItems(EntityManagerFactory entityManagerFactory, UsersRepository usersRepository, Clock clock) {
        this.entityManagerFactory = entityManagerFactory;
        this.usersRepository = usersRepository;
        this.clock = clock;
    }

    @Override
    public Set<MailAddress> deliveredRecipients(String queueItem, Collection<MailAddress> recipients) {
        Set<String> owners = owners(queueItem);
        Set<MailAddress> delivered = new HashSet<>();
        if (owners.isEmpty()) {
            return delivered;
        }
        for (MailAddress recipient : recipients) {
            try {
                if (owners.contains(usersRepository.getUsername(recipient).asString())) {
                    delivered.add(recipient);
                }
            } catch (UsersRepositoryException e) {
                throw new IllegalStateException("Cannot resolve the mailbox owner of a recipient", e);
            }
        }
        return delivered;
    }

    /** Records, in the caller's transaction, that {@code queueItem} put the message {@code uid} in {@code mailbox}. */
    public void record(EntityManager entityManager, Mailbox mailbox, MessageUid uid, String queueItem) {
        entityManager.persist(new JpaDeliveredQueueItem(mailbox.getMailboxId().serialize() + ":" + uid.asLong(),
            queueItem, mailbox.getUser().asString(), clock.millis()));
    }

    /** Removes the records older than {@link #RETENTION}; returns how many. */
    public int prune() {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            entityManager.getTransaction().begin();
            int removed = entityManager.createQuery("DELETE FROM GatewayDeliveredQueueItem d WHERE d.deliveredAt < :limit")
                .setParameter("limit", clock.millis() - RETENTION.toMillis())
                .executeUpdate();
            entityManager.getTransaction().commit();
            return removed;
        } finally {
            if (entityManager.getTransaction().isActive()) {
                entityManager.getTransaction().rollback();
            }
            entityManager.close();
        }
    }

    private Set<String> owners(String queueItem) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            return new HashSet<>(entityManager
                .createQuery("SELECT d.owner FROM GatewayDeliveredQueueItem d WHERE d.queueItem = :item", String.class)
                .setParameter("item", queueItem)
                .getResultList());
        } finally {
            entityManager.close();
        }
    }
}
