package org.santegateway.server.agenda;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;
import javax.persistence.PersistenceException;

import org.santegateway.agenda.AgendaStore;
import org.santegateway.agenda.Appointment;
import org.santegateway.dmp.Ins;
import org.santegateway.server.persistence.JpaTransactions;

/**
 * {@link AgendaStore} on the gateway's database (Derby embedded, PostgreSQL with several nodes). An update takes the
 * row's lock, so two nodes receiving revisions of one appointment keep the higher sequence; each stored revision is
 * kept in {@code GATEWAY_APPOINTMENT_CHANGE}.
 */
public class JpaAgendaStore implements AgendaStore {
    private final EntityManagerFactory entityManagerFactory;

    @Inject
    public JpaAgendaStore(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = entityManagerFactory;
    }

    @Override
    public Saved save(Appointment appointment) {
        try {
            return attempt(appointment);
        } catch (PersistenceException e) {
            // Another node (or thread) created the same appointment between our look and our insert: the unique key
            // refused the second row; the next attempt finds it and updates it.
            return attempt(appointment);
        }
    }

    private Saved attempt(Appointment appointment) {
        return JpaTransactions.write(entityManagerFactory, entityManager -> {
            List<JpaAppointment> existing = entityManager.createQuery("SELECT a FROM GatewayAppointment a WHERE a.author = :author "
                    + "AND a.identifier = :identifier AND a.ins = :ins", JpaAppointment.class)
                .setParameter("author", appointment.author())
                .setParameter("identifier", appointment.identifier())
                .setParameter("ins", appointment.patient().matricule())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
            if (existing.isEmpty()) {
                entityManager.persist(new JpaAppointment(appointment));
                entityManager.persist(new JpaAppointmentChange(appointment));
                return new Saved(Outcome.CREATED, appointment);
            }
            JpaAppointment row = existing.get(0);
            if (appointment.sequence() < row.sequence()) {
                return new Saved(Outcome.STALE, row.toAppointment());
            }
            row.update(appointment);
            Appointment stored = row.toAppointment();
            entityManager.persist(new JpaAppointmentChange(stored));
            return new Saved(Outcome.UPDATED, stored);
        });
    }

    @Override
    public List<Appointment> of(Ins patient) {
        return JpaTransactions.read(entityManagerFactory, entityManager -> entityManager.createQuery(
                "SELECT a FROM GatewayAppointment a WHERE a.ins = :ins ORDER BY a.startAt", JpaAppointment.class)
            .setParameter("ins", patient.matricule())
            .getResultList().stream().map(JpaAppointment::toAppointment).toList());
    }

    @Override
    public List<Appointment> byAuthor(String author, String identifier) {
        return JpaTransactions.read(entityManagerFactory, entityManager -> entityManager.createQuery(
                "SELECT a FROM GatewayAppointment a WHERE a.author = :author AND a.identifier = :identifier", JpaAppointment.class)
            .setParameter("author", author)
            .setParameter("identifier", identifier)
            .getResultList().stream().map(JpaAppointment::toAppointment).toList());
    }

    /** The appointments that start in {@code [from, to)}, every patient. */
    public List<Appointment> startingBetween(java.time.Instant from, java.time.Instant to) {
        return JpaTransactions.read(entityManagerFactory, entityManager -> entityManager.createQuery(
                "SELECT a FROM GatewayAppointment a WHERE a.startAt >= :from AND a.startAt < :to ORDER BY a.startAt", JpaAppointment.class)
            .setParameter("from", from.toEpochMilli())
            .setParameter("to", to.toEpochMilli())
            .getResultList().stream().map(JpaAppointment::toAppointment).toList());
    }

    @Override
    public List<Change> history(String id) {
        return JpaTransactions.read(entityManagerFactory, entityManager -> entityManager.createQuery(
                "SELECT c FROM GatewayAppointmentChange c WHERE c.appointmentId = :id ORDER BY c.changedAt, c.sequence", JpaAppointmentChange.class)
            .setParameter("id", id)
            .getResultList().stream().map(JpaAppointmentChange::toChange).toList());
    }

    @Override
    public void delete(String id) {
        JpaTransactions.write(entityManagerFactory, entityManager -> {
            entityManager.createQuery("DELETE FROM GatewayAppointmentChange c WHERE c.appointmentId = :id").setParameter("id", id).executeUpdate();
            entityManager.createQuery("DELETE FROM GatewayAppointment a WHERE a.id = :id").setParameter("id", id).executeUpdate();
            return null;
        });
    }

    @Override
    public Optional<Appointment> find(String id) {
        return JpaTransactions.read(entityManagerFactory, entityManager -> Optional.ofNullable(entityManager.find(JpaAppointment.class, id))
            .map(JpaAppointment::toAppointment));
    }
}
