package org.santegateway.server.imap;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import javax.inject.Inject;

import org.apache.james.imap.api.display.ModifiedUtf7;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.MailboxType;
import org.apache.james.imap.api.process.MailboxTyper;
import org.apache.james.imap.message.request.ListRequest;
import org.apache.james.imap.message.response.ListResponse;
import org.apache.james.imap.processor.ListProcessor;
import org.apache.james.imap.processor.StatusProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.exception.SubscriptionException;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.search.PrefixedRegex;
import org.apache.james.metrics.api.MetricFactory;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * James's LIST, with two differences.
 *
 * <ul>
 *   <li>Special-use attributes ({@code \Sent}, {@code \Drafts}, {@code \Trash}, {@code \Junk}, {@code \Archive},
 *   RFC 6154 §2) are in every LIST response of a mailbox that has one, as clients that see SPECIAL-USE announced
 *   expect; James gave them only to {@code RETURN (SPECIAL-USE)}.</li>
 *   <li>A reference or pattern that is not modified UTF-7 lists nothing, where James's decoder threw and the
 *   connection was closed (RFC 3501 §5.1.3).</li>
 *   <li>Several patterns ({@link GatewayListCommandParser}) are answered as one LIST: each mailbox once, with what
 *   its return options ask for, then one tagged response (RFC 5258 §3).</li>
 * </ul>
 */
public class GatewayListProcessor extends ListProcessor<ListRequest> {
    private final SubscriptionManager subscriptions;

    @Inject
    public GatewayListProcessor(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metricFactory,
                                SubscriptionManager subscriptionManager, StatusProcessor statusProcessor, MailboxTyper mailboxTyper) {
        super(mailboxManager, factory, metricFactory, subscriptionManager, statusProcessor, mailboxTyper);
        this.subscriptions = subscriptionManager;
    }

    @Override
    protected MailboxType getMailboxType(ListRequest listRequest, ImapSession session, MailboxPath path) {
        return mailboxTyper.getMailboxType(session, path);
    }

    @Override
    protected Mono<Void> processRequestReactive(ListRequest request, ImapSession session, ImapProcessor.Responder responder) {
        List<String> patterns = GatewayListCommandParser.patterns(request.getMailboxPattern());
        if (patterns.size() == 1) {
            return listOne(request, session, responder);
        }
        Mono<Predicate<ListResponse>> childInfoHolds = request.getSelectOptions().contains(ListRequest.ListSelectOption.RECURSIVEMATCH)
            ? Flux.defer(() -> subscribed(session))
                .map(MailboxPath::getName)
                .collectList()
                .map(subscribed -> new ChildInfo(request.getBaseReferenceName(), patterns, subscribed, session.getMailboxSession().getPathDelimiter())::holds)
            : Mono.just(list -> true);
        return childInfoHolds.flatMap(holds -> {
            OnePerMailbox once = new OnePerMailbox(responder, holds);
            return Flux.fromIterable(patterns)
                .concatMap(pattern -> once.failed() ? Mono.<Void>empty() : listOne(single(request, pattern), session, once))
                .then(Mono.fromRunnable(once::complete));
        });
    }

    private Publisher<MailboxPath> subscribed(ImapSession session) {
        try {
            return subscriptions.subscriptionsReactive(session.getMailboxSession());
        } catch (SubscriptionException e) {
            return Flux.error(e);
        }
    }

    /**
     * RFC 5258 §3 (RECURSIVEMATCH): a mailbox is returned with {@code CHILDINFO ("SUBSCRIBED")} for a subscribed
     * descendant the patterns do not match themselves, it being that descendant's closest matching ancestor. Each
     * pattern on its own gives the CHILDINFO for descendants the other patterns list: with
     * {@code ("a" "a.b")} and {@code a.b} subscribed, {@code a} has nothing more to say (as Dovecot answers).
     */
    private record ChildInfo(String reference, List<String> patterns, List<String> subscribed, char delimiter) {
        boolean holds(ListResponse list) {
            String prefix = list.getName() + delimiter;
            return subscribed.stream()
                .filter(name -> name.startsWith(prefix))
                .anyMatch(name -> !matched(name) && !matchedBetween(list.getName(), name));
        }

        private boolean matchedBetween(String ancestor, String descendant) {
            for (int end = descendant.lastIndexOf(delimiter); end > ancestor.length(); end = descendant.lastIndexOf(delimiter, end - 1)) {
                if (matched(descendant.substring(0, end))) {
                    return true;
                }
            }
            return false;
        }

        private boolean matched(String name) {
            return patterns.stream().anyMatch(pattern -> new PrefixedRegex(ModifiedUtf7.decodeModifiedUTF7(reference),
                ModifiedUtf7.decodeModifiedUTF7(pattern), delimiter).isExpressionMatch(name));
        }
    }

    /** A reference or pattern that is not modified UTF-7 names no mailbox (James's decoder would throw). */
    private Mono<Void> listOne(ListRequest request, ImapSession session, ImapProcessor.Responder responder) {
        if (!ModifiedUtf7Guard.isValid(request.getBaseReferenceName()) || !ModifiedUtf7Guard.isValid(request.getMailboxPattern())) {
            return Mono.fromRunnable(() -> okComplete(request, responder));
        }
        return super.processRequestReactive(request, session, responder);
    }

    private static ListRequest single(ListRequest request, String pattern) {
        return new ListRequest(request.getCommand(), request.getBaseReferenceName(), pattern, request.getTag(),
            request.getSelectOptions(), request.getReturnOptions(), request.getStatusDataItems());
    }

    /**
     * Passes each mailbox's LIST response (and the STATUS or MYRIGHTS responses after it) once, holds the tagged
     * response of each pattern and sends the last one, or the first that is not OK.
     */
    private static final class OnePerMailbox implements ImapProcessor.Responder {
        private final ImapProcessor.Responder delegate;
        private final Predicate<ListResponse> childInfoHolds;
        private final Set<String> listed = new HashSet<>();
        private boolean skipping;
        private StatusResponse tagged;

        OnePerMailbox(ImapProcessor.Responder delegate, Predicate<ListResponse> childInfoHolds) {
            this.delegate = delegate;
            this.childInfoHolds = childInfoHolds;
        }

        @Override
        public void respond(ImapResponseMessage message) {
            if (message instanceof StatusResponse status && status.getTag() != null) {
                tagged = status;
                return;
            }
            if (message instanceof ListResponse list) {
                if (!list.getChildInfos().isEmpty() && !childInfoHolds.test(list)) {
                    if (!list.isReturnSubscribed()) {
                        // Listed only for a CHILDINFO that another pattern's answer makes void.
                        skipping = true;
                        return;
                    }
                    message = new ListResponse(list.getChildren(), list.getSelectability(), list.getName(), list.getHierarchyDelimiter(),
                        true, list.isReturnNonExistent(), EnumSet.noneOf(ListResponse.ChildInfo.class), list.getType());
                }
                skipping = !listed.add(list.getName());
            }
            if (!skipping) {
                delegate.respond(message);
            }
        }

        boolean failed() {
            return tagged != null && tagged.getServerResponseType() != StatusResponse.Type.OK;
        }

        void complete() {
            delegate.respond(tagged);
        }

        @Override
        public void flush() {
            delegate.flush();
        }
    }
}
