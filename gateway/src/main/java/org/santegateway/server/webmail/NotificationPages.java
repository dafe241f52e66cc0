package org.santegateway.server.webmail;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.santegateway.conversation.PatientDomains;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The personal address a patient wants told of new messages (the notification names no sender,
 * subject or content). An address of a patient domain is refused: the point is to reach the
 * patient outside the health messaging.
 *
 * A new address is used only once the patient opened the link sent to it (a typo never sends notices to a
 * stranger); its state (waiting for confirmation, refused by its mail server) is shown.
 *
 * <ul>
 *     <li>{@code GET /notifications}: the form with the current address</li>
 *     <li>{@code POST /notifications}: a new address (a confirmation link is sent to it), or none</li>
 *     <li>{@code GET/POST /notifications/confirmer?jeton=...}: the confirmation, signed in or not</li>
 * </ul>
 */
public class NotificationPages {
    private static final Logger LOGGER = LoggerFactory.getLogger(NotificationPages.class);

    private final NotificationAddresses notificationAddresses;
    private final PatientDomains patientDomains;
    private final ConfirmationNotices confirmations;
    private final WebmailSessions sessions;

    @Inject
    public NotificationPages(NotificationAddresses notificationAddresses, PatientDomains patientDomains, ConfirmationNotices confirmations,
                             WebmailSessions sessions) {
        this.notificationAddresses = notificationAddresses;
        this.patientDomains = patientDomains;
        this.confirmations = confirmations;
        this.sessions = sessions;
    }

    /**
     * {@code GET /notifications/confirmer?jeton=...}: the page the confirmation link opens, signed in or not, with a button
     * (a link a mail scanner fetches confirms nothing); {@code POST} confirms.
     */
    WebResponse confirmation(WebRequest request) {
        WebmailSessions.Session session = request.cookie(WebmailSessions.COOKIE).flatMap(sessions::find).orElseGet(sessions::anonymous);
        String token = request.isPost() ? request.formField("jeton") : request.queryParameter("jeton").orElse("");
        StringBuilder body = new StringBuilder("<h1>Confirmer mon adresse personnelle</h1>");
        int status = 200;
        if (request.isPost()) {
            if (!session.csrfMatches(request.formField("csrf"))) {
                body.append(Html.error("erreur", "Votre formulaire a expiré. Ouvrez de nouveau le lien du courriel."));
                status = 403;
            } else if (notificationAddresses.confirm(token)) {
                body.append(Html.confirmation("message-info", "Adresse confirmée : vous serez prévenu des nouveaux messages."));
                return WebResponse.html(200, Html.publicPage("Adresse confirmée", body.toString()));
            } else {
                body.append(Html.error("erreur", "Ce lien n'est plus valable. Enregistrez de nouveau votre adresse dans la messagerie."));
                status = 400;
            }
        }
        body.append("<p>Confirmez que cette adresse est la vôtre pour y recevoir les notifications de la messagerie santé.</p>")
            .append("<form method=\"post\" action=\"/notifications/confirmer\">").append(Html.csrfField(session.csrf()))
            .append("<input type=\"hidden\" name=\"jeton\" value=\"").append(Html.escape(token.length() > 100 ? "" : token)).append("\">")
            .append("<button type=\"submit\" id=\"confirmer\">Confirmer mon adresse</button></form>");
        return WebResponse.html(status, Html.publicPage(status == 200 ? "Confirmer mon adresse" : "Erreur – Confirmer mon adresse",
            body.toString())).withHeader("Set-Cookie", sessions.cookie(session));
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
        if (refusal.isEmpty() && info.isEmpty() && typed.isEmpty()) {
            registered.filter(address -> !address.confirmed()).ifPresent(address -> body.append(Html.confirmation("attente-confirmation",
                "Adresse en attente de confirmation : ouvrez le lien du courriel envoyé à " + address.address()
                    + ". Les notifications commenceront ensuite.")));
        }
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
            .append("<button type=\"submit\" id=\"enregistrer\">Enregistrer</button></form>")
            .append("<h2>Mon espace santé</h2><p><a href=\"/espace\" id=\"lien-espace\">Clôturer, rouvrir ou supprimer mon espace santé</a></p>");
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
            String token = notificationAddresses.register(user, address);
            try {
                confirmations.send(address, token);
            } catch (MessagingException e) {
                LOGGER.warn("A confirmation link could not be queued: {}", e.getClass().getSimpleName());
                return notificationForm(session, user, Optional.empty(), Optional.of("le courriel de confirmation n'a pas pu être envoyé. "
                    + "Réessayez plus tard."), typed);
            }
            return notificationForm(session, user, Optional.of("Adresse enregistrée : ouvrez le lien du courriel envoyé à " + address.asString()
                + " pour la confirmer. Les notifications commenceront ensuite."), Optional.empty(), Optional.empty());
        } catch (AddressException e) {
            return notificationForm(session, user, Optional.empty(), Optional.of("cette adresse n'est pas valide (exemple : prenom.nom@exemple.fr)."),
                typed);
        }
    }
}
