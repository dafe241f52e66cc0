package org.santegateway.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.santegateway.login.OAuthSasl;
import org.santegateway.login.TokenLogins;

/**
 * SMTP AUTH XOAUTH2 and OAUTHBEARER (RFC 7628) with a Pro Santé Connect access token, checked by
 * {@link TokenLogins} off the listener's event loop. The connection reads nothing meanwhile; the
 * answer is written when the outcome is known.
 *
 * <ul>
 *   <li>accepted: {@code 235 2.7.0}, the session is the mailbox the token opens;</li>
 *   <li>refused token, or a mailbox its holder is not bound to: the RFC 7628 error challenge
 *   ({@code 334 <base64 JSON>}), then, whatever the client answers ({@code AQ==} for
 *   OAUTHBEARER, an empty line for XOAUTH2), {@code 535 5.7.8};</li>
 *   <li>provider unreachable: {@code 454 4.7.0} (temporary; never a fall back to a password).</li>
 * </ul>
 * Other mechanisms go on to the next handler ({@link PasswordAuthCmdHandler}). Comes after
 * {@link TlsRequiredCommandHandler}, which refuses AUTH before TLS. When token logins are not
 * configured the mechanisms are unknown (504).
 *
 * <pre>{@code
 * <handler class="org.santegateway.smtp.TokenAuthCmdHandler"/>
 * }</pre>
 */
public class TokenAuthCmdHandler implements CommandHandler<SMTPSession> {
    static final String PROTOCOL = "smtp";
    private static final Set<String> COMMANDS = Set.of("AUTH");

    static final Response SUCCEEDED = new SMTPResponse("235", "2.7.0 Authentication successful").immutable();
    static final Response FAILED = new SMTPResponse("535", "5.7.8 Authentication credentials invalid").immutable();
    static final Response UNAVAILABLE = new SMTPResponse("454", "4.7.0 Temporary authentication failure: the identity provider cannot be reached, try again later").immutable();
    static final Response LOCKED = new SMTPResponse("454", "4.7.0 Too many failed logins: try again later").immutable();
    private static final Response ALREADY_AUTHENTICATED = new SMTPResponse("503", "5.5.1 Already authenticated").immutable();
    private static final Response UNDECODABLE = new SMTPResponse("501", "5.5.2 Cannot decode the authentication data").immutable();
    private static final Response ABORTED = new SMTPResponse("501", "5.7.0 Authentication aborted").immutable();
    private static final Response UNKNOWN_MECHANISM = new SMTPResponse("504", "5.5.4 Unrecognized authentication type").immutable();
    private static final Response READY = new SMTPResponse("334", "").immutable();

    private final TokenLogins tokens;

    @Inject
    public TokenAuthCmdHandler(TokenLogins tokens) {
        this.tokens = tokens;
    }

    @Override
    public Collection<String> getImplCommands() {
        return COMMANDS;
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        String argument = Optional.ofNullable(request.getArgument()).map(String::trim).orElse("");
        int space = argument.indexOf(' ');
        String mechanism = (space < 0 ? argument : argument.substring(0, space)).toUpperCase(Locale.ROOT);
        if (!OAuthSasl.isTokenMechanism(mechanism)) {
            return null;
        }
        if (!tokens.enabled()) {
            return UNKNOWN_MECHANISM;
        }
        if (session.getUsername() != null) {
            return ALREADY_AUTHENTICATED;
        }
        if (space >= 0) {
            return check(session, mechanism, argument.substring(space + 1).trim());
        }
        session.pushLineHandler(continuation(line -> {
            session.popLineHandler();
            return check(session, mechanism, line);
        }));
        return READY;
    }

    private Response check(SMTPSession session, String mechanism, String encoded) {
        Optional<OAuthSasl.InitialResponse> parsed = OAuthSasl.parse(mechanism, encoded);
        if (parsed.isEmpty()) {
            return UNDECODABLE;
        }
        ProtocolTransport transport = ((ProtocolSessionImpl) session).getProtocolTransport();
        transport.setReadable(false);
        tokens.attempt(PROTOCOL, parsed.get().token(), parsed.get().authzid(), session.getRemoteAddress().getAddress())
            .whenComplete((result, error) -> {
                Response response = error != null ? UNAVAILABLE : answer(session, result);
                transport.writeResponse(response, session);
                transport.setReadable(true);
            });
        return PasswordAuthCmdHandler.PENDING;
    }

    private Response answer(SMTPSession session, TokenLogins.Result result) {
        switch (result.outcome()) {
            case SUCCESS:
                session.setUsername(Username.of(result.mailbox().orElseThrow()));
                session.setRelayingAllowed(true);
                return SUCCEEDED;
            case LOCKED:
                return LOCKED;
            case UNAVAILABLE:
                return UNAVAILABLE;
            default:
                // RFC 7628 3.2.2: the error challenge, then the failure once the client has answered it.
                session.pushLineHandler((LineHandler<SMTPSession>) (current, line) -> {
                    current.popLineHandler();
                    return FAILED;
                });
                return new SMTPResponse("334", OAuthSasl.errorChallenge(OAuthSasl.status(result.outcome()), tokens.scope(),
                    tokens.openidConfiguration()));
        }
    }

    /** A SASL continuation line; a line of a single {@code *} cancels the exchange (RFC 4954). */
    private static LineHandler<SMTPSession> continuation(java.util.function.Function<String, Response> onLine) {
        return (session, bytes) -> {
            String line = new String(bytes, StandardCharsets.US_ASCII).trim();
            if ("*".equals(line)) {
                session.popLineHandler();
                return ABORTED;
            }
            return onLine.apply(line);
        };
    }

}
