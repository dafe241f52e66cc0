package org.santegateway.server.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.santegateway.agenda.AgendaStore;
import org.santegateway.agenda.Appointment;
import org.santegateway.dmp.Ins;

/** An {@link AgendaStore} in memory, for page tests. */
public class MemoryAgendaStore implements AgendaStore {
    private final List<Appointment> appointments = new ArrayList<>();
    private final List<Appointment> revisions = new ArrayList<>();

    @Override
    public synchronized Saved save(Appointment appointment) {
        Optional<Appointment> existing = appointments.stream().filter(stored -> stored.author().equals(appointment.author())
            && stored.identifier().equals(appointment.identifier()) && stored.patient().equals(appointment.patient())).findFirst();
        if (existing.isPresent() && existing.get().sequence() > appointment.sequence()) {
            return new Saved(Outcome.STALE, existing.get());
        }
        existing.ifPresent(appointments::remove);
        appointments.add(appointment);
        revisions.add(appointment);
        return new Saved(existing.isPresent() ? Outcome.UPDATED : Outcome.CREATED, appointment);
    }

    @Override
    public synchronized List<Appointment> of(Ins patient) {
        return appointments.stream().filter(appointment -> appointment.patient().equals(patient))
            .sorted(Comparator.comparing(Appointment::start)).toList();
    }

    @Override
    public synchronized List<Appointment> byAuthor(String author, String identifier) {
        return appointments.stream().filter(appointment -> appointment.author().equals(author) && appointment.identifier().equals(identifier))
            .toList();
    }

    @Override
    public synchronized List<Change> history(String id) {
        return revisions.stream().filter(revision -> revision.id().equals(id))
            .map(revision -> new Change(revision.updatedAt(), revision.sequence(), revision.status(), revision.start(), revision.response())).toList();
    }

    @Override
    public synchronized void delete(String id) {
        appointments.removeIf(appointment -> appointment.id().equals(id));
        revisions.removeIf(appointment -> appointment.id().equals(id));
    }

    @Override
    public synchronized Optional<Appointment> find(String id) {
        return appointments.stream().filter(appointment -> appointment.id().equals(id)).findFirst();
    }
}
