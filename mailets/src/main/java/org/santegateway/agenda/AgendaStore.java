package org.santegateway.agenda;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.santegateway.dmp.Ins;

/** The patients' agendas: appointments, kept with every change. */
public interface AgendaStore {
    /** What became of a declaration. */
    enum Outcome {
        CREATED, UPDATED,
        /** The same author already declared a later revision: nothing changed. */
        STALE
    }

    /** The outcome and the appointment as stored now. */
    record Saved(Outcome outcome, Appointment appointment) {
    }

    /** One revision of an appointment as it was stored: when, its sequence, status, start and the patient's answer. */
    record Change(Instant at, int sequence, AppointmentStatus status, Instant start, PatientResponse response) {
    }

    /**
     * Creates the appointment, or updates the one the same author declared with the same identifier for that patient
     * (an update with a lower sequence than the stored one is {@link Outcome#STALE}).
     */
    Saved save(Appointment appointment);

    /** The patient's appointments, by start time. */
    List<Appointment> of(Ins patient);

    /** The appointments an author declared with this identifier (for one patient at most, normally). */
    List<Appointment> byAuthor(String author, String identifier);

    Optional<Appointment> find(String id);

    /** Every revision of an appointment, oldest first. */
    List<Change> history(String id);

    /** Deletes an appointment and its history (the patient's own entries only: the callers check). */
    void delete(String id);
}
