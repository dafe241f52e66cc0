package org.santegateway.server.webmail;

import java.time.Duration;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.santegateway.audit.ActorKind;
import org.santegateway.server.login.LoginThrottle;
import org.santegateway.server.registry.RegistryRefusal;
import org.santegateway.server.spaces.PatientSpace;
import org.santegateway.server.spaces.PatientSpaces;
import org.santegateway.server.spaces.SpaceState;

/**
 * The pages of a patient space's life that need no account: the objection ({@code /opposition}: the INS and the code
 * of the announcement; the space is never created) and the activation ({@code /activation}: the INS, the code of the
 * opening notice and the first password). Wrong codes count as failed logins of that INS (same lockout). Signed in,
 * {@code /espace} shows the space's state and lets its holder close it, reopen it (when they closed it themselves) and
 * ask for its deletion.
 */
public class SpacePages {
    private static final java.time.format.DateTimeFormatter DATE = java.time.format.DateTimeFormatter
        .ofPattern("d MMMM yyyy", java.util.Locale.FRENCH).withZone(java.time.ZoneId.of("Europe/Paris"));
    private final WebmailSessions sessions;
    private final PatientSpaces spaces;
    private final LoginThrottle throttle;
    private final WebmailSettings settings;

    @Inject
    public SpacePages(WebmailSessions sessions, PatientSpaces spaces, LoginThrottle throttle, WebmailSettings settings) {
        this.sessions = sessions;
        this.spaces = spaces;
        this.throttle = throttle;
        this.settings = settings;
    }

    WebResponse objection(WebRequest request) {
        if (!request.isPost()) {
            return objectionForm(request, Optional.empty(), 200);
        }
        Optional<WebResponse> refused = checked(request, this::objectionForm);
        if (refused.isPresent()) {
            return refused.get();
        }
        String ins = request.formField("ins").strip();
        try {
            spaces.object(ins, request.formField("code"));
        } catch (RegistryRefusal refusal) {
            return failed(request, ins, refusal, this::objectionForm);
        }
        throttle.succeeded("space:" + ins.toUpperCase(java.util.Locale.ROOT), "space.code");
        return WebResponse.html(200, Html.publicPage("Opposition enregistrée", "<h1>Opposition enregistrée</h1>"
            + Html.confirmation("message-info", "Votre opposition est enregistrée : votre espace santé ne sera pas créé.")));
    }

    WebResponse activation(WebRequest request) {
        if (!request.isPost()) {
            return activationForm(request, Optional.empty(), 200);
        }
        Optional<WebResponse> refused = checked(request, this::activationForm);
        if (refused.isPresent()) {
            return refused.get();
        }
        String ins = request.formField("ins").strip();
        String password = request.formField("motDePasse");
        if (!password.equals(request.formField("confirmation"))) {
            return activationForm(request, Optional.of("Les deux mots de passe ne sont pas identiques."), 400);
        }
        try {
            spaces.activate(ins, request.formField("code"), password);
        } catch (RegistryRefusal refusal) {
            return failed(request, ins, refusal, this::activationForm);
        }
        throttle.succeeded("space:" + ins.toUpperCase(java.util.Locale.ROOT), "space.code");
        return WebResponse.html(200, Html.publicPage("Espace activé", "<h1>Votre espace santé est activé</h1>"
            + Html.confirmation("message-info", "Votre mot de passe est enregistré.")
            + "<p><a href=\"/connexion\">Se connecter</a></p>"));
    }

