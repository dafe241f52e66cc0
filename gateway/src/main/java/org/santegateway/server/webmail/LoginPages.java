package org.santegateway.server.webmail;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.Authenticator;
import org.apache.james.mailbox.exception.MailboxException;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.ins.MatriculeIns;
import org.santegateway.server.login.LoginThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in and out of the webmail. Only patients sign in (an address of a patient domain whose
 * local part is a matricule INS); failed logins are slowed down and locked out by the
 * {@link LoginThrottle}, per account and per client address. The session of the login form is
 * replaced by a new one at login.
 *
 * <ul>
 *     <li>{@code GET /connexion}: the form (a signed-in patient goes to the conversations)</li>
 *     <li>{@code POST /connexion}: the login, with the CSRF token of the form's session</li>
 *     <li>{@code POST /deconnexion}: the logout (the router checks the session and its token first)</li>
 * </ul>
 */
public class LoginPages {
    private static final Logger LOGGER = LoggerFactory.getLogger(LoginPages.class);

    private final WebmailSessions sessions;
    private final LoginThrottle throttle;
    private final Authenticator authenticator;
    private final PatientDomains patientDomains;
    private final WebmailSettings settings;

    @Inject
    public LoginPages(WebmailSessions sessions, LoginThrottle throttle, Authenticator authenticator, PatientDomains patientDomains,
                      WebmailSettings settings) {
        this.sessions = sessions;
        this.throttle = throttle;
        this.authenticator = authenticator;
        this.patientDomains = patientDomains;
        this.settings = settings;
    }

    WebResponse handle(WebRequest request) {
        return request.isPost() ? login(request) : loginForm(request, Optional.empty(), 200);
    }

    WebResponse logout(WebmailSessions.Session session) {
        sessions.logout(session.id());
        return WebResponse.redirect("/connexion?deconnecte=1").withHeader("Set-Cookie", WebmailSessions.expiredCookie())
            .withHeader("Clear-Site-Data", "\"cache\", \"cookies\", \"storage\"");
    }

    private WebResponse loginForm(WebRequest request, Optional<String> error, int status) {
        if (!request.isPost() && request.cookie(WebmailSessions.COOKIE).flatMap(sessions::find).flatMap(WebmailSessions.Session::user).isPresent()) {
            return WebResponse.redirect("/conversations");
        }
        WebmailSessions.Session session = request.cookie(WebmailSessions.COOKIE).flatMap(sessions::find)
            .filter(value -> value.user().isEmpty())
            .orElseGet(sessions::anonymous);
        StringBuilder body = new StringBuilder("<h1>Connexion</h1>");
        if (request.queryParameter("deconnecte").isPresent() && error.isEmpty()) {
            body.append(Html.confirmation("message-info", "Vous êtes déconnecté."));
        }
        if (request.queryParameter("reprise").isPresent() && error.isEmpty()) {
            body.append(Html.confirmation("message-info", "Votre session avait expiré : votre message n'a pas été envoyé. "
                + "Reconnectez-vous, il vous sera proposé de nouveau."));
        }
        error.ifPresent(text -> body.append(Html.error("erreur", text)));
        // After an error the address typed stays (never the password), and both fields point to the error.
        String typed = request.isPost() ? request.formField("adresse").trim() : "";
        String invalid = error.isPresent() ? " aria-invalid=\"true\"" : "";
        String described = error.isPresent() ? " erreur" : "";
        body.append("<form method=\"post\" action=\"/connexion\" class=\"connexion\">")
            .append(Html.csrfField(session.csrf()))
            .append("<label for=\"adresse\">Adresse de messagerie santé</label>")
            .append("<p class=\"aide\" id=\"aide-adresse\">Votre numéro INS (15 caractères, sur votre carte Vitale ou vos documents de santé) "
                + "suivi de <span class=\"domaine\">@").append(Html.escape(exampleDomain())).append("</span>, par exemple ")
            .append("<span class=\"exemple\">185057512345673@").append(Html.escape(exampleDomain())).append("</span>.</p>")
            .append("<input id=\"adresse\" name=\"adresse\" type=\"email\" autocomplete=\"username\" required")
            .append(" aria-describedby=\"aide-adresse").append(described).append("\"").append(invalid)
            .append(" value=\"").append(Html.escape(typed.length() > 320 ? "" : typed)).append("\">")
            .append("<label for=\"mot-de-passe\">Mot de passe</label>")
            .append("<input id=\"mot-de-passe\" name=\"motDePasse\" type=\"password\" autocomplete=\"current-password\" required")
            .append(" aria-describedby=\"aide-blocage").append(described).append("\"").append(invalid).append(">")
            .append("<p class=\"aide\" id=\"aide-blocage\">Après ").append(settings.loginPolicy().maxFailures())
            .append(" essais manqués, la connexion à votre compte est bloquée pendant ").append(settings.lockout().toMinutes())
            .append(" minutes.</p>")
            .append("<button type=\"submit\" id=\"se-connecter\">Se connecter</button></form>");
        String title = error.isPresent() ? "Erreur – Connexion" : "Connexion";
        return WebResponse.html(status, Html.publicPage(title, body.toString())).withHeader("Set-Cookie", sessions.cookie(session));
    }

