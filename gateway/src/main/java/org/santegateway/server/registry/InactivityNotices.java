package org.santegateway.server.registry;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

import javax.inject.Inject;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.santegateway.server.notices.NoticeSettings;

/**
 * The notice delivered into a mailbox that the inactivity rule will close: from the gateway's postmaster, fixed
 * bilingual text, the date of the closure and how to keep the mailbox (sign in). It goes through the spool like
 * any mail the gateway writes, to a local mailbox.
 */
public class InactivityNotices {
    static final String SUBJECT = "Votre boîte aux lettres sera fermée faute d'utilisation / Your mailbox will be closed for lack of use";
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final DateTimeFormatter FRENCH = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRENCH).withZone(ZoneId.of("Europe/Paris"));
    private static final DateTimeFormatter ENGLISH = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH).withZone(ZoneId.of("Europe/Paris"));

    private final NoticeSettings settings;
    private final MailQueueFactory<?> queues;

    @Inject
    public InactivityNotices(NoticeSettings settings, MailQueueFactory<?> queues) {
        this.settings = settings;
        this.queues = queues;
    }

    public void send(String address, Instant closure) {
        try {
            MailAddress recipient = new MailAddress(address);
            MimeMessage message = new MimeMessage(SESSION);
            message.setFrom(new InternetAddress(settings.postmaster().asString(), "Messagerie sécurisée de santé", "UTF-8"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(address));
            message.setSubject(SUBJECT, "UTF-8");
            message.setText("Bonjour,\n\n"
                + "Personne ne s'est connecté à cette boîte aux lettres depuis près d'un an. Elle sera fermée le "
                + FRENCH.format(closure) + " et son contenu supprimé, sauf connexion d'ici là (messagerie, client de "
                + "messagerie ou logiciel). Une connexion suffit à la conserver.\n\n"
                + "Hello,\n\nNobody has signed in to this mailbox for almost a year. It will be closed on "
                + ENGLISH.format(closure) + " and its content deleted, unless someone signs in before then. "
                + "One login is enough to keep it.\n", "UTF-8");
            message.saveChanges();
            Mail mail = MailImpl.builder()
                .name("inactivity-notice-" + UUID.randomUUID())
                .sender(settings.postmaster())
                .addRecipient(recipient)
                .mimeMessage(message)
                .addAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE)
                .build();
            try {
                queues.createQueue(MailQueueFactory.SPOOL).enQueue(mail);
            } finally {
                LifecycleUtil.dispose(mail);
            }
        } catch (MessagingException | java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException("the inactivity notice could not be queued", e);
        }
    }
}
