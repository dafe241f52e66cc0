package org.santegateway.server.agenda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.agenda.Appointment;
import org.santegateway.agenda.AppointmentSource;
import org.santegateway.agenda.AppointmentStatus;
import org.santegateway.agenda.PatientResponse;
import org.santegateway.agenda.PreventionEngine;
import org.santegateway.agenda.PreventionItemKey;
import org.santegateway.agenda.PreventionRules;
import org.santegateway.agenda.PreventionStatus;
import org.santegateway.agenda.PreventionStatusMark;
import org.santegateway.dmp.Ins;
import org.santegateway.ins.MatriculeIns;
import org.santegateway.server.persistence.DatabaseConfiguration;
import org.santegateway.server.persistence.ManagedEntityManagerFactory;
import org.santegateway.server.persistence.StorageDirectories;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The reminder job on the embedded database with a test clock stepped every three hours over three weeks: exactly one
 * reminder the day before each appointment and one for each prevention item as it comes due; none for a cancelled
 * appointment, none for a patient who turned reminders off, none for an item marked done; a second job (another node)
 * sends nothing again.
 */
class AgendaRemindersTest {
    static final Ins JEANNE = new Ins("2770275123456" + MatriculeIns.keyOf("2770275123456"));
    static final Ins PAUL = new Ins("1770275123457" + MatriculeIns.keyOf("1770275123457"));

    @TempDir
    static Path root;
    static ManagedEntityManagerFactory database;

    record Sent(Ins patient, String kind, Instant at) {
    }

    @BeforeAll
    static void open() {
        database = new ManagedEntityManagerFactory(DatabaseConfiguration.embeddedDerby(new StorageDirectories(root)));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    static Appointment appointment(String id, Ins patient, AppointmentStatus status, Instant start) {
        return new Appointment(id, patient, AppointmentSource.APPLICATION, "rdv@hopital.test", "urn:x|" + id, 0, status, start,
            Optional.empty(), "Dr Martin", Optional.empty(), Optional.empty(), PatientResponse.NONE, Optional.empty(), start.minusSeconds(86_400 * 30));
    }

    @Test
    void eachReminderShouldGoExactlyOnce() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC);
        JpaAgendaStore store = new JpaAgendaStore(database.entityManagerFactory());
        PatientAgendas agendas = new PatientAgendas(database.entityManagerFactory(), clock);
        PreventionEngine engine = new PreventionEngine(PreventionRules.load(Path.of("..", "config", "prevention-rules.txt")),
            PreventionEngine.DEFAULT_HORIZON);
        List<Sent> sent = new ArrayList<>();
        List<Instant> now = new ArrayList<>(List.of(Instant.EPOCH));
        AgendaReminders.Sender recording = (patient, kind) -> sent.add(new Sent(patient, kind, now.get(0)));
        AgendaSettings settings = new AgendaSettings(Path.of("unused"), Duration.ofHours(1));
        AgendaReminders job = new AgendaReminders(store, agendas, engine, recording, settings, clock, new SimpleMeterRegistry());
        AgendaReminders otherNode = new AgendaReminders(store, agendas, engine, recording, settings, clock, new SimpleMeterRegistry());

        store.save(appointment("a1", JEANNE, AppointmentStatus.BOOKED, Instant.parse("2027-02-10T09:00:00Z")));
        store.save(appointment("a2", JEANNE, AppointmentStatus.CANCELLED, Instant.parse("2027-02-12T09:00:00Z")));
        store.save(appointment("a3", PAUL, AppointmentStatus.BOOKED, Instant.parse("2027-02-11T09:00:00Z")));
        Appointment own = appointment("r1", JEANNE, AppointmentStatus.BOOKED, Instant.parse("2027-02-05T07:00:00Z"));
        store.save(new Appointment(own.id(), JEANNE, AppointmentSource.PATIENT_REMINDER, JEANNE.matricule(), "patient|r1", 0, own.status(),
            own.start(), Optional.empty(), "Renouveler l'ordonnance", Optional.empty(), Optional.empty(), PatientResponse.NONE, Optional.empty(),
            own.updatedAt()));
        // Jeanne turns 50 on 15 February 2027: breast and colorectal screenings come due; she says the colorectal one is done.
        agendas.setBirthDate(JEANNE, LocalDate.of(1977, 2, 15));
        agendas.setBirthDate(PAUL, LocalDate.of(1977, 2, 15));
        agendas.setReminders(PAUL, false);

        for (Instant at = Instant.parse("2027-02-01T00:00:00Z"); at.isBefore(Instant.parse("2027-02-22T00:00:00Z")); at = at.plus(Duration.ofHours(3))) {
            now.set(0, at);
            if (at.equals(Instant.parse("2027-02-14T00:00:00Z"))) {
                agendas.mark(JEANNE, new PreventionStatusMark(colorectal(engine), PreventionStatus.DONE, LocalDate.of(2027, 2, 13)));
            }
            job.runOnce(at);
            otherNode.runOnce(at);
        }

        List<Sent> appointments = sent.stream().filter(reminder -> reminder.kind().equals("agenda-appointment")).toList();
        assertThat(appointments).hasSize(1);
        assertThat(appointments.get(0).patient()).isEqualTo(JEANNE);
        assertThat(appointments.get(0).at()).isBetween(Instant.parse("2027-02-08T23:00:00Z"), Instant.parse("2027-02-09T22:59:59Z"));
        List<Sent> personal = sent.stream().filter(reminder -> reminder.kind().equals("agenda-personal")).toList();
        assertThat(personal).hasSize(1);
        assertThat(personal.get(0).at()).isBetween(Instant.parse("2027-02-04T23:00:00Z"), Instant.parse("2027-02-05T07:00:00Z"));
        List<Sent> prevention = sent.stream().filter(reminder -> reminder.kind().equals("agenda-prevention")).toList();
        assertThat(prevention).isNotEmpty().allSatisfy(reminder -> assertThat(reminder.patient()).isEqualTo(JEANNE));
        assertThat(agendas.reminderKeys()).doesNotHaveDuplicates().noneMatch(key -> key.contains(colorectal(engine).ruleId() + "#"))
            .anyMatch(key -> key.contains("breast") || key.contains("sein") || key.contains("mammo"));
        assertThat(prevention).hasSize((int) agendas.reminderKeys().stream().filter(key -> key.startsWith("prevention|")).count());
        assertThat(sent).noneMatch(reminder -> reminder.patient().equals(PAUL));
    }

    private static PreventionItemKey colorectal(PreventionEngine engine) {
        return engine.rules().rules().stream().filter(rule -> rule.id().contains("colo")).findFirst()
            .map(rule -> new PreventionItemKey(rule.id(), 1)).orElseThrow();
    }
}
