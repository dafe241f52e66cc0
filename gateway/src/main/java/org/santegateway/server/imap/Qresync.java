package org.santegateway.server.imap;

import static org.apache.james.mailbox.MessageManager.MailboxMetaData.RecentMode.IGNORE;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.events.EventBus;
import org.apache.james.imap.api.message.IdRange;
import org.apache.james.imap.api.message.UidRange;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.main.PathConverter;
import org.apache.james.imap.message.request.AbstractMailboxSelectionRequest;
import org.apache.james.imap.message.request.ExamineRequest;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.message.request.SelectRequest;
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.imap.message.response.VanishedResponse;
import org.apache.james.imap.processor.ExamineProcessor;
import org.apache.james.imap.processor.SelectProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageManager.MailboxMetaData;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.metrics.api.MetricFactory;
import org.santegateway.server.persistence.MailboxChanges;

import reactor.core.publisher.Mono;

/**
 * Quick resynchronisation (QRESYNC, RFC 7162) as the RFC asks it of the server, where James 3.8.1 fell short:
 *
 * <ul>
 *     <li>{@code SELECT/EXAMINE mailbox (QRESYNC (uidvalidity modseq))} reports in {@code VANISHED (EARLIER)} the
 *     messages expunged since {@code modseq} ({@link MailboxChanges}), where James listed every UID missing from the
 *     mailbox, expunged long before or never known to the client (RFC 7162 §3.2.5.1 asks for the expunges since the
 *     mod-sequence; §4.1 discourages the rest); and it sends the flag changes since {@code modseq}
 *     ({@code * n FETCH (UID u FLAGS (...) MODSEQ (m))}), which James did not send at all: a client resyncing
 *     through SELECT kept the flags it had.</li>
 *     <li>{@code UID FETCH set (...) (CHANGEDSINCE m VANISHED)} (§3.2.6) reports the expunges since {@code m} the same
 *     way.</li>
 * </ul>
 *
 * When the record of expunges does not reach back to the client's mod-sequence (expunges made before this version)
 * James's answer is kept: every missing UID, more than needed, never less.
 */
public final class Qresync {
    private Qresync() {
    }

    /**
     * The responder of one resynchronising command, with the mod-sequence the client resyncs from and the UIDs it
     * asks about as it wrote them (James narrows them to the UIDs the mailbox still holds, which leaves out the
     * expunges below its first message).
     */
    private record Since(Responder delegate, ModSeq modSeq, List<MessageRange> asked, ImapSession session, boolean flagChanges)
        implements Responder {
        @Override
        public void respond(ImapResponseMessage message) {
            delegate.respond(message);
        }

        @Override
        public void flush() {
            delegate.flush();
        }
    }

    private static final String HIGHEST_MOD_SEQ = StatusResponse.ResponseCode.highestModSeq(ModSeq.first()).getCode();

    private static Responder since(AbstractMailboxSelectionRequest request, ImapSession session, Responder responder) {
        if (request.getLastKnownUidValidity().isUnknown() || request.getKnownModSeq() == null) {
            return responder;
        }
        List<MessageRange> asked = request.getUidSet() == null
            ? List.of(MessageRange.all())
            : Arrays.stream(request.getUidSet()).map(UidRange::toMessageRange).filter(Objects::nonNull).toList();
        return new Since(responder, ModSeq.of(request.getKnownModSeq()), asked, session, true);
    }

    /**
     * The mailbox's highest mod-sequence read before James selects it, or empty when it cannot be read (no such
     * mailbox: James answers).
     */
    private static Mono<Optional<ModSeq>> highestModSeqBefore(MailboxManager mailboxManager, AbstractMailboxSelectionRequest request,
                                                              ImapSession session) {
        MailboxSession mailboxSession = session.getMailboxSession();
        return Mono.fromCallable(() -> PathConverter.forSession(session).buildFullPath(request.getMailboxName()))
            .flatMap(path -> Mono.from(mailboxManager.getMailboxReactive(path, mailboxSession)))
            .flatMap(mailbox -> {
                try {
                    return mailbox.getMetaDataReactive(IGNORE, mailboxSession, EnumSet.of(MailboxMetaData.Item.HighestModSeq));
                } catch (MailboxException e) {
                    return Mono.error(e);
                }
            })
            .map(metaData -> Optional.of(metaData.getHighestModSeq()))
            .onErrorResume(MailboxException.class, e -> Mono.just(Optional.empty()))
            .defaultIfEmpty(Optional.empty());
    }

