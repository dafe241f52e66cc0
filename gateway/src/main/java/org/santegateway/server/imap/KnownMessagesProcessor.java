package org.santegateway.server.imap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.mail.Flags;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.message.UidRange;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.AbstractMailboxSelectionRequest;
import org.apache.james.imap.message.response.ExistsResponse;
import org.apache.james.imap.message.response.ExpungeResponse;
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.imap.message.response.RecentResponse;
import org.apache.james.imap.message.response.VanishedResponse;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MessageRange;

import reactor.core.publisher.Mono;

/**
 * Keeps a session's untagged responses to the messages it was told about (RFC 3501 §2.3.1.2 and §7.4.1: a client
 * never sees a sequence number above the last EXISTS, minus the EXPUNGEs since).
 *
 * <p>James's selected mailbox numbers a message another session appended as soon as the event arrives, but
 * announces it with EXISTS only at the end of the command: a FETCH (the client's own {@code UID FETCH 1:*}, or a
 * flag change) or an EXPUNGE could name it before. Here an EXISTS with the current count goes out first. And
 * James's \Recent set keeps messages another session expunged (it checks them against the expunged set after
 * clearing it), so {@code * n RECENT} grew past EXISTS: a message without a sequence number leaves the set before
 * the count is sent; SELECT's EXISTS is the number of messages the session has numbered, not a count of the
 * mailbox taken a moment apart (a message delivered in between was announced before FETCH could name it); and it had {@code \Recent} in every session that had the mailbox selected: only the first
 * session to show it keeps it ({@link RecentClaims}). An EXPUNGE of a message the session never numbered (another session added and expunged it
 * between two of its commands) is not sent at all, where James wrote {@code * -1 EXPUNGE}.</p>
 */
public class KnownMessagesProcessor extends DecoratingImapProcessor {
    /** Session attribute: the number of messages the client was last told exist. */
    static final String ANNOUNCED = KnownMessagesProcessor.class.getName() + ".announced";

    /** Session attribute: what stands for the session in {@link RecentClaims}. */
    static final String CLAIMANT = KnownMessagesProcessor.class.getName() + ".claimant";

    private final RecentClaims recentClaims;

    public KnownMessagesProcessor(ImapProcessor delegate, RecentClaims recentClaims) {
        super(delegate);
        this.recentClaims = recentClaims;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        KnownMessagesResponder known = new KnownMessagesResponder(responder, session, recentClaims,
            message instanceof AbstractMailboxSelectionRequest, neverNumbered(session.getSelected()));
        // James flushes the connection, not this responder, at the end of a command (IDLE's start ends that way).
        return Mono.from(delegate.processReactive(message, known, session)).then(Mono.fromRunnable(known::sendHeldExists));
    }

