package org.santegateway.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.apache.james.core.Username;
import org.junit.jupiter.api.Test;
import org.santegateway.agenda.Appointment;
import org.santegateway.agenda.AppointmentSource;
import org.santegateway.agenda.AppointmentStatus;
import org.santegateway.agenda.PatientResponse;
import org.santegateway.dmp.Ins;
import org.santegateway.ins.MatriculeIns;
import org.santegateway.server.testing.MemoryAgendaStore;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.component.VEvent;

/** The agenda page and its iCalendar export, on an in-memory store (the JPA store: AppointmentIntegrationTest). */
class AgendaPagesTest {
    static final String PATIENT = "1850575123456" + MatriculeIns.keyOf("1850575123456");
    static final String OTHER = "2920399123789" + MatriculeIns.keyOf("2920399123789");
    static final Instant NOW = Instant.parse("2027-01-15T10:00:00Z");

    final MemoryAgendaStore store = new MemoryAgendaStore();
    final PageFixtures.RecordingSender sender = new PageFixtures.RecordingSender();
    final AgendaPages pages = PageFixtures.agendaPages(store, sender, Clock.fixed(NOW, ZoneOffset.UTC));
    final WebmailSessions.Session session = new WebmailSessions(WebmailSettings.from(org.santegateway.server.settings.GatewayProperties.none()),
        Clock.systemUTC()).anonymous();

    static Appointment appointment(String id, String patient, AppointmentStatus status, Instant start, String with) {
        return new Appointment(id, new Ins(patient), AppointmentSource.APPLICATION, "rdv@hopital.test", "urn:x|" + id, 0, status, start,
            Optional.of(start.plusSeconds(1800)), with, Optional.of("Cardiologie"), Optional.of("CH Exemple"), PatientResponse.NONE, Optional.empty(), NOW);
    }

