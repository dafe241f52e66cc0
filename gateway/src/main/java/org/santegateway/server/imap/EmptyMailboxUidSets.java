package org.santegateway.server.imap;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.imap.api.message.IdRange;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.processor.CopyProcessor;
import org.apache.james.imap.processor.ExpungeProcessor;
import org.apache.james.imap.processor.MoveProcessor;
import org.apache.james.imap.processor.StoreProcessor;
import org.apache.james.imap.processor.fetch.FetchProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MessageRangeException;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.metrics.api.MetricFactory;

/**
 * UID sets in an empty mailbox, as RFC 3501 §6.4.8 (RFC 9051 §6.4.9) says: a UID that names no message is ignored
 * without error, so {@code UID FETCH 1:* (FLAGS)} in an empty mailbox answers OK with no data. James 3.8.1 answered
 * {@code BAD ... Invalid messageset} to every UID FETCH, STORE, COPY, MOVE and EXPUNGE there, which is what a client
 * syncing a folder that was emptied (a Trash emptied on the phone, a new Sent) sends first; Dovecot answers OK.
 *
 * <p>James's processors of these commands, with only the translation of a UID set into a range changed: in an empty
 * mailbox the set is taken as it is written, and the command goes on as in a mailbox where it names no message
 * (nothing fetched, stored, copied or expunged; the unsolicited responses and the tagged OK as usual). A sequence set
 * in an empty mailbox stays an error ({@code FETCH 1:*}: BAD, as Dovecot answers too).</p>
 */
public final class EmptyMailboxUidSets {
    private EmptyMailboxUidSets() {
    }

    static Optional<MessageRange> noMessage(IdRange range) {
        return Optional.of(MessageRange.range(MessageUid.of(Math.max(1, range.getLowVal())), MessageUid.of(Math.max(1, range.getHighVal()))));
    }

    static boolean applies(SelectedMailbox selected, boolean useUids) {
        return useUids && selected.existsCount() <= 0;
    }

    /** James's FETCH. */
    public static class Fetch extends FetchProcessor {
        @Inject
        public Fetch(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metricFactory) {
            super(mailboxManager, factory, metricFactory);
        }

        @Override
        protected Optional<MessageRange> messageRange(SelectedMailbox selected, IdRange range, boolean useUids) throws MessageRangeException {
            return applies(selected, useUids) ? noMessage(range) : super.messageRange(selected, range, useUids);
        }
    }

    /** James's STORE. */
    public static class Store extends StoreProcessor {
        @Inject
        public Store(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metricFactory) {
            super(mailboxManager, factory, metricFactory);
        }

        @Override
        protected Optional<MessageRange> messageRange(SelectedMailbox selected, IdRange range, boolean useUids) throws MessageRangeException {
            return applies(selected, useUids) ? noMessage(range) : super.messageRange(selected, range, useUids);
        }
    }

    /** James's COPY. */
    public static class Copy extends CopyProcessor {
        @Inject
        public Copy(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metricFactory) {
            super(mailboxManager, factory, metricFactory);
        }

        @Override
        protected Optional<MessageRange> messageRange(SelectedMailbox selected, IdRange range, boolean useUids) throws MessageRangeException {
            return applies(selected, useUids) ? noMessage(range) : super.messageRange(selected, range, useUids);
        }
    }

    /** James's MOVE. */
    public static class Move extends MoveProcessor {
        @Inject
        public Move(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metricFactory) {
            super(mailboxManager, factory, metricFactory);
        }

        @Override
        protected Optional<MessageRange> messageRange(SelectedMailbox selected, IdRange range, boolean useUids) throws MessageRangeException {
            return applies(selected, useUids) ? noMessage(range) : super.messageRange(selected, range, useUids);
        }
    }

    /** James's EXPUNGE ({@code UID EXPUNGE}, RFC 4315 §2.1). */
    public static class Expunge extends ExpungeProcessor {
        @Inject
        public Expunge(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metricFactory) {
            super(mailboxManager, factory, metricFactory);
        }

        @Override
        protected Optional<MessageRange> messageRange(SelectedMailbox selected, IdRange range, boolean useUids) throws MessageRangeException {
            return applies(selected, useUids) ? noMessage(range) : super.messageRange(selected, range, useUids);
        }
    }
}
