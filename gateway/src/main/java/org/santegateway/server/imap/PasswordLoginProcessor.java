package org.santegateway.server.imap;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.IRAuthenticateRequest;
import org.apache.james.imap.message.request.LoginRequest;

import org.apache.james.core.Username;
import org.santegateway.login.PasswordLogins;

import reactor.core.publisher.Mono;

/**
 * IMAP LOGIN and AUTHENTICATE PLAIN (with an initial response, RFC 4959) checked through
 * {@link PasswordLogins}: the password check runs on the login pool instead of the listener's
 * event loop, a failure is answered after the failure delay (scheduled, not slept), and a locked
 * account or client address is refused at once with {@code NO}, nothing checked (James 3.8.1 offers
 * no way to answer with the RFC 5530 code {@code [AUTHENTICATIONFAILED]} but its own). James's processor does the login itself; its answer is held until the outcome is known.
 *
 * <p>James closes a connection after three failures; that count is left to the lockouts here,
 * which hold across connections. AUTHENTICATE PLAIN without initial response sends the credentials
 * in a continuation line that James checks on the event loop; it still counts for the client
 * address lock, which it cannot get round.
 */
public class PasswordLoginProcessor extends DecoratingImapProcessor {
    static final String PROTOCOL = "imap";
    /** James's per-connection failure count (AbstractAuthProcessor). */
    private static final String JAMES_FAILURE_COUNT = "org.apache.james.imap.processor.imap4rev1.NUMBER_OF_FAILURES";
    static final HumanReadableText LOCKED = new HumanReadableText("org.santegateway.imap.login.locked",
        "Too many failed logins: try again later.");
    static final HumanReadableText TOKEN_REQUIRED = new HumanReadableText("org.santegateway.imap.login.psc-only",
        "Password login is disabled for this mailbox: sign in with Pro Sante Connect (AUTHENTICATE XOAUTH2 or OAUTHBEARER).");
    static final HumanReadableText UNAVAILABLE = new HumanReadableText("org.santegateway.imap.login.unavailable",
        "Temporary authentication failure: try again later.");

    private final PasswordLogins logins;
    private final StatusResponseFactory responses;

    public PasswordLoginProcessor(ImapProcessor delegate, PasswordLogins logins, StatusResponseFactory responses) {
        super(delegate);
        this.logins = logins;
        this.responses = responses;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (session.getState() == ImapSessionState.NON_AUTHENTICATED) {
            Optional<String> login = login(message);
            Optional<InetAddress> client = ClientAddressHandler.of(session);
            if (login.isPresent() && client.isPresent()) {
                return guarded((ImapRequest) message, login.get(), client.get(), responder, session);
            }
        }
        return delegate.processReactive(message, responder, session);
    }

    private Mono<Void> guarded(ImapRequest request, String login, InetAddress client, Responder responder, ImapSession session) {
        HeldResponses held = new HeldResponses();
        return Mono.fromFuture(() -> logins.attempt(PROTOCOL, login, client, () -> {
                session.setAttribute(JAMES_FAILURE_COUNT, null);
                delegate.processReactive(request, held, session).block();
                return session.getState() == ImapSessionState.AUTHENTICATED;
            }))
            .doOnNext(outcome -> {
                switch (outcome) {
                    case LOCKED -> responder.respond(responses.taggedNo(request.getTag(), request.getCommand(), LOCKED));
                    case TOKEN_REQUIRED -> responder.respond(responses.taggedNo(request.getTag(), request.getCommand(), TOKEN_REQUIRED));
                    case UNAVAILABLE -> {
                        if (held.isEmpty()) {
                            responder.respond(responses.taggedNo(request.getTag(), request.getCommand(), UNAVAILABLE));
                        } else {
                            held.sendTo(responder);
                        }
                    }
                    default -> held.sendTo(responder);
                }
                responder.flush();
            })
            .then();
    }

    /** The login of a LOGIN, or of an AUTHENTICATE PLAIN with an initial response. */
    private static Optional<String> login(ImapMessage message) {
        if (message instanceof LoginRequest login) {
            return Optional.ofNullable(login.getUserid()).map(Username::asString);
        }
        if (message instanceof IRAuthenticateRequest authenticate && "PLAIN".equalsIgnoreCase(authenticate.getAuthType())) {
            try {
                String[] parts = new String(Base64.getDecoder().decode(authenticate.getInitialClientResponse().trim()),
                    StandardCharsets.UTF_8).split("\0", -1);
                return parts.length == 3 && !parts[1].isEmpty() ? Optional.of(parts[1]) : Optional.empty();
            } catch (IllegalArgumentException | NullPointerException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Responses of the login, held until the failure delay is over. */
    private static final class HeldResponses implements Responder {
        private final List<ImapResponseMessage> responses = new ArrayList<>();

        @Override
        public synchronized void respond(ImapResponseMessage message) {
            responses.add(message);
        }

        @Override
        public void flush() {
        }

        synchronized boolean isEmpty() {
            return responses.isEmpty();
        }

        synchronized void sendTo(Responder responder) {
            responses.forEach(responder::respond);
        }
    }
}