    /**
     * SELECT's {@code HIGHESTMODSEQ} as it was before the session's list of messages was taken (RFC 7162 errata 1810:
     * never a mod-sequence above that of a change the session has not been told of). James reads it after the list, so
     * a message delivered in between was covered by the HIGHESTMODSEQ the client keeps, but announced only with the
     * session's next command: a client leaving before that, and resyncing later from that mod-sequence, was never told
     * of it (imaptest's QRESYNC mode: {@code VANISHED UID=n not found} when it was expunged later).
     */
    private record HighestModSeqBefore(Responder delegate, ModSeq before, StatusResponseFactory factory) implements Responder {
        @Override
        public void respond(ImapResponseMessage message) {
            if (message instanceof StatusResponse status && status.getResponseCode() != null
                && HIGHEST_MOD_SEQ.equals(status.getResponseCode().getCode()) && status.getResponseCode().getNumber() > before.asLong()) {
                delegate.respond(factory.untaggedOk(HumanReadableText.HIGHEST_MOD_SEQ, StatusResponse.ResponseCode.highestModSeq(before)));
                return;
            }
            delegate.respond(message);
        }

        @Override
        public void flush() {
            delegate.flush();
        }
    }

    private static Responder selecting(AbstractMailboxSelectionRequest request, ImapSession session, Responder responder,
                                       Optional<ModSeq> before, StatusResponseFactory factory) {
        Responder highest = before.<Responder>map(modSeq -> new HighestModSeqBefore(responder, modSeq, factory)).orElse(responder);
        return since(request, session, highest);
    }

    private static List<MessageRange> asked(IdRange[] ranges) {
        return Arrays.stream(ranges)
            .map(range -> MessageRange.range(MessageUid.of(Math.max(1, range.getLowVal())), MessageUid.of(Math.max(1, range.getHighVal()))))
            .toList();
    }

    /** James's answer of the vanished UIDs, for a mod-sequence the record of expunges does not reach back to. */
    private interface JamesVanished {
        void respond(Responder responder) throws MailboxException;
    }

    /**
     * Answers the vanished UIDs of {@code ranges} from the record of expunges (James's answer when it does not reach
     * back to the client's mod-sequence) and, for a SELECT, the flag changes.
     */
    private static void respond(MailboxChanges changes, MailboxManager mailboxManager, SelectedMailbox selected,
                                List<MessageRange> ranges, Since since, JamesVanished jamesVanished) throws MailboxException {
        Optional<TreeSet<MessageUid>> recorded = changes.expungedSince(selected.getMailboxId(), since.modSeq(), since.asked());
        if (recorded.isPresent()) {
            // A UID the session still holds is one whose expunge it has not been told of yet: its own response comes.
            List<MessageUid> vanished = recorded.get().stream().filter(uid -> selected.msn(uid).asInt().isEmpty()).toList();
            if (!vanished.isEmpty()) {
                since.delegate().respond(new VanishedResponse(MessageRange.toRanges(vanished).stream()
                    .map(range -> new UidRange(range.getUidFrom(), range.getUidTo()))
                    .toArray(UidRange[]::new), true));
            }
        } else {
            jamesVanished.respond(since.delegate());
        }
        if (since.flagChanges()) {
            flagChanges(mailboxManager, selected, changes.changedSince(selected.getMailboxId(), since.modSeq()), ranges, since);
        }
    }

    /** A SELECT or EXAMINE, given to James with the responder of the resynchronisation. */
    private static Mono<Void> select(MailboxManager mailboxManager, StatusResponseFactory factory, AbstractMailboxSelectionRequest request,
                                     ImapSession session, Responder responder, Function<Responder, Mono<Void>> james) {
        return highestModSeqBefore(mailboxManager, request, session)
            .flatMap(before -> james.apply(selecting(request, session, responder, before, factory)));
    }

