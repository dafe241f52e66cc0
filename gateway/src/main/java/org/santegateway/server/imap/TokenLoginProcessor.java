package org.santegateway.server.imap;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.Username;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.Capability;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.AuthenticateRequest;
import org.apache.james.imap.message.request.CapabilityRequest;
import org.apache.james.imap.message.request.IRAuthenticateRequest;
import org.apache.james.imap.message.response.AuthenticateResponse;
import org.apache.james.imap.message.response.CapabilityResponse;
import org.apache.james.imap.message.response.ContinuationResponse;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MailboxPath;
import org.santegateway.login.OAuthSasl;
import org.santegateway.login.TokenLogins;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * IMAP AUTHENTICATE XOAUTH2 and OAUTHBEARER (RFC 7628) with a Pro Santé Connect access token,
 * checked by {@link TokenLogins} off the event loop, and their {@code AUTH=} capabilities, announced
 * only once TLS is up (STARTTLS done, or the implicit-TLS port) and while not logged in.
 *
 * <ul>
 *   <li>accepted: {@code OK}, the session is the mailbox the token opens (its INBOX created if needed);</li>
 *   <li>refused token, or a mailbox its holder is not bound to: the RFC 7628 error challenge
 *   ({@code + <base64 JSON>}), then, whatever the client answers, {@code NO [AUTHENTICATIONFAILED]};</li>
 *   <li>provider unreachable: {@code NO [UNAVAILABLE]} (never a fall back to a password);</li>
 *   <li>before TLS: {@code NO}, nothing checked.</li>
 * </ul>
 * James's own OAuth code (its {@code <auth><oidc>}) is never reached.
 */
public class TokenLoginProcessor extends DecoratingImapProcessor {
    static final String PROTOCOL = "imap";
    private static final Logger LOGGER = LoggerFactory.getLogger(TokenLoginProcessor.class);
    private static final Set<Capability> MECHANISMS = Set.of(Capability.of("AUTH=" + OAuthSasl.XOAUTH2), Capability.of("AUTH=" + OAuthSasl.OAUTHBEARER));
    static final HumanReadableText TLS_REQUIRED = new HumanReadableText("org.santegateway.imap.psc.tls",
        "Token logins need TLS: issue STARTTLS first.");
    static final String FAILED = "Authentication failed: token refused.";
    static final String UNAVAILABLE = "Temporary authentication failure: the identity provider cannot be reached, try again later.";
    static final String LOCKED = "Too many failed logins: try again later.";
    private static final HumanReadableText MALFORMED = new HumanReadableText("org.santegateway.imap.psc.malformed",
        "Cannot decode the authentication data.");

    private final TokenLogins tokens;
    private final MailboxManager mailboxManager;
    private final StatusResponseFactory responses;

    public TokenLoginProcessor(ImapProcessor delegate, TokenLogins tokens, MailboxManager mailboxManager, StatusResponseFactory responses) {
        super(delegate);
        this.tokens = tokens;
        this.mailboxManager = mailboxManager;
        this.responses = responses;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (message instanceof CapabilityRequest) {
            return delegate.processReactive(message, new CapabilityRewriter(responder, session), session);
        }
        if (message instanceof AuthenticateRequest request && OAuthSasl.isTokenMechanism(request.getAuthType())
                && session.getState() == ImapSessionState.NON_AUTHENTICATED) {
            return authenticate(request, responder, session);
        }
        return delegate.processReactive(message, responder, session);
    }

    private boolean offered(ImapSession session) {
        return tokens.enabled() && session.isTLSActive() && session.getState() == ImapSessionState.NON_AUTHENTICATED;
    }

    private Mono<Void> authenticate(AuthenticateRequest request, Responder responder, ImapSession session) {
        if (!tokens.enabled()) {
            responder.respond(responses.taggedNo(request.getTag(), request.getCommand(), HumanReadableText.UNSUPPORTED_AUTHENTICATION_MECHANISM));
            responder.flush();
            return Mono.empty();
        }
        if (!session.isTLSActive()) {
            responder.respond(responses.taggedNo(request.getTag(), request.getCommand(), TLS_REQUIRED));
            responder.flush();
            return Mono.empty();
        }
        if (request instanceof IRAuthenticateRequest initial) {
            return check(request, initial.getInitialClientResponse(), responder, session);
        }
        session.executeSafely(() -> {
            session.pushLineHandler((current, data) -> {
                current.popLineHandler();
                check(request, line(data), responder, current).subscribe();
            });
            responder.respond(new AuthenticateResponse());
            responder.flush();
        });
        return Mono.empty();
    }

