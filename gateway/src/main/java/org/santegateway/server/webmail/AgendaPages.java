package org.santegateway.server.webmail;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.santegateway.agenda.AgendaCalendar;
import org.santegateway.agenda.AgendaProfiles;
import org.santegateway.agenda.AgendaStore;
import org.santegateway.agenda.Appointment;
import org.santegateway.agenda.AppointmentSource;
import org.santegateway.agenda.AppointmentStatus;
import org.santegateway.agenda.PatientResponse;
import org.santegateway.agenda.PreventionEngine;
import org.santegateway.agenda.PreventionItem;
import org.santegateway.agenda.PreventionItemKey;
import org.santegateway.agenda.PreventionKind;
import org.santegateway.agenda.PreventionPatient;
import org.santegateway.agenda.PreventionStatus;
import org.santegateway.agenda.PreventionStatusMark;
import org.santegateway.agenda.PreventionStatuses;
import org.santegateway.agenda.Requirement;
import org.santegateway.dmp.Ins;

/**
 * The patient's agenda: appointments to come and past ones (declared by the applications of their care providers or
 * invitations of their professionals), the vaccinations and screenings of the prevention calendar for them, and
 * their export as an iCalendar file for their own calendar application (a download in the session, never a public URL).
 *
 * <ul>
 *     <li>{@code GET /agenda}: the page</li>
 *     <li>{@code POST /agenda/{id}/reponse}: the answer to an invitation</li>
 *     <li>{@code POST /agenda/naissance}, {@code POST /agenda/prevention}, {@code POST /agenda/rappels}: the birth date the
 *     prevention calendar needs, the patient's status of an item, reminders on or off</li>
 *     <li>{@code GET /agenda/agenda.ics}: the export</li>
 * </ul>
 */
