package org.santegateway.server.imap;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
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
import org.apache.james.imap.message.request.LogoutRequest;
import org.apache.james.imap.message.response.AuthenticateResponse;
import org.apache.james.imap.message.response.CapabilityResponse;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MailboxPath;
import org.santegateway.login.CertificateLogins;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * IMAP AUTHENTICATE EXTERNAL (RFC 4422 appendix A) for application mailboxes: the TLS client certificate is the
 * credential, checked by {@link CertificateLogins}. Offered ({@code AUTH=EXTERNAL}) only on a session that presented a
 * client certificate, which only the listener for applications asks for, and while not logged in.
 *
 * <ul>
 *   <li>initial response {@code =} (or an empty continuation line): the mailbox bound to the certificate; the
 *   base64 of an address: that mailbox, if the certificate is bound to it;</li>
 *   <li>accepted: {@code OK}; refused: {@code NO [AUTHENTICATIONFAILED]}; revocation status unknown:
 *   {@code NO [UNAVAILABLE]};</li>
 *   <li>a session logged in this way is checked again before each command: once its application is suspended or
 *   withdrawn, its mailbox suspended or its certificate unbound, the command gets {@code * BYE} and the connection
 *   is closed.</li>
 * </ul>
 */
public class CertificateLoginProcessor extends DecoratingImapProcessor {
    static final String PROTOCOL = "imap";
    static final String MECHANISM = "EXTERNAL";
    private static final Logger LOGGER = LoggerFactory.getLogger(CertificateLoginProcessor.class);
    private static final Capability CAPABILITY = Capability.of("AUTH=" + MECHANISM);
    private static final String CERTIFICATE_ATTRIBUTE = "org.santegateway.imap.certificate-login";
    static final String FAILED = "Authentication failed: certificate refused.";
    static final String UNKNOWN = "The revocation status of your certificate cannot be checked now; try again later.";
    static final HumanReadableText NO_LONGER_ALLOWED = new HumanReadableText("org.santegateway.imap.certificate.revoked",
        "This application may no longer use this mailbox: its mailbox, certificate or application is no longer allowed.");
    private static final HumanReadableText MALFORMED = new HumanReadableText("org.santegateway.imap.certificate.malformed",
        "Cannot decode the authentication data.");

    private final CertificateLogins logins;
    private final MailboxManager mailboxManager;
    private final StatusResponseFactory responses;

    public CertificateLoginProcessor(ImapProcessor delegate, CertificateLogins logins, MailboxManager mailboxManager,
                                     StatusResponseFactory responses) {
        super(delegate);
        this.logins = logins;
        this.mailboxManager = mailboxManager;
        this.responses = responses;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (session.getAttribute(CERTIFICATE_ATTRIBUTE) instanceof X509Certificate certificate && !(message instanceof LogoutRequest)
                && session.getState() != ImapSessionState.LOGOUT
                && !logins.stillAllowed(session.getUserName().asString(), certificate)) {
            responder.respond(responses.bye(NO_LONGER_ALLOWED));
            responder.flush();
            return session.logout();
        }
        if (message instanceof CapabilityRequest) {
            return delegate.processReactive(message, new CapabilityRewriter(responder, session), session);
        }
        if (message instanceof AuthenticateRequest request && MECHANISM.equalsIgnoreCase(request.getAuthType())
                && session.getState() == ImapSessionState.NON_AUTHENTICATED) {
            return authenticate(request, responder, session);
        }
        return delegate.processReactive(message, responder, session);
    }

    private static List<X509Certificate> chain(ImapSession session) {
        return session.isTLSActive() ? CertificateLogins.peerChain(session.getSSLSession()) : List.of();
    }

    private Mono<Void> authenticate(AuthenticateRequest request, Responder responder, ImapSession session) {
        if (request instanceof IRAuthenticateRequest initial) {
            check(request, initial.getInitialClientResponse(), responder, session);
            return Mono.empty();
        }
        session.executeSafely(() -> {
            session.pushLineHandler((current, data) -> {
                current.popLineHandler();
                String line = new String(data, StandardCharsets.US_ASCII).trim();
                if ("*".equals(line)) {
                    responder.respond(responses.taggedBad(request.getTag(), request.getCommand(), HumanReadableText.AUTHENTICATION_FAILED));
                    responder.flush();
                    return;
                }
                check(request, line.isEmpty() ? "=" : line, responder, current);
            });
            responder.respond(new AuthenticateResponse());
            responder.flush();
        });
        return Mono.empty();
    }

    private void check(AuthenticateRequest request, String encoded, Responder responder, ImapSession session) {
        Optional<String> authzid;
        String trimmed = encoded.trim();
        if ("=".equals(trimmed)) {
            authzid = Optional.empty();
        } else {
            try {
                String decoded = new String(Base64.getDecoder().decode(trimmed), StandardCharsets.UTF_8).trim();
                authzid = decoded.isEmpty() ? Optional.empty() : Optional.of(decoded);
            } catch (IllegalArgumentException e) {
                responder.respond(responses.taggedBad(request.getTag(), request.getCommand(), MALFORMED));
                responder.flush();
                return;
            }
        }
        List<X509Certificate> chain = chain(session);
        Optional<java.net.InetAddress> client = ClientAddressHandler.of(session);
        CertificateLogins.Result result = logins.attempt(PROTOCOL, chain, authzid,
            client.orElse(java.net.InetAddress.getLoopbackAddress()));
        switch (result.outcome()) {
            case SUCCESS -> logIn(request, result.mailbox().orElseThrow(), chain.get(0), responder, session);
            case REVOCATION_UNKNOWN -> coded(request, responder, CodedStatusResponse.Code.UNAVAILABLE, UNKNOWN);
            default -> coded(request, responder, CodedStatusResponse.Code.AUTHENTICATIONFAILED, FAILED);
        }
    }

    private void logIn(AuthenticateRequest request, String mailbox, X509Certificate certificate, Responder responder, ImapSession session) {
        Username username = Username.of(mailbox);
        try {
            MailboxSession mailboxSession = mailboxManager.createSystemSession(username);
            MailboxPath inbox = MailboxPath.inbox(username);
            if (!Boolean.TRUE.equals(Mono.from(mailboxManager.mailboxExists(inbox, mailboxSession)).block())) {
                mailboxManager.createMailbox(inbox, mailboxSession);
            }
            session.authenticated();
            session.setMailboxSession(mailboxSession);
            session.setAttribute(CERTIFICATE_ATTRIBUTE, certificate);
            session.stopDetectingCommandInjection();
            responder.respond(responses.taggedOk(request.getTag(), request.getCommand(), HumanReadableText.COMPLETED));
        } catch (MailboxException e) {
            LOGGER.warn("A certificate login could not open its mailbox: {}", e.getClass().getSimpleName());
            coded(request, responder, CodedStatusResponse.Code.UNAVAILABLE, UNKNOWN);
            return;
        }
        responder.flush();
    }

    private static void coded(AuthenticateRequest request, Responder responder, CodedStatusResponse.Code code, String text) {
        responder.respond(new CodedStatusResponse(request.getTag(), request.getCommand(), code, text));
        responder.flush();
    }

    /** Adds {@code AUTH=EXTERNAL} to the CAPABILITY answer of a session with a client certificate, not logged in. */
    private static final class CapabilityRewriter implements Responder {
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
                rewritten.remove(CAPABILITY);
                if (session.getState() == ImapSessionState.NON_AUTHENTICATED && !chain(session).isEmpty()) {
                    rewritten.add(CAPABILITY);
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
