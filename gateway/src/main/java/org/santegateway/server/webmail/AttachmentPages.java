package org.santegateway.server.webmail;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;

/**
 * The attachments of the patient's messages, always downloaded (never shown in the webmail's
 * origin), and only from the patient's own mailboxes.
 *
 * <ul>
 *     <li>{@code GET /messages/{mailbox}/{uid}/pieces/{index}}</li>
 * </ul>
 */
public class AttachmentPages {
    private final PatientMessages messages;
    private final MailboxId.Factory mailboxIds;

    @Inject
    public AttachmentPages(PatientMessages messages, MailboxId.Factory mailboxIds) {
        this.messages = messages;
        this.mailboxIds = mailboxIds;
    }

    WebResponse attachment(Username user, String mailbox, String uid, String index) {
        try {
            MailboxId mailboxId = mailboxIds.fromString(mailbox);
            Optional<MimeMessage> message = messages.message(user, mailboxId, MessageUid.of(Long.parseLong(uid)));
            if (message.isEmpty()) {
                return WebResponse.notFound();
            }
            int position = Integer.parseInt(index);
            List<MessageRenderer.Attachment> attachments = MessageRenderer.attachments(message.get());
            if (position < 0 || position >= attachments.size()) {
                return WebResponse.notFound();
            }
            MessageRenderer.Attachment attachment = attachments.get(position);
            return WebResponse.download(attachment.fileName(), attachment.content());
        } catch (IllegalArgumentException e) {
            return WebResponse.notFound();
        } catch (IOException | MessagingException e) {
            return WebResponse.html(500, Html.errorPage("Cette pièce jointe ne peut pas être lue."));
        }
    }
}
