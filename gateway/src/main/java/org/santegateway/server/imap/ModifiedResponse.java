package org.santegateway.server.imap;

import org.apache.james.imap.api.ImapCommand;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.message.response.ImapResponseMessage;

/**
 * The tagged OK of a conditional STORE that did not change some messages (RFC 7162 §3.1.3):
 * {@code <tag> OK [MODIFIED <set>] <command> Conditional STORE failed.}, the set being those messages' numbers or
 * UIDs. Written by {@link ModifiedResponseEncoder}.
 */
public record ModifiedResponse(Tag tag, ImapCommand command, String failedSet) implements ImapResponseMessage {
}
