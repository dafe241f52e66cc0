package org.santegateway.server.webmail;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.santegateway.conversation.PatientDomains;

/**
 * The personal address a patient wants told of new messages (the notification names no sender,
 * subject or content). An address of a patient domain is refused: the point is to reach the
 * patient outside the health messaging.
 *
 * <ul>
 *     <li>{@code GET /notifications}: the form with the current address</li>
 *     <li>{@code POST /notifications}: a new address, or none</li>
 * </ul>
 */
public class NotificationPages {
    private final NotificationAddresses notificationAddresses;
    private final PatientDomains patientDomains;

    @Inject
    public NotificationPages(NotificationAddresses notificationAddresses, PatientDomains patientDomains) {
        this.notificationAddresses = notificationAddresses;
        this.patientDomains = patientDomains;
    }

    WebResponse form(WebmailSessions.Session session, Username user) {
        return notificationForm(session, user, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * The form with the registered address, or after a refusal the address as typed (tied to the error: it is kept,
     * marked invalid and described by the error, and the title says so).
     */
    private WebResponse notificationForm(WebmailSessions.Session session, Username user, Optional<String> info,
                                         Optional<String> refusal, Optional<String> typed) {
        Optional<NotificationAddresses.Registered> registered = notificationAddresses.state(user);
        String shown = typed.orElseGet(() -> registered.map(NotificationAddresses.Registered::address).orElse(""));
        StringBuilder body = new StringBuilder("<h1>Notifications</h1>");
        info.ifPresent(text -> body.append(Html.confirmation("message-info", text)));
        refusal.ifPresent(text -> body.append(Html.error("erreur", text)));
        if (refusal.isEmpty() && info.isEmpty()) {
            registered.flatMap(NotificationAddresses.Registered::failedAt).ifPresent(failed -> body.append(Html.error("echec-adresse",
                "le dernier courriel envoyé à " + registered.get().address() + " a été refusé par sa messagerie le " + Html.date(failed)
                    + ". Vérifiez l'adresse et enregistrez-la de nouveau.")));
        }
        body.append("<p>Recevez un courriel sur votre adresse personnelle quand un message vous attend. "
            + "Ce courriel ne contient ni l'expéditeur, ni l'objet, ni le contenu du message.</p>");
        body.append("<form method=\"post\" action=\"/notifications\" class=\"notifications\">").append(Html.csrfField(session.csrf()))
            .append("<label for=\"adresse-personnelle\">Adresse personnelle (laisser vide pour ne plus être prévenu)</label>")
            .append("<input id=\"adresse-personnelle\" name=\"adresse\" type=\"email\" autocomplete=\"email\" maxlength=\"320\"")
            .append(refusal.isPresent() ? " aria-invalid=\"true\" aria-describedby=\"erreur\"" : "")
            .append(" value=\"").append(Html.escape(shown)).append("\">")
            .append("<button type=\"submit\" id=\"enregistrer\">Enregistrer</button></form>");
        return WebResponse.html(Html.page(Html.Section.NOTIFICATIONS, refusal.isPresent() ? "Erreur – Notifications" : "Notifications",
            session.csrf(), body.toString()));
    }

    WebResponse save(WebmailSessions.Session session, Username user, WebRequest request) {
        String value = request.formField("adresse").trim();
        if (value.isEmpty()) {
            notificationAddresses.remove(user);
            return notificationForm(session, user, Optional.of("Vous ne recevrez plus de notification."), Optional.empty(), Optional.empty());
        }
        Optional<String> typed = Optional.of(value.length() > 320 ? value.substring(0, 320) : value);
        try {
            MailAddress address = new MailAddress(value);
            if (patientDomains.contains(address.getDomain())) {
                return notificationForm(session, user, Optional.empty(),
                    Optional.of("indiquez une adresse personnelle, pas une adresse de messagerie santé."), typed);
            }
            notificationAddresses.set(user, address);
            return notificationForm(session, user, Optional.of("Adresse enregistrée."), Optional.empty(), Optional.empty());
        } catch (AddressException e) {
            return notificationForm(session, user, Optional.empty(), Optional.of("cette adresse n'est pas valide (exemple : prenom.nom@exemple.fr)."),
                typed);
        }
    }
}
