package org.santegateway.server.imap;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.response.ExistsResponse;
import org.apache.james.imap.message.response.ExpungeResponse;
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.imap.message.response.RecentResponse;
import org.apache.james.mailbox.MessageUid;

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
 * the count is sent.</p>
 */
public class KnownMessagesProcessor implements ImapProcessor {
    /** Session attribute: the number of messages the client was last told exist. */
    static final String ANNOUNCED = KnownMessagesProcessor.class.getName() + ".announced";

    private final ImapProcessor delegate;

    public KnownMessagesProcessor(ImapProcessor delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        return Mono.from(delegate.processReactive(message, new KnownMessagesResponder(responder, session), session));
    }

    @Override
    public void process(ImapMessage message, Responder responder, ImapSession session) {
        processReactive(message, responder, session).block();
    }

    @Override
    public void configure(ImapConfiguration configuration) {
        delegate.configure(configuration);
    }

    private record KnownMessagesResponder(Responder delegate, ImapSession session) implements Responder {
        @Override
        public void respond(ImapResponseMessage message) {
            SelectedMailbox selected = session.getSelected();
            if (message instanceof ExistsResponse exists) {
                announce(exists.getNumberOfMessages());
            } else if (selected == null) {
                delegate.respond(message);
                return;
            } else if (message instanceof FetchResponse fetch) {
                announceUpTo(fetch.getMessageNumber().asInt(), selected);
            } else if (message instanceof ExpungeResponse expunge) {
                expunge.getMessageSequenceNumber().asInt().ifPresent(msn -> announceUpTo(msn, selected));
                announce(announced() - 1);
            } else if (message instanceof RecentResponse) {
                for (MessageUid uid : selected.getRecent()) {
                    if (selected.msn(uid).asInt().isEmpty()) {
                        selected.removeRecent(uid);
                    }
                }
                delegate.respond(new RecentResponse(selected.getRecent().size()));
                return;
            }
            delegate.respond(message);
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
        public void flush() {
            delegate.flush();
        }
    }
}