    /**
     * The messages reported expunged to the selected mailbox that it never numbered: expunged by another session
     * while this one was selecting the mailbox (gone from its list, the event arriving after). James reported them
     * in an unsolicited VANISHED all the same, a UID the client could not place (imaptest's QRESYNC mode:
     * {@code VANISHED UID=n not found}). James takes the expunged messages out of its numbering only when it reports
     * them, so those still numbered at the start of a command are the ones the session knew.
     */
    private static Set<MessageUid> neverNumbered(SelectedMailbox selected) {
        if (selected == null) {
            return Set.of();
        }
        return selected.expungedUids().stream()
            .filter(uid -> selected.msn(uid).asInt().isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Also holds an EXISTS back until the EXPUNGEs that follow it have gone: James counts the messages before it
     * numbers out the expunged ones, so a MOVE within one mailbox said {@code * 2 EXISTS}, {@code * 1 EXPUNGE} where
     * clients (and Dovecot) expect {@code * 1 EXPUNGE}, {@code * 1 EXISTS}. Both are valid (RFC 3501 §7.4.1); the count
     * a client reads last is then the count of the mailbox. The held EXISTS goes out, its count less the EXPUNGEs sent
     * since, before any other response, at a flush, or at the end of the command.
     */
    private static final class KnownMessagesResponder implements Responder {
        private final Responder delegate;
        private final ImapSession session;
        private final RecentClaims recentClaims;
        private final boolean selecting;
        private final Set<MessageUid> neverNumbered;
        private long heldExists = -1;
        private int expungedSinceHeld;

        KnownMessagesResponder(Responder delegate, ImapSession session, RecentClaims recentClaims, boolean selecting,
                               Set<MessageUid> neverNumbered) {
            this.delegate = delegate;
            this.session = session;
            this.recentClaims = recentClaims;
            this.selecting = selecting;
            this.neverNumbered = neverNumbered;
        }

        @Override
        public synchronized void respond(ImapResponseMessage message) {
            SelectedMailbox selected = session.getSelected();
            if (message instanceof ExistsResponse exists) {
                sendHeldExists();
                // SELECT counts the mailbox in a query of its own: a message delivered meanwhile could be counted
                // before the session numbered it, and the client's FETCH of it answered BAD "Invalid messageset".
                heldExists = selecting && selected != null ? selected.existsCount() : exists.getNumberOfMessages();
                expungedSinceHeld = 0;
                return;
            }
            if (message instanceof VanishedResponse vanished && !vanished.isEarlier() && selected != null) {
                // QRESYNC's EXPUNGE (RFC 7162 §3.2.10): only the UIDs the client knows, the count lowered by as many.
                List<MessageUid> known = knownVanished(vanished, selected);
                if (!known.isEmpty()) {
                    delegate.respond(new VanishedResponse(ranges(known), false));
                    announce(announced() - known.size());
                    if (heldExists >= 0) {
                        expungedSinceHeld += known.size();
                    }
                }
                return;
            }
            if (message instanceof ExpungeResponse expunge && expunge.getMessageSequenceNumber().asInt().isEmpty()) {
                // A message this session never numbered (added and expunged by others in between): James would
                // write "* -1 EXPUNGE".
                return;
            }
            if (message instanceof ExpungeResponse expunge && heldExists >= 0 && selected != null
                && expunge.getMessageSequenceNumber().asInt().get() <= announced()) {
                delegate.respond(message);
                announce(announced() - 1);
                expungedSinceHeld++;
                return;
            }
            sendHeldExists();
            if (selected == null) {
                delegate.respond(message);
                return;
            }
            if (message instanceof FetchResponse fetch) {
                announceUpTo(fetch.getMessageNumber().asInt(), selected);
                keepRecentIfClaimed(fetch, selected);
            } else if (message instanceof ExpungeResponse expunge) {
                announceUpTo(expunge.getMessageSequenceNumber().asInt().get(), selected);
                announce(announced() - 1);
            } else if (message instanceof RecentResponse) {
                int highest = 0;
                int recent = 0;
                for (MessageUid uid : List.copyOf(selected.getRecent())) {
                    Optional<Integer> msn = selected.msn(uid).asInt();
                    if (msn.isEmpty() || !claim(selected, uid)) {
                        selected.removeRecent(uid);
                    } else {
                        highest = Math.max(highest, msn.get());
                        recent++;
                    }
                }
                // Counted on one copy of the set (another node's append joins it at any moment, from the event bus's
                // thread), and what is counted is announced first: RECENT never counts more than the client was
                // told exist.
                announceUpTo(highest, selected);
                delegate.respond(new RecentResponse(recent));
                return;
            }
            delegate.respond(message);
        }

        /** A FETCH shows {@code \Recent} only for a message this session was the first to show as recent. */
        private void keepRecentIfClaimed(FetchResponse fetch, SelectedMailbox selected) {
            Flags flags = fetch.getFlags();
            if (flags == null || !flags.contains(Flags.Flag.RECENT)) {
                return;
            }
            Optional<MessageUid> uid = Optional.ofNullable(fetch.getUid()).or(() -> selected.uid(fetch.getMessageNumber().asInt()));
            if (uid.isPresent() && !claim(selected, uid.get())) {
                flags.remove(Flags.Flag.RECENT);
                selected.removeRecent(uid.get());
            }
        }

        private boolean claim(SelectedMailbox selected, MessageUid uid) {
            Object claimant = session.getAttribute(CLAIMANT);
            if (claimant == null) {
                claimant = new Object();
                session.setAttribute(CLAIMANT, claimant);
            }
            return recentClaims.claim(selected.getMailboxId(), uid, claimant);
        }

        synchronized void sendHeldExists() {
            if (heldExists < 0) {
                return;
            }
            long count = Math.max(0, heldExists - expungedSinceHeld);
            heldExists = -1;
            expungedSinceHeld = 0;
            delegate.respond(new ExistsResponse(count));
            announce(count);
        }

        /**
         * The vanished UIDs the client knows: James has already taken them out of the selected mailbox, so a UID's
         * sequence number before it left is its rank among the UIDs still there and the vanished ones; the client
         * knows the first {@link #announced()} of them (a message it was not told of is newer than every one it was).
         */
        private List<MessageUid> knownVanished(VanishedResponse vanished, SelectedMailbox selected) {
            List<MessageUid> uids = new ArrayList<>();
            for (UidRange range : vanished.getUids()) {
                range.forEach(uid -> {
                    if (!neverNumbered.contains(uid)) {
                        uids.add(uid);
                    }
                });
            }
            Collections.sort(uids);
            long announced = announced();
            List<MessageUid> known = new ArrayList<>();
            for (int i = 0; i < uids.size(); i++) {
                long rank = i + remainingBelow(uids.get(i), selected);
                if (rank < announced) {
                    known.add(uids.get(i));
                }
            }
            return known;
        }

        /** How many UIDs still in the selected mailbox are below {@code uid} (a binary search on sequence numbers). */
        private static long remainingBelow(MessageUid uid, SelectedMailbox selected) {
            int low = 0;
            int high = (int) selected.existsCount();
            while (low < high) {
                int middle = (low + high + 1) >>> 1;
                Optional<MessageUid> atMiddle = selected.uid(middle);
                if (atMiddle.isPresent() && atMiddle.get().compareTo(uid) < 0) {
                    low = middle;
                } else {
                    high = middle - 1;
                }
            }
            return low;
        }

        private static UidRange[] ranges(List<MessageUid> uids) {
            return MessageRange.toRanges(uids).stream()
                .map(range -> new UidRange(range.getUidFrom(), range.getUidTo()))
                .toArray(UidRange[]::new);
        }

        private void announceUpTo(int msn, SelectedMailbox selected) {
            if (msn > announced()) {
                long count = Math.max(msn, selected.existsCount());
                delegate.respond(new ExistsResponse(count));
                announce(count);
            }
        }

        private long announced() {
            Object announced = session.getAttribute(ANNOUNCED);
            return announced instanceof Long count ? count : Long.MAX_VALUE;
        }

        private void announce(long count) {
            session.setAttribute(ANNOUNCED, count);
        }

        @Override
        public synchronized void flush() {
            sendHeldExists();
            delegate.flush();
        }
    }
}
