package org.santegateway.server.imap;

import org.apache.james.imap.api.ImapCommand;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.message.response.ImapResponseMessage;

/**
 * A tagged NO with a response code James 3.8.1 cannot write (its extension codes all start with
 * {@code X}): the RFC 5530 codes {@code AUTHENTICATIONFAILED} and {@code UNAVAILABLE} of the token
 * logins, {@code CANNOT} of a DELETE of the INBOX, {@code ALREADYEXISTS} and {@code NONEXISTENT} of mailbox names
 * ({@link MailboxExistenceCodesProcessor}). Written by {@link CodedStatusResponseEncoder}.
 */
public record CodedStatusResponse(Tag tag, ImapCommand command, Code code, String text) implements ImapResponseMessage {
    /** The RFC 5530 codes used. */
    public enum Code {
        AUTHENTICATIONFAILED, UNAVAILABLE, CANNOT, ALREADYEXISTS, NONEXISTENT
    }
}
