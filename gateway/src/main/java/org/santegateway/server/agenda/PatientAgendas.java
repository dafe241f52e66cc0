package org.santegateway.server.agenda;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.santegateway.agenda.AgendaProfiles;
import org.santegateway.agenda.PreventionItemKey;
import org.santegateway.agenda.PreventionStatusMark;
import org.santegateway.agenda.PreventionStatuses;
import org.santegateway.dmp.Ins;
import org.santegateway.server.persistence.JpaTransactions;

/**
 * The agenda's per-patient data on the gateway's database: birth date and reminders setting ({@link AgendaProfiles}),
 * prevention statuses ({@link PreventionStatuses}), and the keys of the reminders already sent.
 */
public class PatientAgendas implements AgendaProfiles, PreventionStatuses {
    private final EntityManagerFactory entityManagerFactory;
    private final Clock clock;

    @Inject
    public PatientAgendas(EntityManagerFactory entityManagerFactory, Clock clock) {
        this.entityManagerFactory = entityManagerFactory;
        this.clock = clock;
    }

    @Override
    public Optional<LocalDate> birthDate(Ins patient) {
        return JpaTransactions.read(entityManagerFactory, entityManager -> Optional.ofNullable(entityManager.find(JpaAgendaPatient.class,
            patient.matricule())).flatMap(JpaAgendaPatient::birthDate));
    }

    @Override
    public void setBirthDate(Ins patient, LocalDate birthDate) {
        update(patient, row -> row.setBirthDate(birthDate, clock.instant()));
    }

    @Override
    public boolean remindersOn(Ins patient) {
        return JpaTransactions.read(entityManagerFactory, entityManager -> Optional.ofNullable(entityManager.find(JpaAgendaPatient.class,
            patient.matricule())).map(JpaAgendaPatient::reminders).orElse(true));
    }

    @Override
    public void setReminders(Ins patient, boolean on) {
        update(patient, row -> row.setReminders(on, clock.instant()));
    }

    /** The patients whose birth date is known and who want reminders, with their birth date. */
    public Map<Ins, LocalDate> remindedPatients() {
        return JpaTransactions.read(entityManagerFactory, entityManager -> {
            Map<Ins, LocalDate> patients = new LinkedHashMap<>();
            for (JpaAgendaPatient row : entityManager.createQuery("SELECT p FROM GatewayAgendaPatient p WHERE p.reminders = true "
                + "AND p.birthDate IS NOT NULL ORDER BY p.ins", JpaAgendaPatient.class).getResultList()) {
                row.birthDate().ifPresent(date -> patients.put(new Ins(row.ins()), date));
            }
            return patients;
        });
    }

    @Override
    public Map<PreventionItemKey, PreventionStatusMark> marksOf(Ins patient) {
        return JpaTransactions.read(entityManagerFactory, entityManager -> {
            Map<PreventionItemKey, PreventionStatusMark> marks = new LinkedHashMap<>();
            for (JpaPreventionMark row : entityManager.createQuery("SELECT m FROM GatewayPreventionMark m WHERE m.ins = :ins", JpaPreventionMark.class)
                .setParameter("ins", patient.matricule()).getResultList()) {
                PreventionStatusMark mark = row.toMark();
                marks.put(mark.item(), mark);
            }
            return marks;
        });
    }

    @Override
    public void mark(Ins patient, PreventionStatusMark mark) {
        JpaTransactions.write(entityManagerFactory, entityManager -> {
            JpaPreventionMark row = entityManager.find(JpaPreventionMark.class, JpaPreventionMark.id(patient.matricule(), mark.item()));
            if (row == null) {
                entityManager.persist(new JpaPreventionMark(patient.matricule(), mark));
            } else {
                row.update(mark);
            }
            return null;
        });
    }

    /**
     * Claims a reminder: true the first time for a key, false ever after (the key is the primary key of its row: two
     * nodes or a rerun cannot both claim it).
     */
    public boolean claimReminder(String key) {
        try {
            return JpaTransactions.write(entityManagerFactory, entityManager -> {
                if (entityManager.find(JpaAgendaReminder.class, key) != null) {
                    return false;
                }
                entityManager.persist(new JpaAgendaReminder(key, clock.millis()));
                return true;
            });
        } catch (PersistenceException e) {
            return false;
        }
    }

    private void update(Ins patient, java.util.function.Consumer<JpaAgendaPatient> change) {
        JpaTransactions.write(entityManagerFactory, entityManager -> {
            JpaAgendaPatient row = entityManager.find(JpaAgendaPatient.class, patient.matricule());
            if (row == null) {
                row = new JpaAgendaPatient(patient.matricule(), clock.instant());
                change.accept(row);
                entityManager.persist(row);
            } else {
                change.accept(row);
            }
            return null;
        });
    }

    /** For tests and the job: every reminder key sent. */
    List<String> reminderKeys() {
        return JpaTransactions.read(entityManagerFactory, entityManager -> entityManager.createQuery("SELECT r.id FROM GatewayAgendaReminder r",
            String.class).getResultList());
    }
}
