package org.santegateway.server.imap;

import java.io.IOException;

import org.apache.james.imap.encode.ImapResponseComposer;
import org.apache.james.imap.encode.ImapResponseEncoder;

/** Writes a {@link CodedStatusResponse}: {@code <tag> NO [<code>] <command> <text>}. */
public class CodedStatusResponseEncoder implements ImapResponseEncoder<CodedStatusResponse> {
    @Override
    public Class<CodedStatusResponse> acceptableMessages() {
        return CodedStatusResponse.class;
    }

    @Override
    public void encode(CodedStatusResponse response, ImapResponseComposer composer) throws IOException {
        composer.tag(response.tag());
        composer.message("NO");
        composer.openSquareBracket();
        composer.message(response.code().name());
        composer.closeSquareBracket();
        composer.commandName(response.command());
        composer.message(response.text());
        composer.end();
    }
}
