package org.santegateway.server.webmail;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.santegateway.agenda.AgendaCalendar;
import org.santegateway.agenda.AgendaStore;
import org.santegateway.agenda.Appointment;
import org.santegateway.dmp.Ins;

/**
 * The patient's agenda: appointments to come and past ones (declared by the applications of their care providers), and
 * their export as an iCalendar file for their own calendar application (a download in the session, never a public URL).
 *
 * <ul>
 *     <li>{@code GET /agenda}: the page</li>
 *     <li>{@code GET /agenda/agenda.ics}: the export</li>
 * </ul>
 */
public class AgendaPages {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'à' HH'h'mm", Locale.FRANCE).withZone(Html.ZONE);

    private final AgendaStore store;
    private final Clock clock;

    @Inject
    public AgendaPages(AgendaStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    WebResponse page(WebmailSessions.Session session, Username user) {
        Instant now = clock.instant();
        List<Appointment> appointments = store.of(patient(user));
        List<Appointment> upcoming = appointments.stream().filter(appointment -> !appointment.end().orElse(appointment.start()).isBefore(now)).toList();
        List<Appointment> past = appointments.stream().filter(appointment -> appointment.end().orElse(appointment.start()).isBefore(now))
            .sorted((a, b) -> b.start().compareTo(a.start())).toList();
        StringBuilder body = new StringBuilder("<h1>Mon agenda</h1>")
            .append("<p>Les rendez-vous que vos professionnels de santé ont déclarés dans votre espace.</p>")
            .append("<p><a class=\"bouton-secondaire\" id=\"exporter-agenda\" href=\"/agenda/agenda.ics\">")
            .append("Exporter mon agenda (fichier .ics pour votre calendrier)</a></p>")
            .append("<h2 id=\"a-venir\">À venir</h2>");
        table(body, "rendez-vous-a-venir", upcoming, "Aucun rendez-vous à venir.");
        body.append("<h2 id=\"passes\">Passés</h2>");
        table(body, "rendez-vous-passes", past, "Aucun rendez-vous passé.");
        return WebResponse.html(Html.page(Html.Section.AGENDA, "Mon agenda", session.csrf(), body.toString()));
    }

    WebResponse export(Username user) {
        String calendar = AgendaCalendar.of(store.of(patient(user)), clock.instant());
        return WebResponse.bytes("text/calendar; charset=utf-8", calendar.getBytes(StandardCharsets.UTF_8))
            .withHeader("Content-Disposition", "attachment; filename=\"agenda.ics\"");
    }

    private static void table(StringBuilder body, String id, List<Appointment> appointments, String none) {
        if (appointments.isEmpty()) {
            body.append("<p id=\"").append(id).append("\">").append(none).append("</p>");
            return;
        }
        body.append("<table class=\"agenda\" id=\"").append(id).append("\"><thead><tr><th>Date</th><th>Avec</th><th>Motif</th><th>Lieu</th>")
            .append("<th>Statut</th></tr></thead><tbody>");
        for (Appointment appointment : appointments) {
            body.append("<tr class=\"rendez-vous").append(appointment.status().active() ? "" : " annule").append("\">")
                .append("<td data-label=\"Date\">").append(Html.escape(DAY.format(appointment.start()))).append("</td>")
                .append("<td data-label=\"Avec\">").append(Html.escape(appointment.with())).append("</td>")
                .append("<td data-label=\"Motif\">").append(Html.escape(appointment.speciality().orElse("–"))).append("</td>")
                .append("<td data-label=\"Lieu\">").append(Html.escape(appointment.place().orElse("–"))).append("</td>")
                .append("<td data-label=\"Statut\" class=\"statut\">").append(Html.escape(appointment.status().french())).append("</td></tr>");
        }
        body.append("</tbody></table>");
    }

    private static Ins patient(Username user) {
        return new Ins(user.getLocalPart());
    }
}
