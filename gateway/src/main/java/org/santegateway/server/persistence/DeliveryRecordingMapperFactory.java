package org.santegateway.server.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MimeUtility;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAMailboxSessionMapperFactory;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxConstants;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.quota.DefaultUserQuotaRootResolver;
import org.santegateway.delivery.QueueItem;
import org.santegateway.server.delivery.JpaDeliveredQueueItems;

/**
 * James's JPA mapper factory whose message mapper records, in the transaction that appends a message, the queue
 * item named by the message's {@link QueueItem#HEADER} ({@link JpaDeliveredQueueItems}): the message and the record
 * of its delivery are committed together or not at all, so a queue item handed out again after a crash is
 * recognised whatever the moment of the crash. Messages without the header (IMAP APPEND, copies) record nothing.
 * The message mapper is a {@link SharedMailboxMessageMapper}, safe for sessions working on one mailbox together.
 */
public class DeliveryRecordingMapperFactory extends JPAMailboxSessionMapperFactory {
    private final EntityManagerFactory entityManagerFactory;
    private final JPAUidProvider uidProvider;
    private final JPAModSeqProvider modSeqProvider;
    private final JpaDeliveredQueueItems deliveredQueueItems;
    private final UidAllocation allocation;
    /** Quota roots known to have their row ({@link CurrentQuotaChanges#ensureRow}). */
    private final Set<String> quotaRows = ConcurrentHashMap.newKeySet();

    @Inject
    public DeliveryRecordingMapperFactory(EntityManagerFactory entityManagerFactory, JPAUidProvider uidProvider,
                                          JPAModSeqProvider modSeqProvider, JpaDeliveredQueueItems deliveredQueueItems,
                                          UidAllocation allocation) {
        super(entityManagerFactory, uidProvider, modSeqProvider);
        this.entityManagerFactory = entityManagerFactory;
        this.uidProvider = uidProvider;
        this.modSeqProvider = modSeqProvider;
        this.deliveredQueueItems = deliveredQueueItems;
        this.allocation = allocation;
    }

    /** Looks a mailbox up by id in plain SQL ({@link SqlMailboxMapper}). */
    @Override
    public MailboxMapper createMailboxMapper(MailboxSession session) {
        return new SqlMailboxMapper(entityManagerFactory);
    }

    @Override
    public MessageMapper createMessageMapper(MailboxSession session) {
        ensureQuotaRow(session);
        if (allocation == UidAllocation.SEPARATE_TRANSACTION) {
            return new RecordingMessageMapper(uidProvider, modSeqProvider, entityManagerFactory, deliveredQueueItems, allocation, session);
        }
        // The counters write through the mapper's own entity manager, known once the mapper exists.
        AtomicReference<RecordingMessageMapper> mapper = new AtomicReference<>();
        Supplier<EntityManager> writer = () -> mapper.get().getEntityManager();
        mapper.set(new RecordingMessageMapper(new MailboxRowCounters.Uids(entityManagerFactory, writer),
            new MailboxRowCounters.ModSeqs(entityManagerFactory, writer), entityManagerFactory, deliveredQueueItems, allocation, session));
        return mapper.get();
    }

    /**
     * The session user's quota row made, if it has none yet, before the session writes: its messages' transactions
     * then only update it ({@link CurrentQuotaChanges}).
     */
    private void ensureQuotaRow(MailboxSession session) {
        if (session.getUser() == null) {
            return;
        }
        String quotaRoot = MailboxConstants.USER_NAMESPACE + DefaultUserQuotaRootResolver.SEPARATOR + session.getUser().asString();
        if (quotaRows.contains(quotaRoot)) {
            return;
        }
        EntityManager manager = entityManagerFactory.createEntityManager();
        try {
            CurrentQuotaChanges.ensureRow(manager, quotaRoot);
            quotaRows.add(quotaRoot);
        } catch (PersistenceException e) {
            // Left to the session's first write, which makes the row in its transaction.
        } finally {
            manager.close();
        }
    }

    /** The value of {@link QueueItem#HEADER} in a message's header (the last one), if any. */
    static Optional<String> queueItem(MailboxMessage message) throws MailboxException {
        try (InputStream header = message.getHeaderContent()) {
            String[] values = new InternetHeaders(header).getHeader(QueueItem.HEADER);
            if (values == null || values.length == 0) {
                return Optional.empty();
            }
            String value = MimeUtility.unfold(values[values.length - 1]).strip();
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        } catch (IOException | MessagingException e) {
            throw new MailboxException("Cannot read the header of a message", e);
        }
    }

    private static final class RecordingMessageMapper extends SharedMailboxMessageMapper {
        private final JpaDeliveredQueueItems deliveredQueueItems;

        private RecordingMessageMapper(JPAUidProvider uidProvider, JPAModSeqProvider modSeqProvider,
                                       EntityManagerFactory entityManagerFactory, JpaDeliveredQueueItems deliveredQueueItems,
                                       UidAllocation allocation, MailboxSession session) {
            super(uidProvider, modSeqProvider, entityManagerFactory, allocation, session);
            this.deliveredQueueItems = deliveredQueueItems;
        }

        @Override
        public MessageMetaData add(Mailbox mailbox, MailboxMessage message) throws MailboxException {
            MessageMetaData metaData = super.add(mailbox, message);
            Optional<String> queueItem = queueItem(message);
            if (queueItem.isPresent()) {
                deliveredQueueItems.record(getEntityManager(), mailbox, metaData.getUid(), queueItem.get());
            }
            return metaData;
        }
    }
}
