package org.santegateway.server.imap;

import java.time.Clock;
import java.time.Duration;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.LogoutRequest;
import org.santegateway.delivery.InactiveMailboxes;

import reactor.core.publisher.Mono;

/**
 * A session logged in to a mailbox that an admin has since suspended or closed in the registry (an account cut off
 * because its password leaked, a professional who left) ends: its next command gets {@code * BYE} and the connection
 * is closed, whatever way it logged in. New logins are refused before (the users repository, the PSC logins). The
 * registry is asked at most once per {@link #INTERVAL} and session, so a busy session costs one read per interval,
 * not one per command: an open session ends within that time of the suspension.
 */
final class InactiveMailboxProcessor extends DecoratingImapProcessor {
    static final Duration INTERVAL = Duration.ofSeconds(5);
    static final HumanReadableText INACTIVE = new HumanReadableText("org.santegateway.imap.mailbox.inactive",
        "This mailbox is suspended or closed.");
    private static final String CHECKED_AT = "org.santegateway.imap.inactive-mailbox-checked-at";

    private final InactiveMailboxes inactive;
    private final StatusResponseFactory responses;
    private final Clock clock;

    InactiveMailboxProcessor(ImapProcessor delegate, InactiveMailboxes inactive, StatusResponseFactory responses, Clock clock) {
        super(delegate);
        this.inactive = inactive;
        this.responses = responses;
        this.clock = clock;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (!(message instanceof LogoutRequest) && loggedIn(session) && due(session)
                && inactive.isInactive(session.getUserName().asString())) {
            responder.respond(responses.bye(INACTIVE));
            responder.flush();
            return session.logout();
        }
        return delegate.processReactive(message, responder, session);
    }

    /** Whether the session is logged in to a mailbox (authenticated or a mailbox selected). */
    static boolean loggedIn(ImapSession session) {
        ImapSessionState state = session.getState();
        return (state == ImapSessionState.AUTHENTICATED || state == ImapSessionState.SELECTED) && session.getUserName() != null;
    }

    private boolean due(ImapSession session) {
        long now = clock.millis();
        if (session.getAttribute(CHECKED_AT) instanceof Long last && now - last < INTERVAL.toMillis()) {
            return false;
        }
        session.setAttribute(CHECKED_AT, now);
        return true;
    }
}
