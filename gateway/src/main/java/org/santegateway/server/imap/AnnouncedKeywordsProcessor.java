package org.santegateway.server.imap;

import java.util.Arrays;

import javax.mail.Flags;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.AbstractMailboxSelectionRequest;
import org.apache.james.imap.message.request.UnselectRequest;
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.imap.message.response.FlagsResponse;

import reactor.core.publisher.Mono;

/**
 * Sends {@code * FLAGS} (and {@code * OK [PERMANENTFLAGS]}) naming a keyword before the first FETCH that carries it
 * (RFC 3501 §7.2.6: FLAGS lists the flags a client may see in the mailbox).
 *
 * <p>James announces a keyword set for the first time at the end of the command, after the STORE's own FETCH
 * responses and after the FETCH telling other sessions of the change; a client then met a flag it had not been told
 * exists. Here the FLAGS response goes first; James's later one repeats it, which is harmless.</p>
 */
public class AnnouncedKeywordsProcessor extends DecoratingImapProcessor {
    /** Session attribute: the flags of the last FLAGS response the client received. */
    static final String ANNOUNCED = AnnouncedKeywordsProcessor.class.getName() + ".announced";

    private final StatusResponseFactory responses;

    public AnnouncedKeywordsProcessor(ImapProcessor delegate, StatusResponseFactory responses) {
        super(delegate);
        this.responses = responses;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (message instanceof AbstractMailboxSelectionRequest || message instanceof UnselectRequest) {
            // Another mailbox (or none): its keywords are announced afresh.
            session.setAttribute(ANNOUNCED, null);
        }
        return Mono.from(delegate.processReactive(message, new KeywordsResponder(responder, session), session));
    }

    private final class KeywordsResponder implements Responder {
        private final Responder delegate;
        private final ImapSession session;

        KeywordsResponder(Responder delegate, ImapSession session) {
            this.delegate = delegate;
            this.session = session;
        }

        @Override
        public void respond(ImapResponseMessage message) {
            if (message instanceof FlagsResponse flags) {
                Flags all = new Flags(flags.getFlags());
                if (session.getAttribute(ANNOUNCED) instanceof Flags announced) {
                    // James's own FLAGS, from a view of the mailbox that may lag behind another session's STORE, never
                    // drops a keyword this session was told of: a message may still carry it.
                    all.add(announced);
                }
                session.setAttribute(ANNOUNCED, all);
                delegate.respond(all.equals(flags.getFlags()) ? message : new FlagsResponse(all));
                return;
            } else if (message instanceof FetchResponse fetch && fetch.getFlags() != null && session.getSelected() != null
                    && session.getAttribute(ANNOUNCED) instanceof Flags announced) {
                String[] unknown = Arrays.stream(fetch.getFlags().getUserFlags()).filter(keyword -> !announced.contains(keyword)).toArray(String[]::new);
                if (unknown.length > 0) {
                    announce(announced, unknown, session.getSelected());
                }
            }
            delegate.respond(message);
        }

        private void announce(Flags announced, String[] keywords, SelectedMailbox selected) {
            Flags flags = new Flags(selected.getApplicableFlags());
            flags.add(announced);
            Arrays.stream(keywords).forEach(flags::add);
            flags.remove(Flags.Flag.RECENT);
            respond(new FlagsResponse(flags));
            Flags permanent = selected.getMessageManager().getPermanentFlags(session.getMailboxSession());
            if (permanent.contains(Flags.Flag.USER)) {
                permanent.add(flags);
            }
            delegate.respond(responses.untaggedOk(HumanReadableText.permanentFlags(permanent),
                StatusResponse.ResponseCode.permanentFlags(permanent)));
        }

        @Override
        public void flush() {
            delegate.flush();
        }
    }
}
