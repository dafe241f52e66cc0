package org.santegateway.server.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.message.request.SearchResultOption;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.SearchRequest;
import org.apache.james.imap.message.request.StoreRequest;
import org.apache.james.imap.message.response.ESearchResponse;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResultIterator;

import reactor.core.publisher.Mono;

/**
 * Two CONDSTORE answers (RFC 7162) that James 3.8.1 writes wrong.
 *
 * <ul>
 *   <li>The MODSEQ of an ESEARCH that returns only MIN and/or MAX is the highest mod-sequence of the messages it
 *   returns (§3.1.5 with RFC 4731): a client that asked for the newest message learns that message's mod-sequence.
 *   James gave the highest of every message matched. Any other ESEARCH or SEARCH is left as James answers it.</li>
 *   <li>A conditional STORE that failed for some messages answers {@code OK [MODIFIED 1:3] ...} (§3.1.3); James wrote
 *   {@code OK [MODIFIED 0 1:3]}, a response code no client can read (the set is not a number).</li>
 * </ul>
 */
public class CondstoreResponsesProcessor extends DecoratingImapProcessor {
    private static final String MODIFIED = "MODIFIED";

    public CondstoreResponsesProcessor(ImapProcessor delegate) {
        super(delegate);
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (message instanceof SearchRequest && session.getSelected() != null) {
            return Mono.from(delegate.processReactive(message, new MinMaxResponder(responder, session), session));
        }
        if (message instanceof StoreRequest) {
            return Mono.from(delegate.processReactive(message, new ModifiedResponder(responder), session));
        }
        return Mono.from(delegate.processReactive(message, responder, session));
    }

    /** Writes James's {@code MODIFIED} code without the number James puts before the set. */
    private static final class ModifiedResponder implements Responder {
        private final Responder delegate;

        ModifiedResponder(Responder delegate) {
            this.delegate = delegate;
        }

        @Override
        public void respond(ImapResponseMessage message) {
            if (message instanceof StatusResponse status && status.getResponseCode() != null
                    && MODIFIED.equals(status.getResponseCode().getCode()) && status.getResponseCode().getParameters().size() == 1) {
                delegate.respond(new ModifiedResponse(status.getTag(), status.getCommand(),
                    status.getResponseCode().getParameters().iterator().next()));
            } else {
                delegate.respond(message);
            }
        }

        @Override
        public void flush() {
            delegate.flush();
        }
    }

    static boolean onlyMinOrMax(List<SearchResultOption> options) {
        boolean minOrMax = options.contains(SearchResultOption.MIN) || options.contains(SearchResultOption.MAX);
        return minOrMax && !options.contains(SearchResultOption.ALL) && !options.contains(SearchResultOption.COUNT);
    }

    private static final class MinMaxResponder implements Responder {
        private final Responder delegate;
        private final ImapSession session;

        MinMaxResponder(Responder delegate, ImapSession session) {
            this.delegate = delegate;
            this.session = session;
        }

        @Override
        public void respond(ImapResponseMessage message) {
            if (message instanceof ESearchResponse response && response.getHighestModSeq() != null
                    && onlyMinOrMax(response.getSearchResultOptions()) && session.getSelected() != null) {
                delegate.respond(corrected(response, session.getSelected()));
            } else {
                delegate.respond(message);
            }
        }

        private ESearchResponse corrected(ESearchResponse response, SelectedMailbox selected) {
            List<Long> returned = new ArrayList<>();
            if (response.getSearchResultOptions().contains(SearchResultOption.MIN) && response.getMinUid() > 0) {
                returned.add(response.getMinUid());
            }
            if (response.getSearchResultOptions().contains(SearchResultOption.MAX) && response.getMaxUid() > 0) {
                returned.add(response.getMaxUid());
            }
            try {
                ModSeq highest = null;
                for (long id : returned) {
                    Optional<MessageUid> uid = response.getUseUid() ? Optional.of(MessageUid.of(id)) : selected.uid((int) id);
                    if (uid.isEmpty()) {
                        return response;
                    }
                    MessageResultIterator results = selected.getMessageManager()
                        .getMessages(MessageRange.one(uid.get()), FetchGroup.MINIMAL, session.getMailboxSession());
                    if (!results.hasNext()) {
                        return response;
                    }
                    ModSeq modSeq = results.next().getModSeq();
                    highest = highest == null || modSeq.asLong() > highest.asLong() ? modSeq : highest;
                }
                if (highest == null) {
                    return response;
                }
                return new ESearchResponse(response.getMinUid(), response.getMaxUid(), response.getCount(), response.getAll(), highest,
                    response.getTag(), response.getUseUid(), response.getSearchResultOptions());
            } catch (MailboxException e) {
                // James's answer rather than none.
                return response;
            }
        }

        @Override
        public void flush() {
            delegate.flush();
        }
    }
}
