package org.santegateway.smime.mime;

import java.util.List;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MimeMessage;
import javax.mail.util.SharedByteArrayInputStream;

/**
 * A message made of given header lines and a body shared with the buffer the engine wrote it into:
 * no copy of the content and no re-parse. It counts as saved, so that writing it out does not
 * change its Message-ID.
 */
public final class AssembledMimeMessage extends MimeMessage {
    private static final Session SESSION = Session.getInstance(new Properties());

    private AssembledMimeMessage(InternetHeaders headers, SharedByteArrayInputStream body) {
        super(SESSION);
        this.headers = headers;
        this.contentStream = body;
        this.modified = false;
        this.saved = true;
    }

    /**
     * @param headerLines raw header lines (folded lines included), without their final CRLF
     * @param body        the body, already transfer-encoded as the headers say
     */
    public static MimeMessage of(List<String> headerLines, SharedByteArrayInputStream body) {
        InternetHeaders headers = new InternetHeaders();
        for (String line : headerLines) {
            headers.addHeaderLine(line);
        }
        return new AssembledMimeMessage(headers, body);
    }

    /** A rebuilt message keeps the Message-ID of the message it was built from; one is added only when it has none. */
    @Override
    protected void updateMessageID() throws javax.mail.MessagingException {
        if (getMessageID() == null) {
            super.updateMessageID();
        }
    }
}
