package org.santegateway.server.webmail;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.mailbox.events.MailboxEvents;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.server.outside.PersonalNotices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a patient at the personal address they registered that a message is waiting, when a
 * message is delivered to their inbox. The notification carries no sender, subject or content:
 * only that a message is waiting and the link of the webmail. It is sent as a {@link PersonalNotices}.
 */
public class NewMessageNotifier implements EventListener.GroupEventListener {
    /** The listener's group on James's event bus. */
    public static class NewMessageNotifierGroup extends Group {
    }

    static final String SUBJECT = "Un nouveau message vous attend";
    private static final Group GROUP = new NewMessageNotifierGroup();
    private static final Logger LOGGER = LoggerFactory.getLogger(NewMessageNotifier.class);

    private final NotificationAddresses addresses;
    private final PatientDomains patientDomains;
    private final WebmailSettings settings;
    private final PersonalNotices notices;

    @Inject
    public NewMessageNotifier(NotificationAddresses addresses, PatientDomains patientDomains, WebmailSettings settings, PersonalNotices notices) {
        this.addresses = addresses;
        this.patientDomains = patientDomains;
        this.settings = settings;
        this.notices = notices;
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
        notices.send("new-message", new MailAddress(personal.get()), SUBJECT,
            "Bonjour,\n\nUn nouveau message vous attend sur votre messagerie santé.\n"
            + "Pour le lire, connectez-vous : " + settings.publicUrl() + "\n\n"
            + "Ce courriel est envoyé automatiquement : n'y répondez pas.\n");
        LOGGER.debug("New-message notification queued");
    }
}
