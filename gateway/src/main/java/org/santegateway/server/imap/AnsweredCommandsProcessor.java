package org.santegateway.server.imap;

import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.main.DeniedAccessOnSharedMailboxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * Every command gets its tagged answer. In James 3.8.1 a command whose processor failed before its own error handling
 * was in place got none: a mailbox name in the other users' namespace ({@code SELECT "#user.x.INBOX"},
 * {@code STATUS}, {@code EXAMINE}, {@code DELETE}, {@code LIST "#user" "%"}; the namespace is not announced, but a name
 * typed with a leading {@code #} is enough) failed in the name's conversion, the error reached the connection
 * handler's subscriber, which dropped it, and the client waited for an answer until its own timeout. Such a failure
 * now answers {@code NO} (the text James gives a denied shared mailbox elsewhere, or "processing failed", logged), unless
 * the command had already been answered.
 */
public class AnsweredCommandsProcessor extends DecoratingImapProcessor {
    private static final Logger LOGGER = LoggerFactory.getLogger(AnsweredCommandsProcessor.class);

    private final StatusResponseFactory responses;

    public AnsweredCommandsProcessor(ImapProcessor delegate, StatusResponseFactory responses) {
        super(delegate);
        this.responses = responses;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (!(message instanceof ImapRequest request)) {
            return Mono.from(delegate.processReactive(message, responder, session));
        }
        WatchingResponder watching = new WatchingResponder(responder);
        return Mono.defer(() -> Mono.from(delegate.processReactive(message, watching, session)))
            .onErrorResume(error -> {
                if (watching.answered) {
                    LOGGER.error("IMAP {} failed after its answer", request.getCommand().getName(), error);
                } else if (error instanceof DeniedAccessOnSharedMailboxException) {
                    responder.respond(responses.taggedNo(request.getTag(), request.getCommand(), HumanReadableText.DENIED_SHARED_MAILBOX));
                } else {
                    LOGGER.error("IMAP {} failed without an answer", request.getCommand().getName(), error);
                    responder.respond(responses.taggedNo(request.getTag(), request.getCommand(), HumanReadableText.GENERIC_FAILURE_DURING_PROCESSING));
                }
                return Mono.empty();
            });
    }

    /** Notes whether a tagged status response went out. */
    private static final class WatchingResponder implements Responder {
        private final Responder delegate;
        private volatile boolean answered;

        WatchingResponder(Responder delegate) {
            this.delegate = delegate;
        }

        @Override
        public void respond(ImapResponseMessage message) {
            if ((message instanceof StatusResponse status && status.getTag() != null) || message instanceof CodedStatusResponse) {
                answered = true;
            }
            delegate.respond(message);
        }

        @Override
        public void flush() {
            delegate.flush();
        }
    }
}
