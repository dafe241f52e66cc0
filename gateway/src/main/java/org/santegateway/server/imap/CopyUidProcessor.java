package org.santegateway.server.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.message.IdRange;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.AbstractMessageRangeRequest;
import org.apache.james.imap.message.request.CopyRequest;
import org.apache.james.imap.message.request.MoveRequest;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.UidValidity;

import reactor.core.publisher.Mono;

/**
 * COPYUID of COPY and MOVE as RFC 4315 §3 and RFC 6851 §4.3 describe it.
 *
 * <ul>
 *   <li>The source set is the UIDs of the messages copied. James put the command's own set there, so a
 *   {@code COPY 1 Sent} (a sequence number) answered {@code [COPYUID v 1 n]} whatever the message's UID.</li>
 *   <li>MOVE sends it in an untagged OK before its EXPUNGE responses: a client must be able to match the new UIDs
 *   with messages it still knows. James put it only in the tagged OK, after the messages were gone.</li>
 * </ul>
 * When the number of messages copied is not the number of UIDs seen before the command (another session expunged
 * some meanwhile), COPYUID is left out, which RFC 4315 allows.
 */
public class CopyUidProcessor extends DecoratingImapProcessor {
    private static final String COPYUID = "COPYUID";

    private final StatusResponseFactory responses;

    public CopyUidProcessor(ImapProcessor delegate, StatusResponseFactory responses) {
        super(delegate);
        this.responses = responses;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if ((message instanceof MoveRequest || message instanceof CopyRequest) && session.getSelected() != null) {
            AbstractMessageRangeRequest request = (AbstractMessageRangeRequest) message;
            List<MessageUid> source = sourceUids(request, session.getSelected());
            CopyUidResponder corrected = new CopyUidResponder(responder, source, message instanceof MoveRequest);
            return Mono.from(delegate.processReactive(message, corrected, session)).doFinally(any -> corrected.release());
        }
        return Mono.from(delegate.processReactive(message, responder, session));
    }

    /** The UIDs the request names, in ascending order, as the session sees the mailbox before the command. */
    static List<MessageUid> sourceUids(AbstractMessageRangeRequest request, SelectedMailbox selected) {
        long exists = selected.existsCount();
        long lastUid = selected.getLastUid().map(MessageUid::asLong).orElse(0L);
        List<MessageUid> uids = new ArrayList<>();
        for (int msn = 1; msn <= exists; msn++) {
            Optional<MessageUid> uid = selected.uid(msn);
            if (uid.isPresent() && named(request, request.isUseUids() ? uid.get().asLong() : msn, request.isUseUids() ? lastUid : exists)) {
                uids.add(uid.get());
            }
        }
        return uids;
    }

    private static boolean named(AbstractMessageRangeRequest request, long id, long last) {
        for (IdRange range : request.getIdSet()) {
            long high = range.getHighVal() == Long.MAX_VALUE ? last : range.getHighVal();
            long low = range.getLowVal() == Long.MAX_VALUE ? last : range.getLowVal();
            if (id >= Math.min(low, high) && id <= Math.max(low, high)) {
                return true;
            }
        }
        return false;
    }

    static IdRange[] ranges(List<MessageUid> uids) {
        List<IdRange> ranges = new ArrayList<>();
        long low = -1;
        long high = -1;
        for (MessageUid uid : uids) {
            long value = uid.asLong();
            if (low >= 0 && value == high + 1) {
                high = value;
            } else {
                if (low >= 0) {
                    ranges.add(new IdRange(low, high));
                }
                low = value;
                high = value;
            }
        }
        if (low >= 0) {
            ranges.add(new IdRange(low, high));
        }
        return ranges.toArray(IdRange[]::new);
    }

    /** How many UIDs a set such as {@code 4:6,9} holds. */
    static long count(String set) {
        long count = 0;
        for (String range : set.split(",")) {
            String[] bounds = range.split(":");
            long low = Long.parseLong(bounds[0].trim());
            long high = bounds.length > 1 ? Long.parseLong(bounds[1].trim()) : low;
            count += Math.abs(high - low) + 1;
        }
        return count;
    }

    static IdRange[] parse(String set) {
        List<IdRange> ranges = new ArrayList<>();
        for (String range : set.split(",")) {
            String[] bounds = range.split(":");
            long low = Long.parseLong(bounds[0].trim());
            long high = bounds.length > 1 ? Long.parseLong(bounds[1].trim()) : low;
            ranges.add(new IdRange(Math.min(low, high), Math.max(low, high)));
        }
        return ranges.toArray(IdRange[]::new);
    }

    private final class CopyUidResponder implements Responder {
        private final Responder delegate;
        private final List<MessageUid> source;
        private final boolean move;
        private final List<ImapResponseMessage> held = new ArrayList<>();

        CopyUidResponder(Responder delegate, List<MessageUid> source, boolean move) {
            this.delegate = delegate;
            this.source = source;
            this.move = move;
        }

        @Override
        public synchronized void respond(ImapResponseMessage message) {
            if (!(message instanceof StatusResponse status) || status.getTag() == null) {
                if (move) {
                    held.add(message);
                } else {
                    delegate.respond(message);
                }
                return;
            }
            StatusResponse.ResponseCode code = status.getResponseCode();
            if (status.getServerResponseType() != StatusResponse.Type.OK || code == null || !COPYUID.equals(code.getCode())) {
                release();
                delegate.respond(status);
                return;
            }
            Optional<StatusResponse.ResponseCode> copyUid = corrected(code);
            if (move) {
                copyUid.ifPresent(value -> delegate.respond(responses.untaggedOk(status.getTextKey(), value)));
                release();
                delegate.respond(responses.taggedOk(status.getTag(), status.getCommand(), status.getTextKey()));
            } else {
                delegate.respond(copyUid.map(value -> responses.taggedOk(status.getTag(), status.getCommand(), status.getTextKey(), value))
                    .orElseGet(() -> responses.taggedOk(status.getTag(), status.getCommand(), status.getTextKey())));
            }
        }

        private Optional<StatusResponse.ResponseCode> corrected(StatusResponse.ResponseCode code) {
            List<String> parameters = List.copyOf(code.getParameters());
            if (parameters.size() != 2 || parameters.get(1).equals("*")) {
                return Optional.empty();
            }
            String target = parameters.get(1);
            try {
                if (count(target) != source.size()) {
                    return Optional.empty();
                }
                return Optional.of(StatusResponse.ResponseCode.copyUid(UidValidity.of(code.getNumber()), ranges(source), parse(target)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        synchronized void release() {
            held.forEach(delegate::respond);
            held.clear();
        }

        @Override
        public void flush() {
            delegate.flush();
        }
    }
}
