package org.santegateway.server.imap;

import javax.inject.Inject;

import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.main.PathConverter;
import org.apache.james.imap.message.request.DeleteRequest;
import org.apache.james.imap.processor.DeleteProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.metrics.api.MetricFactory;

import reactor.core.publisher.Mono;

/**
 * DELETE that keeps the INBOX: RFC 3501 §6.3.4 (RFC 9051 §6.3.4) makes deleting INBOX an error. James 3.8.1 deleted
 * it, with every message in it, on a plain {@code DELETE INBOX} (any case), and the user's INBOX was gone until the
 * next delivery or login made an empty one. Now {@code NO [CANNOT] DELETE INBOX cannot be deleted.} (RFC 5530), as Dovecot
 * answers; RENAME of INBOX (which moves its messages into a new mailbox and leaves INBOX empty) is unchanged. Deleting
 * a user with their mailboxes (WebAdmin) does not go through IMAP and is unchanged.
 */
public class InboxKeepingDeleteProcessor extends DeleteProcessor {
    @Inject
    public InboxKeepingDeleteProcessor(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metricFactory) {
        super(mailboxManager, factory, metricFactory);
    }

    @Override
    protected Mono<Void> processRequestReactive(DeleteRequest request, ImapSession session, Responder responder) {
        MailboxPath path = PathConverter.forSession(session).buildFullPath(request.getMailboxName());
        if (path.isInbox() && path.belongsTo(session.getMailboxSession())) {
            responder.respond(new CodedStatusResponse(request.getTag(), request.getCommand(), CodedStatusResponse.Code.CANNOT,
                "INBOX cannot be deleted."));
            return Mono.empty();
        }
        return super.processRequestReactive(request, session, responder);
    }
}