    /** The vanished UIDs of {@code ranges} for a resynchronising command (see {@link #respond}), James's otherwise. */
    private static void vanished(MailboxChanges changes, MailboxManager mailboxManager, SelectedMailbox selected,
                                 List<MessageRange> ranges, Responder responder, JamesVanished james) {
        try {
            if (responder instanceof Since since) {
                respond(changes, mailboxManager, selected, ranges, since, james);
            } else {
                james.respond(responder);
            }
        } catch (MailboxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The flags of the messages of {@code ranges} changed since the client's mod-sequence, as FETCH responses. */
    private static void flagChanges(MailboxManager mailboxManager, SelectedMailbox selected, List<MessageUid> changed,
                                    List<MessageRange> ranges, Since since) throws MailboxException {
        List<MessageUid> asked = changed.stream().filter(uid -> ranges.stream().anyMatch(range -> range.includes(uid))).toList();
        if (asked.isEmpty()) {
            return;
        }
        MailboxSession mailboxSession = since.session().getMailboxSession();
        MessageManager mailbox = mailboxManager.getMailbox(selected.getMailboxId(), mailboxSession);
        for (MessageRange range : MessageRange.toRanges(asked)) {
            Iterator<MessageResult> results = mailbox.getMessages(range, FetchGroup.MINIMAL, mailboxSession);
            while (results.hasNext()) {
                MessageResult result = results.next();
                if (result.getModSeq().asLong() <= since.modSeq().asLong()) {
                    continue;
                }
                MessageUid uid = result.getUid();
                selected.msn(uid).foldSilent(() -> null, msn -> {
                    Flags flags = result.getFlags();
                    if (selected.isRecent(uid)) {
                        flags.add(Flags.Flag.RECENT);
                    } else {
                        flags.remove(Flags.Flag.RECENT);
                    }
                    since.delegate().respond(new FetchResponse(msn, flags, uid, null, result.getModSeq(),
                        null, null, null, null, null, null, null, null));
                    return null;
                });
            }
        }
    }

    /** James's SELECT, with the resynchronisation above. */
    public static class Select extends SelectProcessor {
        private final MailboxChanges changes;

        @Inject
        public Select(MailboxManager mailboxManager, EventBus eventBus, StatusResponseFactory statusResponseFactory,
                      MetricFactory metricFactory, MailboxChanges changes) {
            super(mailboxManager, eventBus, statusResponseFactory, metricFactory);
            this.changes = changes;
        }

        @Override
        protected Mono<Void> processRequestReactive(SelectRequest request, ImapSession session, Responder responder) {
            return select(getMailboxManager(), getStatusResponseFactory(), request, session, responder,
                selecting -> super.processRequestReactive(request, session, selecting));
        }

        @Override
        protected void respondVanished(SelectedMailbox selected, List<MessageRange> ranges, Responder responder) {
            vanished(changes, getMailboxManager(), selected, ranges, responder, james -> super.respondVanished(selected, ranges, james));
        }
    }

    /** James's EXAMINE, with the resynchronisation above. */
    public static class Examine extends ExamineProcessor {
        private final MailboxChanges changes;

        @Inject
        public Examine(MailboxManager mailboxManager, EventBus eventBus, StatusResponseFactory statusResponseFactory,
                       MetricFactory metricFactory, MailboxChanges changes) {
            super(mailboxManager, eventBus, statusResponseFactory, metricFactory);
            this.changes = changes;
        }

        @Override
        protected Mono<Void> processRequestReactive(ExamineRequest request, ImapSession session, Responder responder) {
            return select(getMailboxManager(), getStatusResponseFactory(), request, session, responder,
                selecting -> super.processRequestReactive(request, session, selecting));
        }

        @Override
        protected void respondVanished(SelectedMailbox selected, List<MessageRange> ranges, Responder responder) {
            vanished(changes, getMailboxManager(), selected, ranges, responder, james -> super.respondVanished(selected, ranges, james));
        }
    }

    /** FETCH ({@link WholeSetFetch}), with {@code (CHANGEDSINCE m VANISHED)} answered as above. */
    public static class Fetch extends WholeSetFetch {
        private final MailboxChanges changes;

        @Inject
        public Fetch(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metricFactory, MailboxChanges changes) {
            super(mailboxManager, factory, metricFactory);
            this.changes = changes;
        }

        @Override
        protected Mono<Void> processRequestReactive(FetchRequest request, ImapSession session, Responder responder) {
            long changedSince = request.getFetch().getChangedSince();
            Responder since = request.getFetch().getVanished() && changedSince != -1 && request.isUseUids()
                ? new Since(responder, ModSeq.of(changedSince), asked(request.getIdSet()), session, false)
                : responder;
            return super.processRequestReactive(request, session, since);
        }

        @Override
        protected void respondVanished(SelectedMailbox selected, List<MessageRange> ranges, Responder responder) {
            vanished(changes, getMailboxManager(), selected, ranges, responder, james -> super.respondVanished(selected, ranges, james));
        }
    }
}
