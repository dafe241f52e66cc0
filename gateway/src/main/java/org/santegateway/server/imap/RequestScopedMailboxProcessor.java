package org.santegateway.server.imap;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;

import reactor.core.publisher.Mono;

/**
 * Ends the mailbox request of an IMAP session after each of its commands, as James's JMAP and mailets do after
 * theirs: the session's database context (its cached messages, its open transaction if a command failed mid-way)
 * is dropped, and the next command reads the mailbox as it is now.
 *
 * <p>James's IMAP server never ends the request: a session kept one persistence context for its whole life, so a
 * message another session had expunged was still cached (FETCH then failed with {@code EntityNotFoundException}),
 * a STORE computed flags from a stale copy, and a transaction left open by a failure kept its row locks until the
 * client logged out.</p>
 */
public class RequestScopedMailboxProcessor extends DecoratingImapProcessor {
    private final MailboxManager mailboxManager;

    public RequestScopedMailboxProcessor(ImapProcessor delegate, MailboxManager mailboxManager) {
        super(delegate);
        this.mailboxManager = mailboxManager;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        // On termination, before the signal goes on: once it has, the session's next command may start.
        return Mono.defer(() -> Mono.from(delegate.processReactive(message, responder, session)))
            .doOnTerminate(() -> endRequest(session));
    }

    private void endRequest(ImapSession session) {
        MailboxSession mailboxSession = session.getMailboxSession();
        if (mailboxSession != null) {
            mailboxManager.endProcessingRequest(mailboxSession);
        }
    }
}
