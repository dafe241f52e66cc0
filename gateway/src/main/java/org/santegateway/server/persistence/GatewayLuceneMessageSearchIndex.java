package org.santegateway.server.persistence;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.locks.Lock;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

import com.google.common.util.concurrent.Striped;

import reactor.core.publisher.Mono;

/**
 * James's Lucene search index with two changes the gateway's crash recovery relies on.
 *
 * <ul>
 *     <li>Adding a message is idempotent: its documents (the message and its flags) are replaced, not added a
 *     second time. James's index adds blindly, so a message indexed twice (by the repair after a crash, by a
 *     re-indexing task in "fix outdated" mode, while the mailbox listener indexes it too) would be found twice.</li>
 *     <li>A clean close is recorded ({@link LuceneIndexDirectory#markClosedCleanly()}), so that the next start
 *     knows whether the last commit holds everything.</li>
 * </ul>
 */
public class GatewayLuceneMessageSearchIndex extends LuceneMessageSearchIndex {
    private final LuceneIndexDirectory indexDirectory;
    private final Striped<Lock> messageLocks = Striped.lock(64);

    @Inject
    public GatewayLuceneMessageSearchIndex(MailboxSessionMapperFactory factory, MailboxId.Factory mailboxIdFactory,
                                           LuceneIndexDirectory indexDirectory, MessageId.Factory messageIdFactory,
                                           SessionProvider sessionProvider) throws IOException {
        super(factory, mailboxIdFactory, indexDirectory.directory(), messageIdFactory, sessionProvider);
        this.indexDirectory = indexDirectory;
    }

    @Override
    public Mono<Void> add(MailboxSession session, Mailbox mailbox, MailboxMessage message) {
        // Everything below runs in the subscribing thread (James's add is a Mono.fromRunnable): the lock is
        // released by the thread that took it.
        return Mono.defer(() -> {
            Lock lock = messageLocks.get(documentId(message.getMailboxId(), message));
            lock.lock();
            return Mono.fromRunnable(() -> removeDocuments(message))
                .then(super.add(session, mailbox, message))
                .doFinally(signal -> lock.unlock());
        });
    }

    /**
     * Deletes the entries of a range of messages one UID at a time. James 3.8.1 builds the query of
     * a range of several UIDs as one on every UID of the mailbox ({@code createQuery(MessageRange)}
     * knows only single UIDs and open ranges): expunging two adjacent messages removed the whole
     * mailbox from the index, and SEARCH on subjects and text then found nothing.
     */
    @Override
    public void delete(MailboxId mailboxId, MessageRange range) throws IOException {
        if (range.getType() != MessageRange.Type.RANGE) {
            super.delete(mailboxId, range);
            return;
        }
        for (MessageUid uid : range) {
            super.delete(mailboxId, MessageRange.one(uid));
        }
    }

    private void removeDocuments(MailboxMessage message) {
        try {
            // Both documents of the message (content and flags) match its mailbox and UID.
            delete(message.getMailboxId(), MessageRange.one(message.getUid()));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot replace the index entry of a message", e);
        }
    }

    private static String documentId(MailboxId mailboxId, MailboxMessage message) {
        return mailboxId.serialize().toUpperCase(Locale.US) + "-" + message.getUid().asLong();
    }

    @Override
    @PreDestroy
    public void close() throws IOException {
        super.close();
        indexDirectory.markClosedCleanly();
    }
}