    static String body(WebResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void thePageShouldListUpcomingAndPastAppointmentsOfThePatientOnly() {
        store.save(appointment("a1", PATIENT, AppointmentStatus.BOOKED, Instant.parse("2027-02-01T08:30:00Z"), "Dr Martin <b>cardiologue</b>"));
        store.save(appointment("a2", PATIENT, AppointmentStatus.FULFILLED, Instant.parse("2026-12-01T08:30:00Z"), "Dr Durand"));
        store.save(appointment("a3", PATIENT, AppointmentStatus.CANCELLED, Instant.parse("2027-03-01T08:30:00Z"), "Dr Petit"));
        store.save(appointment("b1", OTHER, AppointmentStatus.BOOKED, Instant.parse("2027-02-02T08:30:00Z"), "Dr Autre"));

        String page = body(pages.page(session, Username.of(PATIENT + "@patient.mssante.fr")));

        String upcoming = page.substring(page.indexOf("id=\"rendez-vous-a-venir\""), page.indexOf("id=\"passes\""));
        assertThat(upcoming).contains("Dr Martin &lt;b&gt;cardiologue&lt;/b&gt;").contains("lundi 1 février 2027 à 09h30").contains("Confirmé")
            .contains("Dr Petit").contains("Annulé");
        assertThat(page.substring(page.indexOf("id=\"passes\""))).contains("Dr Durand").contains("Honoré");
        assertThat(page).doesNotContain("Dr Autre").contains("aria-current=\"page\">Agenda");
    }

    @Test
    void anEmptyAgendaShouldSaySo() {
        String page = body(pages.page(session, Username.of(PATIENT + "@patient.mssante.fr")));

        assertThat(page).contains("Aucun rendez-vous à venir.").contains("Aucun rendez-vous passé.");
    }

    @Test
    void theExportShouldBeAnICalendarFileACalendarApplicationReads() throws Exception {
        store.save(appointment("a1", PATIENT, AppointmentStatus.BOOKED, Instant.parse("2027-02-01T08:30:00Z"), "Dr Martin, cardiologue"));
        store.save(appointment("a3", PATIENT, AppointmentStatus.CANCELLED, Instant.parse("2027-03-01T08:30:00Z"), "Dr Petit"));
        store.save(appointment("b1", OTHER, AppointmentStatus.BOOKED, Instant.parse("2027-02-02T08:30:00Z"), "Dr Autre"));

        WebResponse response = pages.export(Username.of(PATIENT + "@patient.mssante.fr"));

        assertThat(response.contentType()).startsWith("text/calendar");
        assertThat(response.headers().get("Content-Disposition")).isEqualTo("attachment; filename=\"agenda.ics\"");
        String text = body(response);
        assertThat(text).startsWith("BEGIN:VCALENDAR\r\n").contains("DTSTART:20270201T083000Z\r\n").doesNotContain("Dr Autre");
        Calendar calendar = new CalendarBuilder().build(new StringReader(text));
        assertThat(calendar.getComponents(Component.VEVENT)).hasSize(2);
        VEvent cancelled = (VEvent) calendar.getComponents(Component.VEVENT).get(1);
        assertThat(cancelled.getStatus().getValue()).isEqualTo("CANCELLED");
        assertThat(cancelled.getSummary().getValue()).isEqualTo("Rendez-vous : Dr Petit");
        assertThat(cancelled.getUid().getValue()).isEqualTo("a3@agenda.sante-gateway");
    }

    static WebRequest post(String path, java.util.Map<String, String> form) {
        return new WebRequest("POST", path, java.util.Map.of(), form, java.util.List.of(), java.util.Map.of(), Optional.empty());
    }

    @Test
    void preventionShouldAskTheBirthDateCheckItAgainstTheInsThenListTheItemsAndKeepAStatus() {
        Username patient = Username.of(OTHER + "@patient.mssante.fr");
        assertThat(body(pages.page(session, patient))).contains("id=\"naissance\"").doesNotContain("id=\"prevention-elements\"");

        assertThat(body(pages.birthDate(session, patient, post("/agenda/naissance", java.util.Map.of("naissance", "1992-04-10")))))
            .contains("ne correspond pas à l&#39;année et au mois de naissance");
        assertThat(body(pages.birthDate(session, patient, post("/agenda/naissance", java.util.Map.of("naissance", "10/03/1992")))))
            .contains("Date de naissance invalide");
        String page = body(pages.birthDate(session, patient, post("/agenda/naissance", java.util.Map.of("naissance", "1992-03-10"))));

        assertThat(page).contains("Date de naissance enregistrée").contains("id=\"prevention-elements\"").contains("Dépistage");
        String marker = "name=\"element\" value=\"";
        String item = page.substring(page.indexOf(marker) + marker.length());
        item = item.substring(0, item.indexOf('"'));
        String marked = body(pages.prevention(session, patient, post("/agenda/prevention", java.util.Map.of("element", item, "statut", "TO_PLAN"))));
        assertThat(marked).contains("Statut enregistré").contains("value=\"TO_PLAN\" selected");
        assertThat(body(pages.prevention(session, patient, post("/agenda/prevention", java.util.Map.of("element", "inconnu~1", "statut", "DONE")))))
            .contains("Choix invalide");
        assertThat(body(pages.reminders(session, patient, post("/agenda/rappels", java.util.Map.of())))).contains("Rappels désactivés")
            .doesNotContain("id=\"rappels-actifs\" name=\"rappels\" value=\"oui\" checked");
    }

    @Test
    void thePatientShouldAddSeeTheHistoryOfAndDeleteTheirOwnEntriesOnly() {
        Username patient = Username.of(PATIENT + "@patient.mssante.fr");
        store.save(appointment("app1", PATIENT, AppointmentStatus.BOOKED, Instant.parse("2027-02-01T08:30:00Z"), "Dr Martin"));

        assertThat(body(pages.add(session, patient, post("/agenda/ajouter", java.util.Map.of("type", "rendez-vous", "date", "2027-02-03",
            "heure", "17:45", "texte", "Kinésithérapeute", "lieu", "Rue des Lilas")))))
            .contains("Rendez-vous ajouté").contains("Kinésithérapeute").contains("mercredi 3 février 2027 à 17h45");
        assertThat(body(pages.add(session, patient, post("/agenda/ajouter", java.util.Map.of("type", "rappel", "date", "2027-02-04",
            "heure", "", "texte", "Renouveler l'ordonnance", "lieu", ""))))).contains("Rappel : Renouveler l&#39;ordonnance");
        assertThat(body(pages.add(session, patient, post("/agenda/ajouter", java.util.Map.of("type", "rappel", "date", "04/02/2027",
            "heure", "", "texte", "x", "lieu", ""))))).contains("Date ou heure invalide");
        assertThat(body(pages.add(session, patient, post("/agenda/ajouter", java.util.Map.of("type", "rendez-vous", "date", "2027-02-04",
            "heure", "", "texte", " ", "lieu", ""))))).contains("Indiquez avec qui");

        Appointment own = store.of(new Ins(PATIENT)).stream().filter(found -> found.with().equals("Kinésithérapeute")).findFirst().orElseThrow();
        assertThat(own.source()).isEqualTo(AppointmentSource.PATIENT);
        String detail = body(pages.detail(session, patient, own.id()));
        assertThat(detail).contains("Déclaré par</dt><dd>vous").contains("id=\"historique\"").contains("id=\"supprimer\"");
        assertThat(body(pages.detail(session, patient, "app1"))).doesNotContain("id=\"supprimer\"").contains("le logiciel");
        assertThat(pages.detail(session, Username.of(OTHER + "@patient.mssante.fr"), own.id()).status()).isEqualTo(404);

        assertThat(body(pages.delete(session, patient, "app1"))).contains("Seuls les rendez-vous et rappels que vous avez ajoutés");
        assertThat(body(pages.delete(session, patient, own.id()))).contains("Supprimé.");
        assertThat(store.find(own.id())).isEmpty();
        assertThat(store.find("app1")).isPresent();
    }
}
