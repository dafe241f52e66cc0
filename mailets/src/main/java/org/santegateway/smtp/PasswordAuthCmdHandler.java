package org.santegateway.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

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
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.santegateway.login.PasswordLogins;

/**
 * SMTP AUTH PLAIN and LOGIN (RFC 4954) whose password check never runs on the listener's event
 * loop. James's own AUTH handler checks the password, and sleeps out its failure delay, on the
 * Netty thread that serves every connection of the listener: a few clients failing logins in a
 * loop then held up every other session (a normal send took 15 to 40 s). Here the check goes to
 * {@link PasswordLogins} (a small bounded pool, failure delays scheduled rather than slept,
 * lockouts per account and per client address, audited); the connection stops reading meanwhile,
 * and the answer is written when the outcome is known.
 *
 * <p>It comes before James's handler in the chain and answers every AUTH itself, so James's
 * handler only announces the extension in the EHLO answer. Other mechanisms are refused (504), but
 * for XOAUTH2 and OAUTHBEARER, which {@link TokenAuthCmdHandler} before it answers. A mailbox of a Pro
 * Santé Connect only domain is refused with 534 5.7.9.
 *
 * <pre>{@code
 * <handler class="org.santegateway.smtp.PasswordAuthCmdHandler"/>
 * }</pre>
 */
public class PasswordAuthCmdHandler implements CommandHandler<SMTPSession> {
    static final String PROTOCOL = "smtp";
    private static final Set<String> COMMANDS = Set.of("AUTH");

    static final Response SUCCEEDED = new SMTPResponse("235", "2.7.0 Authentication successful").immutable();
    static final Response FAILED = new SMTPResponse("535", "5.7.8 Authentication credentials invalid").immutable();
    static final Response LOCKED = new SMTPResponse("454", "4.7.0 Too many failed logins: try again later").immutable();
    static final Response UNAVAILABLE = new SMTPResponse("454", "4.7.0 Temporary authentication failure: try again later").immutable();
    static final Response TOKEN_REQUIRED = new SMTPResponse("534",
        "5.7.9 Password login is disabled for this domain: sign in with Pro Sante Connect (XOAUTH2, OAUTHBEARER)").immutable();
    private static final Response ALREADY_AUTHENTICATED = new SMTPResponse("503", "5.5.1 Already authenticated").immutable();
    private static final Response SYNTAX = new SMTPResponse("501", "5.5.4 Usage: AUTH mechanism [initial-response]").immutable();
    private static final Response UNDECODABLE = new SMTPResponse("501", "5.5.2 Cannot decode the authentication data").immutable();
    private static final Response ABORTED = new SMTPResponse("501", "5.7.0 Authentication aborted").immutable();
    private static final Response UNKNOWN_MECHANISM = new SMTPResponse("504", "5.5.4 Unrecognized authentication type").immutable();
    private static final Response PLAIN_READY = new SMTPResponse("334", "").immutable();
    private static final Response USERNAME_PROMPT = new SMTPResponse("334", "VXNlcm5hbWU6").immutable();
    private static final Response PASSWORD_PROMPT = new SMTPResponse("334", "UGFzc3dvcmQ6").immutable();

    /**
     * Written in place of the answer while the check is under way: no bytes, but a non-null
     * response, so that James's own AUTH handler is not called after this one. Its code is counted
     * by no statistic (James's JMX counters sort replies by the first digit).
     */
    static final Response PENDING = new Response() {
        @Override
        public String getRetCode() {
            return "000";
        }

        @Override
        public List<CharSequence> getLines() {
            return List.of();
        }

        @Override
        public boolean isEndSession() {
            return false;
        }

        @Override
        public String toString() {
            return "answer pending: password check under way";
        }
    };

    private final PasswordLogins logins;
    private final UsersRepository users;

    @Inject
    public PasswordAuthCmdHandler(PasswordLogins logins, UsersRepository users) {
        this.logins = logins;
        this.users = users;
    }