    /** {@code GET /espace}: the state of the patient's space, with what they may do about it. */
    WebResponse space(WebmailSessions.Session session, Username user, Optional<String> info, Optional<String> error) {
        String ins = user.getLocalPart().toUpperCase(java.util.Locale.ROOT);
        Optional<PatientSpace> space = spaces.find(ins);
        SpaceState state = space.map(PatientSpace::state).orElse(SpaceState.ACTIVATED);
        StringBuilder body = new StringBuilder("<h1>Mon espace santé</h1>");
        info.ifPresent(text -> body.append(Html.confirmation("message-info", text)));
        error.ifPresent(text -> body.append(Html.error("erreur", text)));
        if (state == SpaceState.CLOSED) {
            body.append("<p id=\"etat-espace\">Votre espace santé est clôturé. Vos messages et vos documents restent consultables, "
                + "en lecture seule, jusqu'au ").append(Html.escape(space.flatMap(PatientSpace::dueAt).map(DATE::format).orElse("terme de l'archivage")))
                .append(" ; vous ne pouvez plus ni recevoir ni envoyer de message.</p>");
            if (space.flatMap(PatientSpace::closeReason).filter(PatientSpaces.CloseReason.PATIENT.name()::equals).isPresent()) {
                body.append(action(session, "/espace/reouverture", "reouvrir", "Rouvrir mon espace santé", Optional.empty()));
            }
            body.append("<p>Vous pouvez aussi demander la suppression de votre espace : il sera supprimé, avec vos messages et vos "
                + "documents, dans trois mois.</p>")
                .append(action(session, "/espace/suppression", "supprimer", "Demander la suppression",
                    Optional.of("Je comprends que mes messages et mes documents seront supprimés définitivement.")));
        } else {
            body.append("<p id=\"etat-espace\">Votre espace santé est ouvert.</p>")
                .append("<p>Si vous le clôturez, vous ne recevrez plus de message et ne pourrez plus en envoyer ; vos messages et vos "
                    + "documents resteront consultables en lecture seule pendant dix ans, puis seront supprimés. Vous pourrez le rouvrir.</p>")
                .append(action(session, "/espace/cloture", "cloturer", "Clôturer mon espace santé",
                    Optional.of("Je comprends que je ne recevrai plus de message.")));
        }
        return WebResponse.html(Html.page(Html.Section.NOTIFICATIONS, error.isPresent() ? "Erreur – Mon espace santé" : "Mon espace santé",
            session.csrf(), body.toString()));
    }

    /** {@code POST /espace/cloture}, {@code /espace/reouverture}, {@code /espace/suppression}. */
    WebResponse change(WebmailSessions.Session session, Username user, String change, WebRequest request) {
        String ins = user.getLocalPart().toUpperCase(java.util.Locale.ROOT);
        boolean confirmed = request.formField("confirmation").equals("oui");
        try {
            switch (change) {
                case "cloture" -> {
                    if (!confirmed) {
                        return space(session, user, Optional.empty(), Optional.of("Cochez la case pour confirmer la clôture."));
                    }
                    spaces.close(ActorKind.PATIENT, ins, ins, PatientSpaces.CloseReason.PATIENT);
                    return space(session, user, Optional.of("Votre espace santé est clôturé."), Optional.empty());
                }
                case "reouverture" -> {
                    spaces.reopenByHolder(ins);
                    return space(session, user, Optional.of("Votre espace santé est rouvert."), Optional.empty());
                }
                case "suppression" -> {
                    if (!confirmed) {
                        return space(session, user, Optional.empty(), Optional.of("Cochez la case pour confirmer la demande de suppression."));
                    }
                    PatientSpace requested = spaces.requestDeletion(ActorKind.PATIENT, ins, ins);
                    return space(session, user, Optional.of("Suppression demandée : votre espace sera supprimé le "
                        + requested.dueAt().map(DATE::format).orElse("") + "."), Optional.empty());
                }
                default -> {
                    return WebResponse.notFound();
                }
            }
        } catch (RegistryRefusal refusal) {
            return space(session, user, Optional.empty(), Optional.of("Cette opération n'est pas possible dans l'état actuel de votre espace."));
        }
    }

    private static String action(WebmailSessions.Session session, String path, String id, String label, Optional<String> confirmation) {
        StringBuilder form = new StringBuilder("<form method=\"post\" action=\"").append(path).append("\" class=\"espace\">")
            .append(Html.csrfField(session.csrf()));
        confirmation.ifPresent(text -> form.append("<p><input type=\"checkbox\" id=\"confirmation-").append(id)
            .append("\" name=\"confirmation\" value=\"oui\" required> <label for=\"confirmation-").append(id).append("\">")
            .append(Html.escape(text)).append("</label></p>"));
        return form.append("<button type=\"submit\" id=\"").append(id).append("\">").append(Html.escape(label)).append("</button></form>")
            .toString();
    }

    private interface Form {
        WebResponse render(WebRequest request, Optional<String> error, int status);
    }

    /** The form's token, the fields' size and the lockout, checked before anything is looked up. */
    private Optional<WebResponse> checked(WebRequest request, Form form) {
        Optional<WebmailSessions.Session> session = request.cookie(WebmailSessions.COOKIE).flatMap(sessions::find);
        if (session.isEmpty() || !session.get().csrfMatches(request.formField("csrf"))) {
            return Optional.of(form.render(request, Optional.of("Votre formulaire a expiré. Réessayez."), 403));
        }
        String ins = request.formField("ins").strip();
        if (ins.isEmpty() || ins.length() > 15 || request.formField("code").length() > 40 || request.formField("motDePasse").length() > 1024) {
            return Optional.of(form.render(request, Optional.of("Saisissez votre matricule INS (15 caractères) et votre code."), 400));
        }
        if (throttle.check("space:" + ins.toUpperCase(java.util.Locale.ROOT)) instanceof LoginThrottle.Verdict.Locked) {
            return Optional.of(form.render(request, Optional.of("Trop d'essais manqués. Réessayez dans "
                + settings.lockout().toMinutes() + " minutes."), 429));
        }
        return Optional.empty();
    }

