package org.santegateway.server.imap;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;

/**
 * A processor that wraps James's (or another decorator) and adds one behaviour in {@code processReactive}: the
 * blocking entry point runs the reactive one, the configuration goes to the wrapped processor.
 */
abstract class DecoratingImapProcessor implements ImapProcessor {
    protected final ImapProcessor delegate;

    protected DecoratingImapProcessor(ImapProcessor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void process(ImapMessage message, Responder responder, ImapSession session) {
        processReactive(message, responder, session).block();
    }

    @Override
    public void configure(ImapConfiguration configuration) {
        delegate.configure(configuration);
    }
}
