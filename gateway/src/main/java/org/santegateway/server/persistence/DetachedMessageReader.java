package org.santegateway.server.persistence;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import javax.inject.Inject;
import javax.mail.Flags;
import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAMessageMapper;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;

/**
 * Reads messages for indexing, each read in an entity manager and a transaction of its own, closed before the
 * message is used: the message comes back as an in-memory copy with its whole content.
 *
 * <p>Why: James's JPA messages load their content (database BLOBs) lazily, through the entity manager of the
 * mailbox session. James's re-indexer shares one session, hence one entity manager and one connection, between
 * the listing of a mailbox and concurrent reads of its messages: with messages of several hundred kilobytes,
 * which Derby streams from overflow pages, a read then fails ({@code IOException ... reading a 'BLOB'}, or
 * a Derby {@code NullPointerException} in {@code BasePage.releaseExclusive}). Here a message's content is read
 * while its own transaction is open, by one thread, and nothing lazy is left afterwards. One message is in memory
 * at a time per reader (a message of the store is held as one byte array by James's JPA mapping anyway).</p>
 */
public class DetachedMessageReader {
    private final EntityManagerFactory entityManagerFactory;
    private final JPAUidProvider uidProvider;
    private final JPAModSeqProvider modSeqProvider;

    @Inject
    public DetachedMessageReader(EntityManagerFactory entityManagerFactory, JPAUidProvider uidProvider, JPAModSeqProvider modSeqProvider) {
        this.entityManagerFactory = entityManagerFactory;
        this.uidProvider = uidProvider;
        this.modSeqProvider = modSeqProvider;
    }

    /** The UIDs of a mailbox's messages, read at once (no open cursor left behind). */
    public List<MessageUid> uids(Mailbox mailbox) {
        JPAMessageMapper mapper = newMapper();
        try {
            List<?> rows = mapper.getEntityManager().createNamedQuery("listUidsInMailbox")
                .setParameter("idParam", ((JPAId) mailbox.getMailboxId()).getRawId())
                .getResultList();
            List<MessageUid> uids = new ArrayList<>(rows.size());
            for (Object row : rows) {
                uids.add(MessageUid.of((Long) row));
            }
            return uids;
        } finally {
            mapper.endRequest();
        }
    }

    /** The flags of every message of a mailbox, by UID (no content is read). */
    public SortedMap<MessageUid, Flags> flags(Mailbox mailbox) throws MailboxException {
        JPAMessageMapper mapper = newMapper();
        try {
            return mapper.execute(() -> {
                SortedMap<MessageUid, Flags> flags = new TreeMap<>();
                Iterator<MailboxMessage> found = mapper.findInMailbox(mailbox, MessageRange.all(), MessageMapper.FetchType.METADATA, -1);
                while (found.hasNext()) {
                    MailboxMessage message = found.next();
                    flags.put(message.getUid(), message.createFlags());
                }
                return flags;
            });
        } finally {
            mapper.endRequest();
        }
    }

    /** The messages of {@code range} with their whole content, as in-memory copies. */
    public List<MailboxMessage> full(Mailbox mailbox, MessageRange range, int limit) throws MailboxException {
        JPAMessageMapper mapper = newMapper();
        try {
            return mapper.execute(() -> {
                List<MailboxMessage> messages = new ArrayList<>();
                Iterator<MailboxMessage> found = mapper.findInMailbox(mailbox, range, MessageMapper.FetchType.FULL, limit);
                while (found.hasNext()) {
                    MailboxMessage message = found.next();
                    messages.add(SimpleMailboxMessage.from(message)
                        .mailboxId(mailbox.getMailboxId())
                        .uid(message.getUid())
                        .modseq(message.getModSeq())
                        .build());
                }
                return messages;
            });
        } finally {
            mapper.endRequest();
        }
    }

    private JPAMessageMapper newMapper() {
        return new JPAMessageMapper(uidProvider, modSeqProvider, entityManagerFactory);
    }
}