    @Override
    public Collection<String> getImplCommands() {
        return COMMANDS;
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (session.getUsername() != null) {
            return ALREADY_AUTHENTICATED;
        }
        String argument = Optional.ofNullable(request.getArgument()).map(String::trim).orElse("");
        if (argument.isEmpty()) {
            return SYNTAX;
        }
        int space = argument.indexOf(' ');
        String mechanism = (space < 0 ? argument : argument.substring(0, space)).toUpperCase(Locale.ROOT);
        Optional<String> initialResponse = space < 0 ? Optional.empty() : Optional.of(argument.substring(space + 1).trim());
        switch (mechanism) {
            case "PLAIN":
                if (initialResponse.isPresent()) {
                    return plain(session, initialResponse.get());
                }
                session.pushLineHandler(continuation(line -> {
                    session.popLineHandler();
                    return plain(session, line);
                }));
                return PLAIN_READY;
            case "LOGIN":
                if (initialResponse.isPresent()) {
                    return loginUsername(session, initialResponse.get());
                }
                session.pushLineHandler(continuation(line -> {
                    session.popLineHandler();
                    return loginUsername(session, line);
                }));
                return USERNAME_PROMPT;
            default:
                return UNKNOWN_MECHANISM;
        }
    }

    /** RFC 4616: [authzid] NUL authcid NUL passwd; an authorisation identity other than the login is refused. */
    private Response plain(SMTPSession session, String encoded) {
        Optional<String> decoded = decode(encoded);
        if (decoded.isEmpty()) {
            return UNDECODABLE;
        }
        String[] parts = decoded.get().split("\0", -1);
        if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
            return UNDECODABLE;
        }
        if (!parts[0].isEmpty() && !parts[0].equalsIgnoreCase(parts[1])) {
            return FAILED;
        }
        return verify(session, parts[1], parts[2]);
    }

    private Response loginUsername(SMTPSession session, String encoded) {
        Optional<String> login = decode(encoded).filter(value -> !value.isEmpty());
        if (login.isEmpty()) {
            return UNDECODABLE;
        }
        session.pushLineHandler(continuation(line -> {
            session.popLineHandler();
            return decode(line).filter(value -> !value.isEmpty())
                .map(password -> verify(session, login.get(), password))
                .orElse(UNDECODABLE);
        }));
        return PASSWORD_PROMPT;
    }

    /**
     * Hands the check to the login pool and answers when it is done. The connection reads nothing
     * meanwhile: a client that does not wait for the answer has its next command read afterwards,
     * in the authentication state it asked about.
     */
    private Response verify(SMTPSession session, String login, String password) {
        ProtocolTransport transport = ((ProtocolSessionImpl) session).getProtocolTransport();
        transport.setReadable(false);
        logins.attempt(PROTOCOL, login, session.getRemoteAddress().getAddress(), () -> isAuthentic(login, password))
            .whenComplete((outcome, error) -> {
                Response response = error != null ? UNAVAILABLE : answer(session, login, outcome);
                transport.writeResponse(response, session);
                transport.setReadable(true);
            });
        return PENDING;
    }

    private boolean isAuthentic(String login, String password) throws UsersRepositoryException {
        Username username;
        try {
            username = Username.of(login);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return users.test(username, password);
    }

    private static Response answer(SMTPSession session, String login, PasswordLogins.Outcome outcome) {
        switch (outcome) {
            case SUCCESS:
                session.setUsername(Username.of(login));
                session.setRelayingAllowed(true);
                return SUCCEEDED;
            case LOCKED:
                return LOCKED;
            case UNAVAILABLE:
                return UNAVAILABLE;
            case TOKEN_REQUIRED:
                return TOKEN_REQUIRED;
            default:
                return FAILED;
        }
    }

    private static Optional<String> decode(String line) {
        String trimmed = line.trim();
        if ("=".equals(trimmed)) {
            return Optional.of("");
        }
        try {
            return Optional.of(new String(Base64.getDecoder().decode(trimmed), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A SASL continuation line; a line of a single {@code *} cancels the exchange (RFC 4954). */
    private static LineHandler<SMTPSession> continuation(Function<String, Response> onLine) {
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
