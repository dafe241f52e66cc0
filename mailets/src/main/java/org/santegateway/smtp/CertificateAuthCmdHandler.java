package org.santegateway.smtp;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.santegateway.login.CertificateLogins;

/**
 * SMTP AUTH EXTERNAL (RFC 4422 appendix A, RFC 4954) for application mailboxes, on the listener for applications,
 * which asks every client for its TLS certificate: the certificate is the credential, checked by
 * {@link CertificateLogins} (CRLs, binding to the mailbox, application referenced). This handler answers every AUTH
 * of that listener: EXTERNAL only, no password. It announces {@code AUTH EXTERNAL} in the EHLO answer when the
 * session has a client certificate and is not logged in yet.
 *
 * <ul>
 *   <li>{@code AUTH EXTERNAL =} or {@code AUTH EXTERNAL} then an empty line: the mailbox bound to the certificate;
 *   {@code AUTH EXTERNAL <base64 address>}: that mailbox, if the certificate is bound to it;</li>
 *   <li>accepted: {@code 235 2.7.0}; not bound, revoked, application suspended: {@code 535 5.7.8}; revocation
 *   status unknown: {@code 454 4.7.0};</li>
 *   <li>at each MAIL FROM of a session logged in this way, the binding and the application are checked again: a
 *   suspended application or a removed binding gets {@code 530 5.7.0} and the session is closed.</li>
 * </ul>
 *
 * <pre>{@code
 * <handler class="org.santegateway.smtp.CertificateAuthCmdHandler"/>
 * }</pre>
 */
public class CertificateAuthCmdHandler implements CommandHandler<SMTPSession>, EhloExtension, MailHook {
    static final String PROTOCOL = "smtp";
    static final String MECHANISM = "EXTERNAL";
    private static final Set<String> COMMANDS = Set.of("AUTH");
    private static final ProtocolSession.AttachmentKey<X509Certificate> CERTIFICATE_KEY =
        ProtocolSession.AttachmentKey.of("org.santegateway.smtp.certificate-login", X509Certificate.class);

    static final Response SUCCEEDED = new SMTPResponse("235", "2.7.0 Authentication successful").immutable();
    static final Response FAILED = new SMTPResponse("535", "5.7.8 Authentication credentials invalid").immutable();
    static final Response UNKNOWN = new SMTPResponse("454",
        "4.7.0 The revocation status of your certificate cannot be checked now; try again later").immutable();
    static final Response ONLY_EXTERNAL = new SMTPResponse("504",
        "5.5.4 Only AUTH EXTERNAL (the TLS client certificate) is accepted on this port").immutable();
    static final Response NO_CERTIFICATE = new SMTPResponse("535", "5.7.8 No TLS client certificate").immutable();
    private static final Response ALREADY_AUTHENTICATED = new SMTPResponse("503", "5.5.1 Already authenticated").immutable();
    private static final Response UNDECODABLE = new SMTPResponse("501", "5.5.2 Cannot decode the authentication data").immutable();
    private static final Response ABORTED = new SMTPResponse("501", "5.7.0 Authentication aborted").immutable();
    private static final Response READY = new SMTPResponse("334", "").immutable();

    private final CertificateLogins logins;

    @Inject
    public CertificateAuthCmdHandler(CertificateLogins logins) {
        this.logins = logins;
    }

    @Override
    public Collection<String> getImplCommands() {
        return COMMANDS;
    }

    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        if (session.getUsername() == null && !chain(session).isEmpty()) {
            return List.of("AUTH " + MECHANISM);
        }
        return List.of();
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        String argument = Optional.ofNullable(request.getArgument()).map(String::trim).orElse("");
        int space = argument.indexOf(' ');
        String mechanism = (space < 0 ? argument : argument.substring(0, space)).toUpperCase(Locale.ROOT);
        if (!MECHANISM.equals(mechanism)) {
            return ONLY_EXTERNAL;
        }
        if (session.getUsername() != null) {
            return ALREADY_AUTHENTICATED;
        }
        if (space >= 0) {
            return check(session, argument.substring(space + 1).trim());
        }
        session.pushLineHandler((LineHandler<SMTPSession>) (current, bytes) -> {
            current.popLineHandler();
            String line = new String(bytes, StandardCharsets.US_ASCII).trim();
            return "*".equals(line) ? ABORTED : check(current, line.isEmpty() ? "=" : line);
        });
        return READY;
    }

    private Response check(SMTPSession session, String encoded) {
        Optional<String> authzid;
        if ("=".equals(encoded)) {
            authzid = Optional.empty();
        } else {
            try {
                String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).trim();
                authzid = decoded.isEmpty() ? Optional.empty() : Optional.of(decoded);
            } catch (IllegalArgumentException e) {
                return UNDECODABLE;
            }
        }
        List<X509Certificate> chain = chain(session);
        CertificateLogins.Result result = logins.attempt(PROTOCOL, chain, authzid, session.getRemoteAddress().getAddress());
        return switch (result.outcome()) {
            case SUCCESS -> {
                session.setUsername(Username.of(result.mailbox().orElseThrow()));
                session.setRelayingAllowed(true);
                session.setAttachment(CERTIFICATE_KEY, chain.get(0), ProtocolSession.State.Connection);
                yield SUCCEEDED;
            }
            case NO_CERTIFICATE -> NO_CERTIFICATE;
            case REVOCATION_UNKNOWN -> UNKNOWN;
            default -> FAILED;
        };
    }

    /** A session logged in by certificate may send only while its binding and its application still stand. */
    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        Optional<X509Certificate> certificate = session.getAttachment(CERTIFICATE_KEY, ProtocolSession.State.Connection);
        if (certificate.isEmpty() || session.getUsername() == null) {
            return HookResult.DECLINED;
        }
        if (logins.stillAllowed(session.getUsername().asString(), certificate.get())) {
            return HookResult.DECLINED;
        }
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.disconnected(HookReturnCode.Action.DENY))
            .smtpReturnCode("530")
            .smtpDescription("5.7.0 This application may no longer send: its mailbox, certificate or application is no longer allowed")
            .build();
    }

    private static List<X509Certificate> chain(SMTPSession session) {
        return session.isTLSStarted() ? CertificateLogins.peerChain(session.getSSLSession()) : List.of();
    }
}
