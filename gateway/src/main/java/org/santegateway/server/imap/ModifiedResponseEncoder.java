package org.santegateway.server.imap;

import java.io.IOException;

import org.apache.james.imap.encode.ImapResponseComposer;
import org.apache.james.imap.encode.ImapResponseEncoder;

/** Writes a {@link ModifiedResponse}: {@code <tag> OK [MODIFIED <set>] <command> Conditional STORE failed.} */
public class ModifiedResponseEncoder implements ImapResponseEncoder<ModifiedResponse> {
    @Override
    public Class<ModifiedResponse> acceptableMessages() {
        return ModifiedResponse.class;
    }

    @Override
    public void encode(ModifiedResponse response, ImapResponseComposer composer) throws IOException {
        composer.tag(response.tag());
        composer.message("OK");
        composer.openSquareBracket();
        composer.message("MODIFIED");
        composer.message(response.failedSet());
        composer.closeSquareBracket();
        composer.commandName(response.command());
        composer.message("Conditional STORE failed.");
        composer.end();
    }
}
