package org.santegateway.server.imap;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.DecodingException;
import org.apache.james.imap.decode.ImapRequestLineReader;
import org.apache.james.imap.decode.parser.ListCommandParser;
import org.apache.james.imap.message.request.ListRequest;

/**
 * LIST with one pattern or a parenthesised list of them (RFC 5258 §3: {@code LIST "" (INBOX Drafts.*)}), which James
 * refuses with BAD although it announces LIST-EXTENDED.
 *
 * <p>James builds its {@code ListRequest} with a single pattern; several are carried in it joined by
 * {@link #SEPARATOR}, a character no IMAP string can hold (NUL is outside CHAR8 and TEXT-CHAR), and
 * {@link GatewayListProcessor} answers each of them.</p>
 */
public class GatewayListCommandParser extends ListCommandParser {
    static final char SEPARATOR = '\0';
    private static final ImapRequestLineReader.CharacterValidator LIST_CHARS = new ImapRequestLineReader.AtomCharValidator() {
        @Override
        public boolean isValid(char chr) {
            return ImapRequestLineReader.isListWildcard(chr) || super.isValid(chr);
        }
    };

    @Inject
    public GatewayListCommandParser(StatusResponseFactory statusResponseFactory) {
        super(statusResponseFactory);
    }

    @Override
    public String listMailbox(ImapRequestLineReader request) throws DecodingException {
        if (request.nextWordChar() != '(') {
            return super.listMailbox(request);
        }
        request.consumeChar('(');
        List<String> patterns = new ArrayList<>();
        while (request.nextWordChar() != ')') {
            String pattern = patternInList(request);
            if (pattern.indexOf(SEPARATOR) >= 0) {
                throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "NUL in a mailbox pattern");
            }
            patterns.add(pattern);
        }
        request.consumeChar(')');
        if (patterns.isEmpty()) {
            throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Empty list of mailbox patterns");
        }
        return String.join(String.valueOf(SEPARATOR), patterns);
    }

    /** A quoted or literal pattern, or an atom with wildcards that ends at a space or at the closing parenthesis. */
    private String patternInList(ImapRequestLineReader request) throws DecodingException {
        char next = request.nextWordChar();
        if (next == '"' || next == '{') {
            return super.listMailbox(request);
        }
        return request.consumeWord(LIST_CHARS, true);
    }

    /**
     * RFC 5258 §3: RECURSIVEMATCH alone, or with REMOTE only, selects nothing it could apply to; the server
     * "MUST return BAD tagged response in such case". James accepted it.
     */
    @Override
    protected ImapMessage decode(ImapRequestLineReader request, Tag tag, boolean useUids, ImapSession session) throws DecodingException {
        ImapMessage message = super.decode(request, tag, useUids, session);
        if (message instanceof ListRequest list && list.getSelectOptions().contains(ListRequest.ListSelectOption.RECURSIVEMATCH)) {
            EnumSet<ListRequest.ListSelectOption> others = EnumSet.copyOf(list.getSelectOptions());
            others.removeAll(EnumSet.of(ListRequest.ListSelectOption.RECURSIVEMATCH, ListRequest.ListSelectOption.REMOTE));
            if (others.isEmpty()) {
                throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS,
                    "RECURSIVEMATCH needs another selection option, such as SUBSCRIBED");
            }
        }
        return message;
    }

    /** The patterns a request's mailbox pattern carries. */
    static List<String> patterns(String mailboxPattern) {
        return List.of(mailboxPattern.split(String.valueOf(SEPARATOR), -1));
    }
}
