package org.santegateway.server.webmail;

import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import javax.inject.Inject;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.mailbox.events.MailboxEvents;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.santegateway.conversation.PatientDomains;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a patient at the personal address they registered that a message is waiting, when a
 * message is delivered to their inbox. The notification carries no sender, subject or content:
 * only that a message is waiting and the link of the webmail. It goes through the spool like any
 * mail the gateway generates.
 */
public class NewMessageNotifier implements EventListener.GroupEventListener {
    /** The listener's group on James's event bus. */
    public static class NewMessageNotifierGroup extends Group {
    }

    static final String SUBJECT = "Un nouveau message vous attend";
    private static final Group GROUP = new NewMessageNotifierGroup();
    private static final Logger LOGGER = LoggerFactory.getLogger(NewMessageNotifier.class);
    private static final Session MAIL_SESSION = Session.getInstance(new Properties());

    private final NotificationAddresses addresses;
    private final PatientDomains patientDomains;
    private final WebmailSettings settings;
    private final MailQueueFactory<?> queues;

    @Inject
    public NewMessageNotifier(NotificationAddresses addresses, PatientDomains patientDomains, WebmailSettings settings, MailQueueFactory<?> queues) {
        this.addresses = addresses;
        this.patientDomains = patientDomains;
        this.settings = settings;
        this.queues = queues;
    }

    @Override
    public Group getDefaultGroup() {
        return GROUP;
    }

    @Override
    public boolean isHandling(Event event) {
        return event instanceof MailboxEvents.Added;
    }

    @Override
    public void event(Event event) throws Exception {
        if (!(event instanceof MailboxEvents.Added added) || !added.getMailboxPath().getName().equalsIgnoreCase("INBOX")) {
            return;
        }
        Username owner = added.getMailboxPath().getUser();
        if (owner.getDomainPart().isEmpty() || !patientDomains.contains(owner.getDomainPart().get())) {
            return;
        }
        Optional<String> personal = addresses.get(owner);
        if (personal.isEmpty()) {
            return;
        }
        MailQueue spool = queues.createQueue(MailQueueFactory.SPOOL);
        MailAddress recipient = new MailAddress(personal.get());
        MailAddress sender = new MailAddress(settings.notificationSender());
        MimeMessage message = new MimeMessage(MAIL_SESSION);
        message.setFrom(new InternetAddress(sender.asString(), "Messagerie santé", "UTF-8"));
        message.addRecipient(javax.mail.Message.RecipientType.TO, recipient.toInternetAddress().orElseThrow());
        message.setSubject(SUBJECT, "UTF-8");
        message.setText("Bonjour,\n\nUn nouveau message vous attend sur votre messagerie santé.\n"
            + "Pour le lire, connectez-vous : " + settings.publicUrl() + "\n\n"
            + "Ce courriel est envoyé automatiquement : n'y répondez pas.\n", "UTF-8");
        message.saveChanges();
        spool.enQueue(MailImpl.builder()
            .name("webmail-notification-" + UUID.randomUUID())
            .sender(sender)
            .addRecipient(recipient)
            .mimeMessage(message)
            .addAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE)
            .build());
        LOGGER.debug("New-message notification queued");
    }
}
