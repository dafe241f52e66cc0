package org.santegateway.agenda;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.santegateway.dmp.Ins;

/**
 * An appointment on a patient's agenda.
 *
 * @param id          the gateway's identifier (random, for URLs)
 * @param patient     whose agenda it is on
 * @param source      where it came from
 * @param author      who declared it: the application's mailbox, the organiser's address, or the patient's INS
 * @param identifier  the author's identifier of it ({@code system|value} for an application, the iCalendar UID for an
 *                    invitation): an update names it
 * @param sequence    the revision (iCalendar SEQUENCE; an application's updates count up)
 * @param status      its FHIR status
 * @param start       when it begins
 * @param end         when it ends, when known
 * @param with        the professional or establishment, as the patient reads it
 * @param speciality  the speciality or the reason, when given
 * @param place       the address, when given
 * @param response    the patient's answer to an invitation
 * @param reference   the Message-ID of the invitation mail, which the patient's answer replies to
 * @param updatedAt   the last change
 */
public record Appointment(String id, Ins patient, AppointmentSource source, String author, String identifier, int sequence,
                          AppointmentStatus status, Instant start, Optional<Instant> end, String with, Optional<String> speciality,
                          Optional<String> place, PatientResponse response, Optional<String> reference, Instant updatedAt) {
    public static final int MAX_TEXT = 300;

    public Appointment {
        Objects.requireNonNull(id);
        Objects.requireNonNull(patient);
        Objects.requireNonNull(source);
        Objects.requireNonNull(author);
        Objects.requireNonNull(identifier);
        Objects.requireNonNull(status);
        Objects.requireNonNull(start);
        Objects.requireNonNull(end);
        Objects.requireNonNull(with);
        Objects.requireNonNull(speciality);
        Objects.requireNonNull(place);
        Objects.requireNonNull(response);
        Objects.requireNonNull(reference);
        Objects.requireNonNull(updatedAt);
        if (end.isPresent() && end.get().isBefore(start)) {
            throw new IllegalArgumentException("an appointment ends after it starts");
        }
    }

    /** The same appointment with the patient's answer. */
    public Appointment answered(PatientResponse answer, Instant at) {
        return new Appointment(id, patient, source, author, identifier, sequence, status, start, end, with, speciality, place, answer, reference, at);
    }
}
