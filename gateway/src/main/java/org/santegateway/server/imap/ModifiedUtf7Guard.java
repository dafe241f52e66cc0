package org.santegateway.server.imap;

import java.nio.charset.CharacterCodingException;

import org.apache.james.imap.api.ImapCommand;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.display.ModifiedUtf7;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.decode.ImapCommandParser;
import org.apache.james.imap.decode.ImapCommandParserFactory;
import org.apache.james.imap.decode.base.AbstractImapCommandParser;

/**
 * Answers NO to a command naming a mailbox that is not valid modified UTF-7 (RFC 3501 §5.1.3: {@code "a&b"}, a lone
 * {@code &}), and keeps the session.
 *
 * <p>James decodes mailbox names with a charset that throws {@link Error} on such input; nothing catches it, and
 * Netty closed the connection. Here every command parser is wrapped so that this error becomes a tagged NO; the rest
 * of the line is then skipped as for any refused command. LIST patterns are decoded later, by
 * {@link GatewayListProcessor}, which checks them with {@link #isValid(String)}.</p>
 */
public final class ModifiedUtf7Guard implements ImapCommandParserFactory {
    static final HumanReadableText INVALID_NAME = new HumanReadableText("org.santegateway.imap.INVALID_MAILBOX_NAME",
        "failed. Mailbox name is not valid modified UTF-7.");

    private final ImapCommandParserFactory delegate;
    private final StatusResponseFactory responses;

    public ModifiedUtf7Guard(ImapCommandParserFactory delegate, StatusResponseFactory responses) {
        this.delegate = delegate;
        this.responses = responses;
    }

    @Override
    public ImapCommandParser getParser(String commandName) {
        ImapCommandParser parser = delegate.getParser(commandName);
        if (parser == null) {
            return null;
        }
        ImapCommand command = parser instanceof AbstractImapCommandParser known ? known.getCommand() : null;
        return (request, tag, session) -> {
            try {
                return parser.parse(request, tag, session);
            } catch (Error e) {
                if (e.getCause() instanceof CharacterCodingException) {
                    return responses.taggedNo(tag, command, INVALID_NAME);
                }
                throw e;
            }
        };
    }

    /** Whether James can decode this name or pattern. */
    public static boolean isValid(String name) {
        try {
            ModifiedUtf7.decodeModifiedUTF7(name);
            return true;
        } catch (Error e) {
            if (e.getCause() instanceof CharacterCodingException) {
                return false;
            }
            throw e;
        }
    }
}
