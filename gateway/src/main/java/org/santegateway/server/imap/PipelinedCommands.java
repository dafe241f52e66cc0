package org.santegateway.server.imap;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.imap.api.ImapCommand;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.ImapCommandParser;
import org.apache.james.imap.decode.ImapCommandParserFactory;
import org.apache.james.imap.decode.ImapRequestLineReader;
import org.apache.james.imap.decode.base.AbstractImapCommandParser;

/**
 * Commands pipelined behind one that changes the session's state (RFC 3501 §5.5: {@code LOGIN} then {@code SELECT},
 * {@code SELECT} then {@code FETCH}, sent without waiting for the answers) are judged in the state the commands before
 * them leave. James 3.8.1 checks a command's state when it decodes its line, on the event loop, as soon as the line
 * arrives, while the command before it is still running: {@code a LOGIN ...}, {@code b ENABLE QRESYNC},
 * {@code c SELECT INBOX} sent together got {@code a OK}, then {@code b NO ... Command not valid in this state.} and
 * the same for {@code c}. Dovecot answers them as if sent one by one.
 *
 * <p>While commands decoded before it have not ended, a command not valid in the session's current state is decoded
 * as in a state where it is valid, and {@link OffEventLoopProcessor} checks the state when its turn comes (James's
 * processors check it again too): a command still not valid then gets the same {@code NO} as before. With nothing
 * in flight, the check at decoding is James's, unchanged (a {@code SELECT} before any login is refused at once).</p>
 */
public final class PipelinedCommands {
    private static final String PENDING = "gateway.pipelined.pending";
    private static final List<ImapSessionState> STATES = List.of(
        ImapSessionState.SELECTED, ImapSessionState.AUTHENTICATED, ImapSessionState.NON_AUTHENTICATED);

    private PipelinedCommands() {
    }

    /**
     * The parsers of {@code parsers} (James's, possibly decorated), each deferring its state check while commands
     * decoded before it have not ended; {@code james} tells each parser's command.
     */
    public static ImapCommandParserFactory parsers(ImapCommandParserFactory parsers, ImapCommandParserFactory james) {
        return commandName -> {
            ImapCommandParser parser = parsers.getParser(commandName);
            if (parser == null) {
                return null;
            }
            ImapCommand command = james.getParser(commandName) instanceof AbstractImapCommandParser known ? known.getCommand() : null;
            return (request, tag, session) -> {
                ImapMessage decoded = parse(parser, command, request, tag, session);
                if (decoded instanceof ImapRequest) {
                    pending(session).incrementAndGet();
                }
                return decoded;
            };
        };
    }

    private static ImapMessage parse(ImapCommandParser parser, ImapCommand command, ImapRequestLineReader request, Tag tag,
                                     ImapSession session) {
        if (command != null && !command.validForState(session.getState()) && pending(session).get() > 0) {
            return STATES.stream()
                .filter(command::validForState)
                .findFirst()
                .map(state -> parser.parse(request, tag, inState(session, state)))
                .orElseGet(() -> parser.parse(request, tag, session));
        }
        return parser.parse(request, tag, session);
    }

    /** A decoded command has ended (answered, failed or cancelled). */
    public static void ended(ImapSession session) {
        pending(session).updateAndGet(count -> Math.max(0, count - 1));
    }

    /** Whether the command may run in the session's state, now that the commands before it have ended. */
    public static boolean validNow(ImapCommand command, ImapSession session) {
        return command == null || command.validForState(session.getState());
    }

    private static AtomicInteger pending(ImapSession session) {
        Object pending = session.getAttribute(PENDING);
        if (pending instanceof AtomicInteger counter) {
            return counter;
        }
        AtomicInteger counter = new AtomicInteger();
        session.setAttribute(PENDING, counter);
        return counter;
    }

    /** The session as its parser sees it: in {@code state}, everything else the session's own. */
    private static ImapSession inState(ImapSession session, ImapSessionState state) {
        return (ImapSession) Proxy.newProxyInstance(ImapSession.class.getClassLoader(), new Class<?>[] {ImapSession.class},
            (proxy, method, args) -> {
                if (method.getName().equals("getState") && method.getParameterCount() == 0) {
                    return state;
                }
                try {
                    return method.invoke(session, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }
}