    private WebResponse failed(WebRequest request, String ins, RegistryRefusal refusal, Form form) {
        String message = switch (refusal.code()) {
            case "weak_password" -> "Le mot de passe doit compter au moins " + PatientSpaces.MIN_PASSWORD
                + " caractères et ne pas contenir votre matricule INS.";
            case "not_notified" -> "Le délai d'opposition est passé : votre espace est ouvert. Vous pouvez le clôturer une fois connecté.";
            case "not_opened" -> "Cet espace n'attend pas d'activation.";
            default -> "Matricule INS ou code incorrect.";
        };
        Duration delay = refusal.code().equals("weak_password") ? Duration.ZERO
            : throttle.failed("space:" + ins.toUpperCase(java.util.Locale.ROOT), "space.code");
        return form.render(request, Optional.of(message), refusal.reason() == RegistryRefusal.Reason.CONFLICT ? 409 : 400).delayedBy(delay);
    }

    private WebResponse objectionForm(WebRequest request, Optional<String> error, int status) {
        return form(request, error, status, "/opposition", "S'opposer à la création de mon espace santé",
            "<p>Vous avez reçu un courrier ou un courriel annonçant la création de votre espace santé. Pour vous y opposer avant "
                + "son ouverture, saisissez votre matricule INS et le code d'opposition indiqué.</p>",
            "Code d'opposition", false, "Je m'oppose");
    }

    private WebResponse activationForm(WebRequest request, Optional<String> error, int status) {
        return form(request, error, status, "/activation", "Activer mon espace santé",
            "<p>Saisissez votre matricule INS, le code d'activation reçu à l'ouverture de votre espace, puis choisissez votre mot de "
                + "passe (au moins " + PatientSpaces.MIN_PASSWORD + " caractères).</p>",
            "Code d'activation", true, "Activer");
    }

    private WebResponse form(WebRequest request, Optional<String> error, int status, String action, String title, String intro,
                             String codeLabel, boolean withPassword, String submit) {
        WebmailSessions.Session session = request.cookie(WebmailSessions.COOKIE).flatMap(sessions::find)
            .filter(value -> value.user().isEmpty())
            .orElseGet(sessions::anonymous);
        String typedIns = request.isPost() ? request.formField("ins").strip() : "";
        String invalid = error.isPresent() ? " aria-invalid=\"true\" aria-describedby=\"erreur\"" : "";
        StringBuilder body = new StringBuilder("<h1>").append(Html.escape(title)).append("</h1>").append(intro);
        error.ifPresent(text -> body.append(Html.error("erreur", text)));
        body.append("<form method=\"post\" action=\"").append(action).append("\" class=\"connexion\">")
            .append(Html.csrfField(session.csrf()))
            .append("<label for=\"ins\">Matricule INS</label>")
            .append("<input id=\"ins\" name=\"ins\" inputmode=\"text\" autocomplete=\"off\" maxlength=\"15\" required").append(invalid)
            .append(" value=\"").append(Html.escape(typedIns.length() > 15 ? "" : typedIns)).append("\">")
            .append("<label for=\"code\">").append(Html.escape(codeLabel)).append("</label>")
            .append("<input id=\"code\" name=\"code\" autocomplete=\"one-time-code\" maxlength=\"40\" required").append(invalid).append(">");
        if (withPassword) {
            body.append("<label for=\"mot-de-passe\">Nouveau mot de passe</label>")
                .append("<input id=\"mot-de-passe\" name=\"motDePasse\" type=\"password\" autocomplete=\"new-password\" minlength=\"")
                .append(PatientSpaces.MIN_PASSWORD).append("\" required>")
                .append("<label for=\"confirmation\">Confirmez le mot de passe</label>")
                .append("<input id=\"confirmation\" name=\"confirmation\" type=\"password\" autocomplete=\"new-password\" required>");
        }
        body.append("<button type=\"submit\" id=\"valider\">").append(Html.escape(submit)).append("</button></form>");
        String pageTitle = error.isPresent() ? "Erreur – " + title : title;
        return WebResponse.html(status, Html.publicPage(pageTitle, body.toString())).withHeader("Set-Cookie", sessions.cookie(session));
    }
}