    /** Completes once the answer is written, so that the session reads no further command before. */
    private Mono<Void> check(AuthenticateRequest request, String encoded, Responder responder, ImapSession session) {
        String trimmed = encoded.trim();
        if ("*".equals(trimmed)) {
            responder.respond(responses.taggedBad(request.getTag(), request.getCommand(), HumanReadableText.AUTHENTICATION_FAILED));
            responder.flush();
            return Mono.empty();
        }
        Optional<OAuthSasl.InitialResponse> parsed = OAuthSasl.parse(request.getAuthType(), trimmed);
        Optional<InetAddress> client = ClientAddressHandler.of(session);
        if (parsed.isEmpty() || client.isEmpty()) {
            responder.respond(responses.taggedBad(request.getTag(), request.getCommand(), MALFORMED));
            responder.flush();
            return Mono.empty();
        }
        return Mono.fromFuture(() -> tokens.attempt(PROTOCOL, parsed.get().token(), parsed.get().authzid(), client.get()))
            .doOnNext(result -> answer(request, result, responder, session))
            .onErrorResume(error -> {
                coded(request, responder, CodedStatusResponse.Code.UNAVAILABLE, UNAVAILABLE);
                return Mono.empty();
            })
            .then();
    }

    private void answer(AuthenticateRequest request, TokenLogins.Result result, Responder responder, ImapSession session) {
        switch (result.outcome()) {
            case SUCCESS -> logIn(request, result.mailbox().orElseThrow(), responder, session);
            case UNAVAILABLE -> coded(request, responder, CodedStatusResponse.Code.UNAVAILABLE, UNAVAILABLE);
            case LOCKED -> coded(request, responder, CodedStatusResponse.Code.UNAVAILABLE, LOCKED);
            default -> session.executeSafely(() -> {
                // RFC 7628 3.2.2: the error challenge, then the failure once the client has answered it.
                session.pushLineHandler((current, data) -> {
                    current.popLineHandler();
                    coded(request, responder, CodedStatusResponse.Code.AUTHENTICATIONFAILED, FAILED);
                });
                String challenge = OAuthSasl.errorChallenge(OAuthSasl.status(result.outcome()), tokens.scope(), tokens.openidConfiguration());
                responder.respond(new ContinuationResponse(new HumanReadableText("org.santegateway.imap.psc.challenge", challenge)));
                responder.flush();
            });
        }
    }

    private void logIn(AuthenticateRequest request, String mailbox, Responder responder, ImapSession session) {
        Username username = Username.of(mailbox);
        try {
            MailboxSession mailboxSession = mailboxManager.createSystemSession(username);
            MailboxPath inbox = MailboxPath.inbox(username);
            if (!Boolean.TRUE.equals(Mono.from(mailboxManager.mailboxExists(inbox, mailboxSession)).block())) {
                mailboxManager.createMailbox(inbox, mailboxSession);
            }
            session.authenticated();
            session.setMailboxSession(mailboxSession);
            session.stopDetectingCommandInjection();
            responder.respond(responses.taggedOk(request.getTag(), request.getCommand(), HumanReadableText.COMPLETED));
        } catch (MailboxException e) {
            LOGGER.warn("A PSC login could not open its mailbox: {}", e.getClass().getSimpleName());
            coded(request, responder, CodedStatusResponse.Code.UNAVAILABLE, UNAVAILABLE);
            return;
        }
        responder.flush();
    }

    private static void coded(AuthenticateRequest request, Responder responder, CodedStatusResponse.Code code, String text) {
        responder.respond(new CodedStatusResponse(request.getTag(), request.getCommand(), code, text));
        responder.flush();
    }

    private static String line(byte[] data) {
        return new String(data, StandardCharsets.US_ASCII).trim();
    }

    /** Adds the token mechanisms to the CAPABILITY answer when they are offered, and removes them otherwise. */
    private final class CapabilityRewriter implements Responder {
        private final Responder responder;
        private final ImapSession session;

        CapabilityRewriter(Responder responder, ImapSession session) {
            this.responder = responder;
            this.session = session;
        }

        @Override
        public void respond(ImapResponseMessage message) {
            if (message instanceof CapabilityResponse capabilities) {
                Set<Capability> rewritten = new LinkedHashSet<>(capabilities.getCapabilities());
                rewritten.removeAll(MECHANISMS);
                if (offered(session)) {
                    rewritten.addAll(MECHANISMS);
                }
                responder.respond(new CapabilityResponse(rewritten));
                return;
            }
            responder.respond(message);
        }

        @Override
        public void flush() {
            responder.flush();
        }
    }
}
