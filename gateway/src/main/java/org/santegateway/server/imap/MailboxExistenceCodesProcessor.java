package org.santegateway.server.imap;

import java.util.Map;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;

import reactor.core.publisher.Mono;

/**
 * The RFC 5530 codes of a mailbox that already exists or does not: {@code NO [ALREADYEXISTS]} for a CREATE or RENAME to
 * a name in use, {@code NO [NONEXISTENT]} for a SELECT, EXAMINE, DELETE, RENAME, ACL command... of a mailbox that is not
 * there, as Dovecot answers. James 3.8.1 answered both with a bare {@code NO}, and clients that create a folder's
 * parents one by one and go on past {@code [ALREADYEXISTS]} stopped there: offlineimap could not push a local folder
 * {@code Patients/Dupont} when {@code Patients} existed on the server ("Folder 'Patients' could not be created"), and
 * the whole sync of the account ended in error. A {@code NO} that already has a code ({@code [TRYCREATE]} of APPEND,
 * COPY, MOVE) is unchanged.
 */
public class MailboxExistenceCodesProcessor extends DecoratingImapProcessor {
    private static final Map<HumanReadableText, CodedStatusResponse.Code> CODES = Map.of(
        HumanReadableText.MAILBOX_EXISTS, CodedStatusResponse.Code.ALREADYEXISTS,
        HumanReadableText.FAILURE_MAILBOX_EXISTS, CodedStatusResponse.Code.ALREADYEXISTS,
        HumanReadableText.MAILBOX_NOT_FOUND, CodedStatusResponse.Code.NONEXISTENT,
        HumanReadableText.FAILURE_NO_SUCH_MAILBOX, CodedStatusResponse.Code.NONEXISTENT);

    public MailboxExistenceCodesProcessor(ImapProcessor delegate) {
        super(delegate);
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        return delegate.processReactive(message, new CodingResponder(responder), session);
    }

    private record CodingResponder(Responder delegate) implements Responder {
        @Override
        public void respond(ImapResponseMessage message) {
            if (message instanceof StatusResponse status
                && status.getServerResponseType() == StatusResponse.Type.NO
                && status.getTag() != null
                && status.getResponseCode() == null
                && status.getCommand() != null
                && CODES.containsKey(status.getTextKey())) {
                delegate.respond(new CodedStatusResponse(status.getTag(), status.getCommand(), CODES.get(status.getTextKey()),
                    status.getTextKey().getDefaultValue()));
                return;
            }
            delegate.respond(message);
        }

        @Override
        public void flush() {
            delegate.flush();
        }
    }
}