    private WebResponse login(WebRequest request) {
        Optional<WebmailSessions.Session> previous = request.cookie(WebmailSessions.COOKIE).flatMap(sessions::find);
        if (previous.isEmpty() || !previous.get().csrfMatches(request.formField("csrf"))) {
            return loginForm(request, Optional.of("Votre formulaire a expiré. Réessayez."), 403);
        }
        String login = request.formField("adresse").trim();
        String password = request.formField("motDePasse");
        if (login.isEmpty() || password.isEmpty() || login.length() > 320 || password.length() > 1024) {
            return loginForm(request, Optional.of("Saisissez votre adresse et votre mot de passe."), 400);
        }
        if (request.client().map(throttle::checkClient).orElse(new LoginThrottle.Verdict.Allowed()) instanceof LoginThrottle.Verdict.Locked) {
            return loginForm(request, Optional.of("Trop de tentatives échouées depuis votre connexion. "
                + "Réessayez dans " + settings.lockout().toMinutes() + " minutes."), 429);
        }
        if (throttle.check(login) instanceof LoginThrottle.Verdict.Locked) {
            return loginForm(request, Optional.of("Trop de tentatives échouées : votre compte est bloqué temporairement. "
                + "Réessayez dans " + settings.lockout().toMinutes() + " minutes."), 429);
        }
        Optional<Username> user = patient(login);
        boolean authentic = false;
        if (user.isPresent()) {
            try {
                authentic = authenticator.isAuthentic(user.get(), password);
            } catch (MailboxException e) {
                LOGGER.warn("Webmail login could not be checked: {}", e.getClass().getSimpleName());
                return loginForm(request, Optional.of("Service momentanément indisponible."), 503);
            }
        }
        if (!authentic) {
            request.client().ifPresent(throttle::failedFrom);
            Duration delay = throttle.failed(login);
            return loginForm(request, Optional.of("Adresse ou mot de passe incorrect."), 401).delayedBy(delay);
        }
        throttle.succeeded(login);
        WebmailSessions.Session session = sessions.login(previous.map(WebmailSessions.Session::id), user.get());
        // A reply typed when the previous session expired goes back into its form, for this patient only.
        Optional<String> keptReplyPage = request.cookie(WebmailSessions.KEPT_REPLY_COOKIE)
            .flatMap(token -> sessions.restoreKeptReply(token, session));
        WebResponse signedIn = WebResponse.redirect(keptReplyPage.orElse("/conversations")).withHeader("Set-Cookie", sessions.cookie(session));
        return request.cookie(WebmailSessions.KEPT_REPLY_COOKIE).isPresent()
            ? signedIn.withHeader("Set-Cookie", sessions.cookie(session) + "\n" + WebmailSessions.expiredKeptReplyCookie())
            : signedIn;
    }

    /** The patient domain the login page names (the first in alphabetical order when there are several). */
    private String exampleDomain() {
        return patientDomains.domains().stream().map(Domain::asString).sorted().findFirst().orElse("patient.mssante.fr");
    }

    /** Only patients sign in to the webmail: an address of a patient domain whose local part is a matricule INS. */
    private Optional<Username> patient(String login) {
        try {
            MailAddress address = new MailAddress(login.toLowerCase(Locale.ROOT));
            if (!patientDomains.contains(address.getDomain()) || !MatriculeIns.isValid(address.getLocalPart())) {
                return Optional.empty();
            }
            return Optional.of(Username.fromMailAddress(address));
        } catch (AddressException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
