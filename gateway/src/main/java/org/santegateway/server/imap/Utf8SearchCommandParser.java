package org.santegateway.server.imap;

import java.nio.charset.StandardCharsets;

import javax.inject.Inject;

import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.message.request.SearchKey;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.DecodingException;
import org.apache.james.imap.decode.ImapRequestLineReader;
import org.apache.james.imap.decode.parser.SearchCommandParser;

/**
 * SEARCH strings without a {@code CHARSET} read as UTF-8, as RFC 9051 §6.4.4 (IMAP4rev2) makes it the default and as
 * Dovecot reads them. James 3.8.1 read them as US-ASCII and answered {@code BAD SEARCH failed. Illegal encoding.} to a
 * search for {@code "échographie"} sent without {@code CHARSET UTF-8}, which some clients omit (a phone searching a
 * name with an accent got an error instead of the message). US-ASCII being a subset of UTF-8, every search James
 * accepted reads the same; an explicit {@code CHARSET} is honoured as before.
 */
public class Utf8SearchCommandParser extends SearchCommandParser {
    @Inject
    public Utf8SearchCommandParser(StatusResponseFactory statusResponseFactory) {
        super(statusResponseFactory);
    }

    @Override
    protected SearchKey searchKey(ImapSession session, ImapRequestLineReader request, Context context, boolean isFirstToken)
            throws DecodingException {
        if (context.getCharset() == null) {
            context.setCharset(StandardCharsets.UTF_8);
        }
        return super.searchKey(session, request, context, isFirstToken);
    }
}
