package org.santegateway.notices;

import java.util.Locale;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;

/**
 * What counts as a notice: a delivery status notification (RFC 3464), a message disposition
 * notification (RFC 8098) or another report, that is mail with a null envelope sender or a
 * {@code multipart/report} body. The loop rule of the gateway rests on it: a notice that fails or is
 * refused is never answered with another notice (RFC 3461 section 6.2, RFC 8098 section 2.1), and a
 * notice asks for no acknowledgement.
 */
public final class Notices {
    static final String REPORT_TYPE = "multipart/report";

    private Notices() {
    }

    /** Whether {@code mail} is a notice: null sender, or a report as its body. */
    public static boolean isNotice(Mail mail) {
        if (!mail.hasSender()) {
            return true;
        }
        try {
            return isReport(mail.getMessage());
        } catch (MessagingException e) {
            // Without a readable message only the envelope decides: the null sender is the rule of RFC 5321.
            return false;
        }
    }

    /** Whether {@code message} is a report ({@code multipart/report}, whatever its report-type). */
    public static boolean isReport(MimeMessage message) throws MessagingException {
        if (message == null) {
            return false;
        }
        String[] contentType = message.getHeader("Content-Type");
        return contentType != null && contentType.length > 0
            && contentType[0].strip().toLowerCase(Locale.ROOT).startsWith(REPORT_TYPE);
    }

    /**
     * Whether {@code mail} is a notice the gateway generated itself (null sender, sent by a mailet: a
     * DSN, an MDN of the document filing): it speaks for the gateway, not for a user.
     */
    public static boolean isGatewayNotice(Mail mail) {
        return !mail.hasSender() && mail.getAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE.getName()).isPresent();
    }
}