public class AgendaPages {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'à' HH'h'mm", Locale.FRANCE).withZone(Html.ZONE);

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRANCE);

    private final AgendaStore store;
    private final PatientMailSender sender;
    private final AgendaProfiles profiles;
    private final PreventionStatuses statuses;
    private final PreventionEngine engine;
    private final Clock clock;

    @Inject
    public AgendaPages(AgendaStore store, PatientMailSender sender, AgendaProfiles profiles, PreventionStatuses statuses, PreventionEngine engine,
                       Clock clock) {
        this.store = store;
        this.sender = sender;
        this.profiles = profiles;
        this.statuses = statuses;
        this.engine = engine;
        this.clock = clock;
    }

    /** {@code POST /agenda/naissance}: the exact birth date, checked against the year and month of the matricule INS. */
    WebResponse birthDate(WebmailSessions.Session session, Username user, WebRequest request) {
        LocalDate date;
        try {
            date = LocalDate.parse(request.formField("naissance").strip());
        } catch (DateTimeParseException e) {
            return page(session, user, Optional.of("Date de naissance invalide : utilisez le format jj/mm/aaaa."), Optional.empty());
        }
        if (date.isAfter(today())) {
            return page(session, user, Optional.of("La date de naissance ne peut pas être dans le futur."), Optional.empty());
        }
        try {
            PreventionPatient.fromIns(patient(user).matricule(), date);
        } catch (IllegalArgumentException e) {
            return page(session, user, Optional.of("Cette date ne correspond pas à l'année et au mois de naissance de votre identité (INS)."),
                Optional.empty());
        }
        profiles.setBirthDate(patient(user), date);
        return page(session, user, Optional.empty(), Optional.of("Date de naissance enregistrée : votre calendrier de prévention est à jour."));
    }

    /** {@code POST /agenda/prevention}: the patient's status of one item ({@code element=rule~occurrence}, {@code statut}). */
    WebResponse prevention(WebmailSessions.Session session, Username user, WebRequest request) {
        String[] item = request.formField("element").split("~", 2);
        Optional<PreventionStatus> status = java.util.Arrays.stream(PreventionStatus.values())
            .filter(value -> value.name().equals(request.formField("statut"))).findFirst();
        if (item.length != 2 || status.isEmpty() || !engine.rules().defines(item[0]) || !item[1].matches("[0-9]{1,3}")) {
            return page(session, user, Optional.of("Choix invalide."), Optional.empty());
        }
        statuses.mark(patient(user), new PreventionStatusMark(new PreventionItemKey(item[0], Integer.parseInt(item[1])), status.get(), today()));
        return page(session, user, Optional.empty(), Optional.of("Statut enregistré."));
    }

    /**
     * {@code POST /agenda/ajouter}: an appointment the patient notes ({@code type=rendez-vous}) or a reminder to themselves
     * ({@code type=rappel}): a day, a time, a text, a place for an appointment.
     */
    WebResponse add(WebmailSessions.Session session, Username user, WebRequest request) {
        boolean reminder = "rappel".equals(request.formField("type"));
        String text = request.formField("texte").strip();
        String place = request.formField("lieu").strip();
        if (text.isEmpty() || text.length() > Appointment.MAX_TEXT || place.length() > Appointment.MAX_TEXT
            || (text + place).chars().anyMatch(Character::isISOControl)) {
            return page(session, user, Optional.of("Indiquez " + (reminder ? "le texte du rappel" : "avec qui") + " (" + Appointment.MAX_TEXT
                + " caractères au plus)."), Optional.empty());
        }
        Instant start;
        try {
            String time = request.formField("heure").isBlank() ? "09:00" : request.formField("heure").strip();
            start = LocalDate.parse(request.formField("date").strip()).atTime(java.time.LocalTime.parse(time)).atZone(Html.ZONE).toInstant();
        } catch (DateTimeParseException e) {
            return page(session, user, Optional.of("Date ou heure invalide."), Optional.empty());
        }
        String id = java.util.UUID.randomUUID().toString();
        store.save(new Appointment(id, patient(user), reminder ? AppointmentSource.PATIENT_REMINDER : AppointmentSource.PATIENT,
            patient(user).matricule(), "patient|" + id, 0, AppointmentStatus.BOOKED, start, Optional.empty(), text, Optional.empty(),
            place.isEmpty() || reminder ? Optional.empty() : Optional.of(place), PatientResponse.NONE, Optional.empty(), clock.instant()));
        return page(session, user, Optional.empty(), Optional.of(reminder ? "Rappel ajouté." : "Rendez-vous ajouté."));
    }

    /** {@code GET /agenda/{id}}: one entry with every change it went through. */
    WebResponse detail(WebmailSessions.Session session, Username user, String id) {
        Optional<Appointment> found = store.find(id).filter(appointment -> appointment.patient().equals(patient(user)));
        if (found.isEmpty()) {
            return WebResponse.notFound();
        }
        Appointment appointment = found.get();
        StringBuilder body = new StringBuilder("<h1>").append(appointment.source() == AppointmentSource.PATIENT_REMINDER ? "Rappel" : "Rendez-vous")
            .append("</h1><dl class=\"metadonnees\"><dt>Date</dt><dd>").append(Html.escape(DAY.format(appointment.start()))).append("</dd>")
            .append("<dt>").append(appointment.source() == AppointmentSource.PATIENT_REMINDER ? "Texte" : "Avec").append("</dt><dd>")
            .append(Html.escape(appointment.with())).append("</dd>")
            .append("<dt>Déclaré par</dt><dd>").append(switch (appointment.source()) {
                case APPLICATION -> "le logiciel de votre professionnel ou établissement";
                case INVITATION -> "une invitation de " + Html.escape(appointment.author());
                case PATIENT, PATIENT_REMINDER -> "vous";
            }).append("</dd><dt>Statut</dt><dd>").append(Html.escape(status(appointment))).append("</dd></dl>")
            .append("<h2>Historique</h2><ol class=\"historique\" id=\"historique\">");
        for (AgendaStore.Change change : store.history(id)) {
            body.append("<li>").append(Html.escape(Html.date(change.at()))).append(" : ").append(Html.escape(change.status().french()))
                .append(", pour le ").append(Html.escape(DAY.format(change.start())))
                .append(change.response() == PatientResponse.ACCEPTED ? ", accepté par vous" : change.response() == PatientResponse.DECLINED
                    ? ", refusé par vous" : "").append("</li>");
        }
        body.append("</ol>");
        if (appointment.source().patients()) {
            body.append("<form method=\"post\" action=\"/agenda/").append(Html.escape(id)).append("/supprimer\">")
                .append(Html.csrfField(session.csrf())).append("<button type=\"submit\" id=\"supprimer\">Supprimer</button></form>");
        }
        body.append("<p><a href=\"/agenda\">Retour à l'agenda</a></p>");
        return WebResponse.html(Html.page(Html.Section.AGENDA, "Rendez-vous", session.csrf(), body.toString()));
    }

    /** {@code POST /agenda/{id}/supprimer}: the patient deletes what they wrote (never what a professional declared). */
    WebResponse delete(WebmailSessions.Session session, Username user, String id) {
        Optional<Appointment> found = store.find(id).filter(appointment -> appointment.patient().equals(patient(user)));
        if (found.isEmpty()) {
            return WebResponse.notFound();
        }
        if (!found.get().source().patients()) {
            return page(session, user, Optional.of("Seuls les rendez-vous et rappels que vous avez ajoutés peuvent être supprimés."), Optional.empty());
        }
        store.delete(id);
        return page(session, user, Optional.empty(), Optional.of("Supprimé."));
    }

    /** {@code POST /agenda/rappels}: reminders at the personal address on ({@code rappels=oui}) or off. */
    WebResponse reminders(WebmailSessions.Session session, Username user, WebRequest request) {
        boolean on = "oui".equals(request.formField("rappels"));
        profiles.setReminders(patient(user), on);
        return page(session, user, Optional.empty(), Optional.of(on ? "Rappels activés." : "Rappels désactivés."));
    }

    WebResponse page(WebmailSessions.Session session, Username user) {
        return page(session, user, Optional.empty(), Optional.empty());
    }

    /**
     * {@code POST /agenda/{id}/reponse} ({@code reponse=accepter|refuser}): the patient's answer to an invitation, kept on
     * the agenda and sent to the organiser as an iTIP REPLY through the whole pipeline (it answers the invitation's mail,
     * inside the professional's conversation, whose rules apply).
     */
    WebResponse answer(WebmailSessions.Session session, Username user, String id, WebRequest request) {
        Optional<Appointment> found = store.find(id).filter(appointment -> appointment.patient().equals(patient(user))
            && appointment.source() == AppointmentSource.INVITATION);
        if (found.isEmpty()) {
            return WebResponse.notFound();
        }
        Appointment appointment = found.get();
        String choice = request.formField("reponse");
        if (!choice.equals("accepter") && !choice.equals("refuser")) {
            return page(session, user, Optional.of("Choisissez d'accepter ou de refuser le rendez-vous."), Optional.empty());
        }
        if (!appointment.status().active() && appointment.response() != PatientResponse.DECLINED
            || appointment.end().orElse(appointment.start()).isBefore(clock.instant())) {
            return page(session, user, Optional.of("Ce rendez-vous ne peut plus recevoir de réponse."), Optional.empty());
        }
        boolean accepted = choice.equals("accepter");
        Appointment answered = appointment.answered(accepted ? PatientResponse.ACCEPTED : PatientResponse.DECLINED, clock.instant());
        Appointment withStatus = new Appointment(answered.id(), answered.patient(), answered.source(), answered.author(), answered.identifier(),
            answered.sequence(), accepted ? AppointmentStatus.BOOKED : AppointmentStatus.CANCELLED, answered.start(), answered.end(), answered.with(),
            answered.speciality(), answered.place(), answered.response(), answered.reference(), answered.updatedAt());
        String summary = appointment.speciality().orElse("rendez-vous du " + DAY.format(appointment.start()));
        String text = (accepted ? "J'accepte le rendez-vous du " : "Je ne pourrai pas venir au rendez-vous du ") + DAY.format(appointment.start()) + ".";
        PatientMailSender.Draft draft;
        try {
            draft = new PatientMailSender.Draft(List.of(new MailAddress(appointment.author())), (accepted ? "Accepté : " : "Refusé : ") + summary,
                text, List.of(), appointment.reference(), appointment.reference().map(List::of).orElse(List.of()),
                Optional.of(AgendaCalendar.reply(withStatus, user.asString(), clock.instant())));
        } catch (javax.mail.internet.AddressException e) {
            return page(session, user, Optional.of("L'organisateur de ce rendez-vous n'a pas d'adresse valide."), Optional.empty());
        }
        Optional<String> refusal = Drafts.send(sender, user, draft);
        if (refusal.isPresent()) {
            return page(session, user, Optional.of("Réponse non envoyée : " + refusal.get()), Optional.empty());
        }
        store.save(withStatus);
        return page(session, user, Optional.empty(), Optional.of(accepted ? "Rendez-vous accepté : votre réponse a été envoyée."
            : "Rendez-vous refusé : votre réponse a été envoyée."));
    }

    private WebResponse page(WebmailSessions.Session session, Username user, Optional<String> error, Optional<String> confirmation) {
        Instant now = clock.instant();
        List<Appointment> appointments = store.of(patient(user));
        List<Appointment> upcoming = appointments.stream().filter(appointment -> !appointment.end().orElse(appointment.start()).isBefore(now)).toList();
        List<Appointment> past = appointments.stream().filter(appointment -> appointment.end().orElse(appointment.start()).isBefore(now))
            .sorted((a, b) -> b.start().compareTo(a.start())).toList();
        StringBuilder body = new StringBuilder("<h1>Mon agenda</h1>");
        error.ifPresent(text -> body.append(Html.error("erreur", text)));
        confirmation.ifPresent(text -> body.append(Html.confirmation("message-info", text)));
        body
            .append("<p>Les rendez-vous que vos professionnels de santé ont déclarés dans votre espace.</p>")
            .append("<p><a class=\"bouton-secondaire\" id=\"exporter-agenda\" href=\"/agenda/agenda.ics\">")
            .append("Exporter mon agenda (fichier .ics pour votre calendrier)</a></p>")
            .append("<h2 id=\"a-venir\">À venir</h2>");
        table(body, "rendez-vous-a-venir", upcoming, "Aucun rendez-vous à venir.", Optional.of(session.csrf()));
        body.append("<h2 id=\"passes\">Passés</h2>");
        table(body, "rendez-vous-passes", past, "Aucun rendez-vous passé.", Optional.empty());
        body.append("<h2 id=\"ajouter\">Ajouter un rendez-vous ou un rappel</h2>")
            .append("<form method=\"post\" action=\"/agenda/ajouter\" class=\"ajout-agenda\">").append(Html.csrfField(session.csrf()))
            .append("<fieldset><legend>Type</legend><p><input type=\"radio\" id=\"type-rendez-vous\" name=\"type\" value=\"rendez-vous\" checked> ")
            .append("<label for=\"type-rendez-vous\">Rendez-vous</label> <input type=\"radio\" id=\"type-rappel\" name=\"type\" value=\"rappel\"> ")
            .append("<label for=\"type-rappel\">Rappel</label></p></fieldset>")
            .append("<p><label for=\"date\">Date</label> <input type=\"date\" id=\"date\" name=\"date\" required></p>")
            .append("<p><label for=\"heure\">Heure</label> <input type=\"time\" id=\"heure\" name=\"heure\"></p>")
            .append("<p><label for=\"texte\">Avec qui, ou le texte du rappel</label> <input type=\"text\" id=\"texte\" name=\"texte\" required ")
            .append("maxlength=\"").append(Appointment.MAX_TEXT).append("\"></p>")
            .append("<p><label for=\"lieu\">Lieu (facultatif)</label> <input type=\"text\" id=\"lieu\" name=\"lieu\" maxlength=\"")
            .append(Appointment.MAX_TEXT).append("\"></p><button type=\"submit\" id=\"ajouter-agenda\">Ajouter</button></form>");
        prevention(body, session, user);
        boolean reminders = profiles.remindersOn(patient(user));
        body.append("<h2 id=\"rappels\">Rappels</h2><form method=\"post\" action=\"/agenda/rappels\">").append(Html.csrfField(session.csrf()))
            .append("<p><input type=\"checkbox\" id=\"rappels-actifs\" name=\"rappels\" value=\"oui\"").append(reminders ? " checked" : "")
            .append("> <label for=\"rappels-actifs\">Recevoir un rappel à mon adresse personnelle la veille d'un rendez-vous et quand une ")
            .append("vaccination ou un dépistage est à faire (le courriel ne dit ni quoi, ni où, ni avec qui)</label></p>")
            .append("<button type=\"submit\" id=\"enregistrer-rappels\">Enregistrer</button></form>");
        return WebResponse.html(Html.page(Html.Section.AGENDA, "Mon agenda", session.csrf(), body.toString()));
    }

    WebResponse export(Username user) {
        String calendar = AgendaCalendar.of(store.of(patient(user)), clock.instant());
        return WebResponse.bytes("text/calendar; charset=utf-8", calendar.getBytes(StandardCharsets.UTF_8))
            .withHeader("Content-Disposition", "attachment; filename=\"agenda.ics\"");
    }

    private void prevention(StringBuilder body, WebmailSessions.Session session, Username user) {
        body.append("<h2 id=\"prevention\">Prévention</h2>");
        Optional<LocalDate> birthDate = profiles.birthDate(patient(user));
        if (birthDate.isEmpty()) {
            body.append("<p>Pour afficher les vaccinations et dépistages recommandés pour vous, indiquez votre date de naissance.</p>")
                .append("<form method=\"post\" action=\"/agenda/naissance\">").append(Html.csrfField(session.csrf()))
                .append("<p><label for=\"naissance\">Date de naissance</label> <input type=\"date\" id=\"naissance\" name=\"naissance\" ")
                .append("required autocomplete=\"bday\"></p><button type=\"submit\" id=\"enregistrer-naissance\">Enregistrer</button></form>");
            return;
        }
        PreventionPatient patient;
        try {
            patient = PreventionPatient.fromIns(patient(user).matricule(), birthDate.get());
        } catch (IllegalArgumentException e) {
            body.append(Html.error("erreur-naissance", "Votre date de naissance enregistrée ne correspond pas à votre identité."));
            return;
        }
        List<PreventionItem> items = engine.items(patient, statuses.marksOf(patient(user)), today());
        body.append("<p>Selon le calendrier des vaccinations et les dépistages organisés (version ")
            .append(Html.escape(engine.rules().version())).append(").</p>");
        if (items.isEmpty()) {
            body.append("<p id=\"prevention-elements\">Rien à prévoir pour le moment.</p>");
            return;
        }
        body.append("<table class=\"agenda\" id=\"prevention-elements\"><thead><tr><th>Quoi</th><th>Type</th><th>Niveau</th><th>À faire</th>")
            .append("<th>Mon statut</th></tr></thead><tbody>");
        for (PreventionItem item : items) {
            String key = item.key().ruleId() + "~" + item.key().occurrence();
            String selectId = "statut-" + Html.escape(key.replaceAll("[^A-Za-z0-9-]", "-"));
            body.append("<tr class=\"prevention\"><td data-label=\"Quoi\">").append(Html.escape(item.label())).append("</td>")
                .append("<td data-label=\"Type\">").append(item.kind() == PreventionKind.VACCINATION ? "Vaccination" : "Dépistage").append("</td>")
                .append("<td data-label=\"Niveau\">").append(item.requirement() == Requirement.OBLIGATORY ? "Obligatoire" : "Recommandé").append("</td>")
                .append("<td data-label=\"À faire\">à partir du ").append(DATE.format(item.due()))
                .append(item.windowEnd().map(end -> ", avant le " + DATE.format(end)).orElse("")).append("</td>")
                .append("<td data-label=\"Mon statut\"><form method=\"post\" action=\"/agenda/prevention\">").append(Html.csrfField(session.csrf()))
                .append("<input type=\"hidden\" name=\"element\" value=\"").append(Html.escape(key)).append("\">")
                .append("<label class=\"visually-hidden\" for=\"").append(selectId).append("\">Statut : ").append(Html.escape(item.label())).append("</label>")
                .append("<select id=\"").append(selectId).append("\" name=\"statut\">");
            for (PreventionStatus status : PreventionStatus.values()) {
                body.append("<option value=\"").append(status.name()).append("\"").append(item.status() == status ? " selected" : "").append(">")
                    .append(french(status)).append("</option>");
            }
            body.append("</select> <button type=\"submit\">Enregistrer</button></form></td></tr>");
        }
        body.append("</tbody></table>");
    }

    private static String french(PreventionStatus status) {
        return switch (status) {
            case TO_PLAN -> "À planifier";
            case NOT_SPECIFIED -> "Non renseigné";
            case DONE -> "Fait";
            case NOT_DONE -> "Non fait";
        };
    }

    private LocalDate today() {
        return clock.instant().atZone(Html.ZONE).toLocalDate();
    }

    /** The table of appointments; with a CSRF token, invitations get their answer buttons. */
    private static void table(StringBuilder body, String id, List<Appointment> appointments, String none, Optional<String> csrf) {
        if (appointments.isEmpty()) {
            body.append("<p id=\"").append(id).append("\">").append(none).append("</p>");
            return;
        }
        body.append("<table class=\"agenda\" id=\"").append(id).append("\"><thead><tr><th>Date</th><th>Avec</th><th>Motif</th><th>Lieu</th>")
            .append("<th>Statut</th></tr></thead><tbody>");
        for (Appointment appointment : appointments) {
            body.append("<tr class=\"rendez-vous").append(appointment.status().active() ? "" : " annule").append("\">")
                .append("<td data-label=\"Date\">").append(Html.escape(DAY.format(appointment.start()))).append("</td>")
                .append("<td data-label=\"Avec\"><a href=\"/agenda/").append(Html.escape(appointment.id())).append("\">")
                .append(appointment.source() == AppointmentSource.PATIENT_REMINDER ? "Rappel : " : "").append(Html.escape(appointment.with()))
                .append("</a></td>")
                .append("<td data-label=\"Motif\">").append(Html.escape(appointment.speciality().orElse("–"))).append("</td>")
                .append("<td data-label=\"Lieu\">").append(Html.escape(appointment.place().orElse("–"))).append("</td>")
                .append("<td data-label=\"Statut\" class=\"statut\">").append(Html.escape(status(appointment)));
            if (csrf.isPresent() && appointment.source() == AppointmentSource.INVITATION
                && (appointment.status().active() || appointment.response() == PatientResponse.DECLINED)) {
                String action = "/agenda/" + Html.escape(appointment.id()) + "/reponse";
                body.append("<form method=\"post\" action=\"").append(action).append("\" class=\"reponse-invitation\">")
                    .append(Html.csrfField(csrf.get()));
                if (appointment.response() != PatientResponse.ACCEPTED) {
                    body.append("<button type=\"submit\" name=\"reponse\" value=\"accepter\" class=\"accepter\">Accepter</button> ");
                }
                if (appointment.response() != PatientResponse.DECLINED) {
                    body.append("<button type=\"submit\" name=\"reponse\" value=\"refuser\" class=\"refuser\">Refuser</button>");
                }
                body.append("</form>");
            }
            body.append("</td></tr>");
        }
        body.append("</tbody></table>");
    }

    private static String status(Appointment appointment) {
        return switch (appointment.response()) {
            case NEEDS_ACTION -> appointment.status().active() ? "Invitation en attente de votre réponse" : appointment.status().french();
            case ACCEPTED -> appointment.status().active() ? "Accepté par vous" : appointment.status().french();
            case DECLINED -> "Refusé par vous";
            case NONE -> appointment.status().french();
        };
    }

    private static Ins patient(Username user) {
        return new Ins(user.getLocalPart());
    }
}
