package org.santegateway.mailets;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.santegateway.notices.PersonalAddressFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounce processor of the outside path: a personal notice the remote server refused for good marks each of its
 * recipients (a patient's personal address) as failing, shown to the patient and to admins, and is then consumed.
 * Nothing is sent to anybody: the sender of a notice is the gateway, and a patient's address must not be told to
 * anyone else.
 *
 * <pre>{@code
 * <processor state="outside-bounces">
 *     <mailet match="All" class="org.santegateway.mailets.RecordFailedPersonalNotice"/>
 * </processor>
 * }</pre>
 */
public class RecordFailedPersonalNotice extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecordFailedPersonalNotice.class);

    private final PersonalAddressFailures failures;

    @Inject
    public RecordFailedPersonalNotice(PersonalAddressFailures failures) {
        this.failures = failures;
    }

    @Override
    public void init() throws javax.mail.MessagingException {
        checkInitParameters(java.util.Set.of());
    }

    @Override
    public void service(Mail mail) {
        for (MailAddress recipient : mail.getRecipients()) {
            failures.failed(recipient);
        }
        LOGGER.info("A personal notice was refused by the remote server: {}", mail.getName());
        mail.setState(Mail.GHOST);
    }
}
