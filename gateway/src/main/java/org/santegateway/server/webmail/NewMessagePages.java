package org.santegateway.server.webmail;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.santegateway.conversation.PatientInitiatedMailboxes;

/**
 * A new message from the patient to an organisational mailbox that accepts messages patients
 * start (a patient cannot start a conversation with a professional: they answer). The
 * conversation policy decides, as for any message.
 *
 * <ul>
 *     <li>{@code GET /nouveau}: the form, with the mailboxes that accept new messages</li>
 *     <li>{@code POST /nouveau}: the message</li>
 * </ul>
 */
public class NewMessagePages {
    private final PatientInitiatedMailboxes organisations;
    private final PatientMailSender sender;

    @Inject
    public NewMessagePages(PatientInitiatedMailboxes organisations, PatientMailSender sender) {
        this.organisations = organisations;
        this.sender = sender;
    }

    WebResponse form(WebmailSessions.Session session) {
        return newMessageForm(session, Optional.empty(), Optional.empty());
    }

    private WebResponse newMessageForm(WebmailSessions.Session session, Optional<String> refusal, Optional<String> info) {
        List<MailAddress> mailboxes = organisations.list();
        StringBuilder body = new StringBuilder("<h1>Écrire à un établissement</h1>");
        body.append("<p>Pour écrire à un professionnel de santé qui vous a écrit, ouvrez votre conversation avec lui et répondez-y "
            + "(tant qu'il ne l'a pas clôturée). Les messageries d'établissement ci-dessous acceptent aussi vos nouveaux messages.</p>");
        refusal.ifPresent(text -> body.append("<p class=\"erreur\" id=\"erreur\" role=\"alert\">Message refusé : ").append(Html.escape(text)).append("</p>"));
        info.ifPresent(text -> body.append("<p class=\"info\" id=\"message-info\" role=\"status\">").append(Html.escape(text)).append("</p>"));
        if (mailboxes.isEmpty()) {
            body.append("<p id=\"aucun-etablissement\">Aucun établissement n'accepte de nouveaux messages pour le moment.</p>");
        }
        body.append("<form method=\"post\" action=\"/nouveau\" class=\"nouveau\">").append(Html.csrfField(session.csrf()))
            .append("<label for=\"destinataire\">Destinataire</label><select id=\"destinataire\" name=\"destinataire\" required>");
        for (MailAddress mailbox : mailboxes) {
            body.append("<option value=\"").append(Html.escape(mailbox.asString())).append("\">").append(Html.escape(mailbox.asString())).append("</option>");
        }
        body.append("</select><label for=\"objet\">Objet</label><input id=\"objet\" name=\"objet\" maxlength=\"200\" required>")
            .append("<label for=\"texte\">Message</label><textarea id=\"texte\" name=\"texte\" rows=\"6\" required></textarea>")
            .append("<button type=\"submit\" id=\"envoyer\">Envoyer</button></form>");
        return WebResponse.html(Html.page(Html.Section.NOUVEAU, "Nouveau message", session.csrf(), body.toString()));
    }

    WebResponse send(WebmailSessions.Session session, Username user, WebRequest request) {
        String text = request.formField("texte");
        String subject = request.formField("objet").trim();
        if (text.isBlank() || subject.isEmpty() || text.length() > Drafts.MAX_TEXT || subject.length() > 200) {
            return newMessageForm(session, Optional.of("indiquez un objet et un message."), Optional.empty());
        }
        MailAddress recipient;
        try {
            recipient = new MailAddress(request.formField("destinataire").trim());
        } catch (AddressException e) {
            return newMessageForm(session, Optional.of("destinataire invalide."), Optional.empty());
        }
        // The policy decides: only an organisational mailbox accepting patient-initiated messages passes.
        Optional<String> refused = Drafts.send(sender, user,
            new PatientMailSender.Draft(List.of(recipient), subject, text, List.of(), Optional.empty(), List.of()));
        if (refused.isPresent()) {
            return newMessageForm(session, refused, Optional.empty());
        }
        return newMessageForm(session, Optional.empty(), Optional.of("Votre message a été envoyé."));
    }
}
