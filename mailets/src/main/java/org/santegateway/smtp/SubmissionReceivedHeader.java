package org.santegateway.smtp;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.ReceivedDataLineFilter;

/**
 * The {@code Received} header of a message a user submitted after authenticating: it says which server took the
 * message, how and when, and nothing about where the user was. James's header starts with
 * {@code from <reverse DNS name> (EHLO <client's name>) ([<client's address>])}: a professional's home or practice
 * address and the name of their computer, carried in the message to every recipient, the other operators and the
 * patients among them. The address stays in the gateway's own records (the connection log and the audit trail), as
 * the large mail services do; mail received from another operator keeps James's full header.
 *
 * <p>{@code with ESMTPSA} when the session is encrypted, {@code ESMTPA} otherwise (RFC 3848). The recipient is named
 * when the message has only one, as James does.
 */
public class SubmissionReceivedHeader extends ReceivedDataLineFilter {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z (zzz)", Locale.US);

    @Override
    protected Collection<Header> headers(SMTPSession session) {
        if (session.getUsername() == null) {
            return super.headers(session);
        }
        Header received = new Header("Received", "by " + session.getConfiguration().getHelloName() + " with "
            + (session.isTLSStarted() ? "ESMTPSA" : "ESMTPA") + " id " + session.getSessionID());
        List<MailAddress> recipients = session.getAttachment(SMTPSession.RCPT_LIST, State.Transaction).orElse(List.of());
        if (recipients.size() == 1) {
            received.add("for <" + recipients.get(0).asString() + ">;");
        } else {
            received.values.set(0, received.values.get(0) + ";");
        }
        received.add(DATE.format(ZonedDateTime.now()));
        return List.of(received);
    }
}
