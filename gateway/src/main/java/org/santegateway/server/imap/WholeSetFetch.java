package org.santegateway.server.imap;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.imap.api.message.IdRange;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MessageRangeException;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.metrics.api.MetricFactory;
import org.santegateway.server.persistence.ListingPlan;

import reactor.core.publisher.Mono;

/**
 * FETCH ({@link EmptyMailboxUidSets.Fetch}) of a message set of several ranges, listed as a whole: James lists the
 * messages of each range of the set in turn, four statements each; the ranges are announced to the message mapper
 * ({@link ListingPlan}) before James starts, which lists them all at the first. What James answers is unchanged: the
 * same messages in the same order. The ranges are computed as James's FETCH computes them, from the session's view of
 * the mailbox; a set James refuses is left to James, unplanned.
 */
public class WholeSetFetch extends EmptyMailboxUidSets.Fetch {
    @Inject
    public WholeSetFetch(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metricFactory) {
        super(mailboxManager, factory, metricFactory);
    }

    @Override
    protected Mono<Void> processRequestReactive(FetchRequest request, ImapSession session, Responder responder) {
        MailboxSession mailboxSession = session.getMailboxSession();
        SelectedMailbox selected = session.getSelected();
        if (mailboxSession == null || selected == null || request.getIdSet().length < 2) {
            return super.processRequestReactive(request, session, responder);
        }
        return Mono.defer(() -> {
            List<MessageRange> ranges = ranges(selected, request);
            if (ranges.size() > 1) {
                ListingPlan.start(mailboxSession, selected.getMailboxId(), ranges);
            }
            return super.processRequestReactive(request, session, responder);
        }).doFinally(signal -> ListingPlan.end(mailboxSession));
    }

    /** The ranges James's FETCH lists for the request; none if James refuses one. */
    private List<MessageRange> ranges(SelectedMailbox selected, FetchRequest request) {
        List<MessageRange> ranges = new ArrayList<>();
        try {
            for (IdRange range : request.getIdSet()) {
                MessageRange set = messageRange(selected, range, request.isUseUids()).orElse(null);
                if (set == null) {
                    return List.of();
                }
                MessageRange normalized = normalizeMessageRange(selected, set);
                ranges.add(MessageRange.range(normalized.getUidFrom(), normalized.getUidTo()));
            }
        } catch (MessageRangeException e) {
            return List.of();
        }
        return ranges;
    }
}
