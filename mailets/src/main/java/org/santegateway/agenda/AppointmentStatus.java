package org.santegateway.agenda;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The status of an appointment, with the codes of FHIR {@code Appointment.status} (R4, the value set the Mon espace
 * santé agenda and the ANS shared-agenda guide use), and the French word the patient reads.
 */
public enum AppointmentStatus {
    PROPOSED("proposed", "Proposé"),
    PENDING("pending", "En attente de confirmation"),
    BOOKED("booked", "Confirmé"),
    ARRIVED("arrived", "Arrivé"),
    FULFILLED("fulfilled", "Honoré"),
    CANCELLED("cancelled", "Annulé"),
    NOSHOW("noshow", "Non honoré"),
    ENTERED_IN_ERROR("entered-in-error", "Saisi par erreur"),
    CHECKED_IN("checked-in", "Enregistré"),
    WAITLIST("waitlist", "Sur liste d'attente");

    private final String code;
    private final String french;

    AppointmentStatus(String code, String french) {
        this.code = code;
        this.french = french;
    }

    public String code() {
        return code;
    }

    public String french() {
        return french;
    }

    /** Whether the appointment is still to take place (neither cancelled nor entered in error). */
    public boolean active() {
        return this != CANCELLED && this != ENTERED_IN_ERROR;
    }

    public static Optional<AppointmentStatus> ofCode(String code) {
        String wanted = code == null ? "" : code.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(status -> status.code.equals(wanted)).findFirst();
    }
}
