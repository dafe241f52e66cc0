package org.santegateway.server.outside;

import java.util.Properties;
import java.util.UUID;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.santegateway.notices.PersonalNotice;

/**
 * The one way the gateway writes to a personal address outside the trust space (a patient's own
 * mailbox on the internet): new-message notifications and patient-space notices. Their texts are
 * fixed by the caller and carry no health data (no sender, no subject, no content of a message).
 *
 * <p>The mail goes through the spool like any mail the gateway generates, marked with
 * {@link #OUTSIDE_NOTICE}: a mail attribute, which nothing received over SMTP or from the webmail can
 * carry, and which is the only thing that lets a mail take the path to the outside world.</p>
 */
public class PersonalNotices {
    /** Marks a mail built here; its value is the kind of notice (a short identifier, for counters). */
    public static final AttributeName OUTSIDE_NOTICE = PersonalNotice.ATTRIBUTE;

    private static final Session MAIL_SESSION = Session.getInstance(new Properties());

    private final MailAddress sender;
    private final MailQueueFactory<?> queues;

    /** @param sender the address the notices come from (its domain is this gateway's, reachable from the internet) */
    public PersonalNotices(MailAddress sender, MailQueueFactory<?> queues) {
        this.sender = sender;
        this.queues = queues;
    }

    /**
     * Queues a notice of the given kind (a short identifier such as {@code new-message}) to a personal
     * address, with a fixed subject and plain-text body.
     */
    public void send(String kind, MailAddress recipient, String subject, String text) throws MessagingException {
        MimeMessage message = new MimeMessage(MAIL_SESSION);
        try {
            message.setFrom(new InternetAddress(sender.asString(), "Messagerie santé", "UTF-8"));
        } catch (java.io.UnsupportedEncodingException e) {
            throw new MessagingException("UTF-8 is always supported", e);
        }
        message.addRecipient(javax.mail.Message.RecipientType.TO, recipient.toInternetAddress().orElseThrow());
        message.setSubject(subject, "UTF-8");
        message.setText(text, "UTF-8");
        message.saveChanges();
        MailQueue spool = queues.createQueue(MailQueueFactory.SPOOL);
        Mail mail = MailImpl.builder()
            .name("personal-notice-" + UUID.randomUUID())
            .sender(sender)
            .addRecipient(recipient)
            .mimeMessage(message)
            .addAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE)
            .addAttribute(new Attribute(OUTSIDE_NOTICE, AttributeValue.of(kind)))
            .build();
        try {
            spool.enQueue(mail);
        } finally {
            LifecycleUtil.dispose(mail);
        }
    }
}
