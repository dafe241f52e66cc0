package org.santegateway.server.agenda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.santegateway.agenda.AgendaStore;
import org.santegateway.agenda.Appointment;
import org.santegateway.agenda.AppointmentSource;
import org.santegateway.agenda.AppointmentStatus;
import org.santegateway.agenda.PatientResponse;
import org.santegateway.agenda.PreventionItemKey;
import org.santegateway.agenda.PreventionStatus;
import org.santegateway.agenda.PreventionStatusMark;
import org.santegateway.dmp.Ins;
import org.santegateway.ins.MatriculeIns;
import org.santegateway.server.persistence.DatabaseConfiguration;
import org.santegateway.server.persistence.ManagedEntityManagerFactory;
import org.santegateway.server.persistence.StorageDirectories;

/**
 * The agenda's tables on embedded Derby ({@link JpaAgendaStoreOnPostgresqlTest}: the same on PostgreSQL): revisions by
 * sequence with their history, a stale revision changing nothing, concurrent declarations of one appointment keeping one
 * row, deletion, profiles, prevention marks and reminder keys claimed once.
 */
class JpaAgendaStoreTest {
    static final Ins PATIENT = new Ins("2770275123456" + MatriculeIns.keyOf("2770275123456"));
    static ManagedEntityManagerFactory database;
    static JpaAgendaStore store;
    static PatientAgendas agendas;

    @BeforeAll
    static void open() throws Exception {
        openStore(DatabaseConfiguration.embeddedDerby(new StorageDirectories(Files.createTempDirectory("agenda-store"))));
    }

    static void openStore(DatabaseConfiguration configuration) {
        database = new ManagedEntityManagerFactory(configuration);
        store = new JpaAgendaStore(database.entityManagerFactory());
        agendas = new PatientAgendas(database.entityManagerFactory(), Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    static Appointment revision(String id, String identifier, int sequence, AppointmentStatus status, Instant start) {
        return new Appointment(id, PATIENT, AppointmentSource.INVITATION, "dr.martin@hopital.test", identifier, sequence, status, start,
            Optional.empty(), "Dr Martin", Optional.of("Suivi"), Optional.empty(), PatientResponse.NEEDS_ACTION, Optional.of("<m@x>"),
            Instant.parse("2027-01-01T00:00:00Z").plusSeconds(sequence));
    }

    @Test
    void revisionsShouldFollowTheSequenceAndBeKeptInTheHistory() {
        String identifier = UUID.randomUUID() + "@client";
        String id = UUID.randomUUID().toString();
        assertThat(store.save(revision(id, identifier, 0, AppointmentStatus.PENDING, Instant.parse("2027-03-01T08:00:00Z"))).outcome())
            .isEqualTo(AgendaStore.Outcome.CREATED);
        assertThat(store.save(revision(id, identifier, 2, AppointmentStatus.PENDING, Instant.parse("2027-03-02T08:00:00Z"))).outcome())
            .isEqualTo(AgendaStore.Outcome.UPDATED);
        AgendaStore.Saved stale = store.save(revision(id, identifier, 1, AppointmentStatus.CANCELLED, Instant.parse("2027-03-03T08:00:00Z")));

        assertThat(stale.outcome()).isEqualTo(AgendaStore.Outcome.STALE);
        assertThat(stale.appointment().start()).isEqualTo(Instant.parse("2027-03-02T08:00:00Z"));
        assertThat(store.find(id)).hasValueSatisfying(found -> assertThat(found.sequence()).isEqualTo(2));
        assertThat(store.history(id)).extracting(AgendaStore.Change::sequence).containsExactly(0, 2);
        assertThat(store.byAuthor("dr.martin@hopital.test", identifier)).hasSize(1);
        assertThat(store.startingBetween(Instant.parse("2027-03-02T00:00:00Z"), Instant.parse("2027-03-03T00:00:00Z")))
            .extracting(Appointment::id).contains(id);

        store.delete(id);
        assertThat(store.find(id)).isEmpty();
        assertThat(store.history(id)).isEmpty();
    }

    @Test
    void twoNodesDeclaringOneAppointmentAtOnceShouldKeepOneRow() throws Exception {
        String identifier = UUID.randomUUID() + "@client";
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<AgendaStore.Saved>> saves = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int sequence = i;
                saves.add(pool.submit(() -> store.save(revision(UUID.randomUUID().toString(), identifier, sequence, AppointmentStatus.PENDING,
                    Instant.parse("2027-04-01T08:00:00Z").plusSeconds(sequence)))));
            }
            for (Future<AgendaStore.Saved> save : saves) {
                save.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<Appointment> stored = store.byAuthor("dr.martin@hopital.test", identifier);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).sequence()).isEqualTo(7);
    }

    @Test
    void profilesMarksAndReminderKeysShouldBeKept() {
        Ins patient = new Ins("1850575123456" + MatriculeIns.keyOf("1850575123456"));
        assertThat(agendas.birthDate(patient)).isEmpty();
        assertThat(agendas.remindersOn(patient)).isTrue();
        agendas.setBirthDate(patient, LocalDate.of(1985, 5, 7));
        agendas.setReminders(patient, false);
        assertThat(agendas.birthDate(patient)).contains(LocalDate.of(1985, 5, 7));
        assertThat(agendas.remindersOn(patient)).isFalse();
        assertThat(agendas.remindedPatients()).doesNotContainKey(patient);

        PreventionItemKey item = new PreventionItemKey("depistage.colorectal", 1);
        agendas.mark(patient, new PreventionStatusMark(item, PreventionStatus.TO_PLAN, LocalDate.of(2027, 1, 2)));
        agendas.mark(patient, new PreventionStatusMark(item, PreventionStatus.DONE, LocalDate.of(2027, 1, 3)));
        assertThat(agendas.marksOf(patient)).containsOnlyKeys(item);
        assertThat(agendas.marksOf(patient).get(item).status()).isEqualTo(PreventionStatus.DONE);

        String key = "test|" + UUID.randomUUID();
        assertThat(agendas.claimReminder(key)).isTrue();
        assertThat(agendas.claimReminder(key)).isFalse();
    }
}
