package org.santegateway.server.imap;

import javax.inject.Inject;

import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.CreateRequest;
import org.apache.james.imap.message.request.RenameRequest;
import org.apache.james.imap.processor.CreateProcessor;
import org.apache.james.imap.processor.RenameProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.exception.HasEmptyMailboxNameInHierarchyException;
import org.apache.james.mailbox.exception.MailboxNameException;
import org.apache.james.mailbox.exception.TooLongMailboxNameException;
import org.apache.james.metrics.api.MetricFactory;

import reactor.core.publisher.Mono;

/**
 * A mailbox name the store refuses is the client's mistake, answered as such. James 3.8.1 refuses a CREATE or RENAME
 * to a name with an empty level ({@code a..b}, {@code .a}) or a LIST wildcard ({@code a*b}, {@code a%b}, which RFC 3501
 * §5.1 says should not be used in names: a client could not list such a mailbox by its name), but its CREATE and RENAME
 * processors let that refusal through as an unexpected failure: {@code NO ... processing failed.} and an ERROR line in
 * the log for each attempt. Now {@code NO [CANNOT] Invalid mailbox name: ...} (RFC 5530), with the reason, as Dovecot
 * answers for the names it refuses, and nothing logged above DEBUG. A name that is too long keeps James's answer.
 */
public final class MailboxNameChecks {
    private MailboxNameChecks() {
    }

    static Mono<Void> refusingInvalidNames(Mono<Void> processing, ImapRequest request, Responder responder) {
        return processing.onErrorResume(e -> e instanceof MailboxNameException && !(e instanceof TooLongMailboxNameException), e -> {
            responder.respond(new CodedStatusResponse(request.getTag(), request.getCommand(), CodedStatusResponse.Code.CANNOT,
                "Invalid mailbox name: " + reason((MailboxNameException) e)));
            return Mono.empty();
        });
    }

    private static String reason(MailboxNameException e) {
        if (e instanceof HasEmptyMailboxNameInHierarchyException) {
            return "it has an empty level (a hierarchy separator at its start or two in a row).";
        }
        return "it holds a character that mailbox names cannot hold (% or *).";
    }

    /** James's CREATE. */
    public static class Create extends CreateProcessor {
        @Inject
        public Create(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metricFactory) {
            super(mailboxManager, factory, metricFactory);
        }

        @Override
        protected Mono<Void> processRequestReactive(CreateRequest request, ImapSession session, Responder responder) {
            return refusingInvalidNames(super.processRequestReactive(request, session, responder), request, responder);
        }
    }

    /** James's RENAME. */
    public static class Rename extends RenameProcessor {
        @Inject
        public Rename(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metricFactory) {
            super(mailboxManager, factory, metricFactory);
        }

        @Override
        protected Mono<Void> processRequestReactive(RenameRequest request, ImapSession session, Responder responder) {
            return refusingInvalidNames(super.processRequestReactive(request, session, responder), request, responder);
        }
    }
}
