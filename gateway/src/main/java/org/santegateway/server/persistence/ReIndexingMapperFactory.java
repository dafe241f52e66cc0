package org.santegateway.server.persistence;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.jpa.JPAMailboxSessionMapperFactory;
import org.apache.james.mailbox.jpa.mail.JPAMessageMapper;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The mapper factory James's re-indexing tasks ({@code ReIndexerPerformer}) read mailboxes through: listings and
 * full reads go through {@link DetachedMessageReader}, so that re-indexing works on mailboxes with large messages.
 * Used by re-indexing only; the mailbox manager keeps James's mappers.
 */
public class ReIndexingMapperFactory extends JPAMailboxSessionMapperFactory {
    private final EntityManagerFactory entityManagerFactory;
    private final JPAUidProvider uidProvider;
    private final JPAModSeqProvider modSeqProvider;
    private final DetachedMessageReader reader;

    @Inject
    public ReIndexingMapperFactory(EntityManagerFactory entityManagerFactory, JPAUidProvider uidProvider,
                                   JPAModSeqProvider modSeqProvider, DetachedMessageReader reader) {
        super(entityManagerFactory, uidProvider, modSeqProvider);
        this.entityManagerFactory = entityManagerFactory;
        this.uidProvider = uidProvider;
        this.modSeqProvider = modSeqProvider;
        this.reader = reader;
    }

    @Override
    public MessageMapper createMessageMapper(MailboxSession session) {
        return new DetachedReadsMessageMapper(uidProvider, modSeqProvider, entityManagerFactory, reader);
    }

    private static final class DetachedReadsMessageMapper extends JPAMessageMapper {
        private final DetachedMessageReader reader;

        private DetachedReadsMessageMapper(JPAUidProvider uidProvider, JPAModSeqProvider modSeqProvider,
                                           EntityManagerFactory entityManagerFactory, DetachedMessageReader reader) {
            super(uidProvider, modSeqProvider, entityManagerFactory);
            this.reader = reader;
        }

        @Override
        public Flux<MessageUid> listAllMessageUids(Mailbox mailbox) {
            return Mono.fromCallable(() -> reader.uids(mailbox))
                .flatMapMany(Flux::fromIterable)
                .subscribeOn(Schedulers.boundedElastic());
        }

        @Override
        public Flux<MailboxMessage> findInMailboxReactive(Mailbox mailbox, MessageRange range, FetchType type, int limit) {
            if (type != FetchType.FULL) {
                return super.findInMailboxReactive(mailbox, range, type, limit);
            }
            return Mono.fromCallable(() -> reader.full(mailbox, range, limit))
                .flatMapMany(Flux::fromIterable)
                .subscribeOn(Schedulers.boundedElastic());
        }
    }
}
