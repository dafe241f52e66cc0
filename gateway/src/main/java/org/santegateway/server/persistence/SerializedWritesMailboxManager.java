package org.santegateway.server.persistence;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.events.EventBus;
import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.MailboxPathLocker.LockType;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAMailboxSessionMapperFactory;
import org.apache.james.mailbox.jpa.openjpa.OpenJPAMailboxManager;
import org.apache.james.mailbox.jpa.openjpa.OpenJPAMessageManager;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.quota.QuotaManager;
import org.apache.james.mailbox.quota.QuotaRootResolver;
import org.apache.james.mailbox.store.BatchSizes;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.StoreMailboxAnnotationManager;
import org.apache.james.mailbox.store.StoreMessageManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.model.impl.MessageParser;
import org.apache.james.mailbox.store.quota.QuotaComponents;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * James's OpenJPA mailbox manager whose writes on one mailbox run one at a time, each with its commit and its
 * event: append (James already locks it), flag updates, expunge, delete and the reset of \Recent when a mailbox is
 * selected all take the mailbox's write lock of James's {@link MailboxPathLocker}.
 *
 * <p>Why: in James 3.8.1 only appends take that lock. Two sessions expunging, or one expunging while another
 * stores flags, wrote the same rows in two transactions in different orders; Derby detected the deadlock only after
 * its 20 s timeout, every session of the mailbox waited for it and one command failed. Serialised, a write waits at
 * most for the writes queued before it on that mailbox, each a few milliseconds; reads are not locked (the database
 * makes them wait at most for the commit in progress). Events are dispatched under the lock, so every session sees
 * a mailbox's changes in the order they were committed.</p>
 *
 * <p>Copy and move lock their destination as in James; a move deletes from its source in ascending UID order, the
 * order every expunge uses, so it cannot deadlock with one. No operation holds two mailbox locks.</p>
 */
public class SerializedWritesMailboxManager extends OpenJPAMailboxManager {
    @Inject
    public SerializedWritesMailboxManager(JPAMailboxSessionMapperFactory mapperFactory, SessionProvider sessionProvider,
                                          MessageParser messageParser, MessageId.Factory messageIdFactory, EventBus eventBus,
                                          StoreMailboxAnnotationManager annotationManager, StoreRightManager storeRightManager,
                                          QuotaComponents quotaComponents, MessageSearchIndex index,
                                          ThreadIdGuessingAlgorithm threadIdGuessingAlgorithm, Clock clock) {
        super(mapperFactory, sessionProvider, messageParser, messageIdFactory, eventBus, annotationManager, storeRightManager,
            quotaComponents, index, threadIdGuessingAlgorithm, clock);
    }

    @Override
    protected StoreMessageManager createMessageManager(Mailbox mailboxRow, MailboxSession session) {
        return new SerializedWritesMessageManager(getMapperFactory(), getMessageSearchIndex(), getEventBus(), getLocker(),
            mailboxRow, getQuotaComponents().getQuotaManager(), getQuotaComponents().getQuotaRootResolver(),
            getMessageIdFactory(), configuration.getBatchSizes(), getStoreRightManager(), getThreadIdGuessingAlgorithm(),
            getClock());
    }

    /** One mailbox, opened by a session: the writes James leaves unlocked take the mailbox's write lock. */
    static final class SerializedWritesMessageManager extends OpenJPAMessageManager {
        private final MailboxPathLocker locker;

        SerializedWritesMessageManager(MailboxSessionMapperFactory mapperFactory, MessageSearchIndex index, EventBus eventBus,
                                       MailboxPathLocker locker, Mailbox mailbox, QuotaManager quotaManager,
                                       QuotaRootResolver quotaRootResolver, MessageId.Factory messageIdFactory,
                                       BatchSizes batchSizes, StoreRightManager storeRightManager,
                                       ThreadIdGuessingAlgorithm threadIdGuessingAlgorithm, Clock clock) {
            super(mapperFactory, index, eventBus, locker, mailbox, quotaManager, quotaRootResolver, messageIdFactory,
                batchSizes, storeRightManager, threadIdGuessingAlgorithm, clock);
            this.locker = locker;
        }

        @Override
        public Map<MessageUid, Flags> setFlags(Flags flags, FlagsUpdateMode mode, MessageRange set, MailboxSession session)
            throws MailboxException {
            return locker.executeWithLock(getMailboxPath(), () -> super.setFlags(flags, mode, set, session), LockType.Write);
        }

        @Override
        public Publisher<Map<MessageUid, Flags>> setFlagsReactive(Flags flags, FlagsUpdateMode mode, MessageRange set,
                                                                 MailboxSession session) {
            return locked(Mono.defer(() -> Mono.from(super.setFlagsReactive(flags, mode, set, session))));
        }

        @Override
        public Iterator<MessageUid> expunge(MessageRange set, MailboxSession session) throws MailboxException {
            return locker.executeWithLock(getMailboxPath(), () -> super.expunge(set, session), LockType.Write);
        }

        @Override
        public Flux<MessageUid> expungeReactive(MessageRange set, MailboxSession session) {
            return locked(Flux.defer(() -> super.expungeReactive(set, session)).collectList())
                .flatMapIterable(Function.identity());
        }

        @Override
        public void delete(List<MessageUid> uids, MailboxSession session) throws MailboxException {
            locker.executeWithLock(getMailboxPath(), () -> {
                super.delete(uids, session);
                return null;
            }, LockType.Write);
        }

        @Override
        public Mono<Void> deleteReactive(List<MessageUid> uids, MailboxSession session) {
            return locked(Mono.defer(() -> super.deleteReactive(uids, session)));
        }

        @Override
        public Mono<MailboxMetaData> getMetaDataReactive(MailboxMetaData.RecentMode recentMode, MailboxSession session,
                                                         EnumSet<MailboxMetaData.Item> items) throws MailboxException {
            if (recentMode != MailboxMetaData.RecentMode.RESET) {
                return super.getMetaDataReactive(recentMode, session, items);
            }
            // Resetting \Recent writes the messages' rows: a write like the others.
            return locked(Mono.defer(() -> {
                try {
                    return super.getMetaDataReactive(recentMode, session, items);
                } catch (MailboxException e) {
                    return Mono.error(e);
                }
            }));
        }

        private <T> Mono<T> locked(Mono<T> write) {
            return Mono.from(locker.executeReactiveWithLockReactive(getMailboxPath(), write, LockType.Write));
        }
    }
}
