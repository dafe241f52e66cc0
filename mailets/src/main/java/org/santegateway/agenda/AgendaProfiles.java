package org.santegateway.agenda;

import java.time.LocalDate;
import java.util.Optional;

import org.santegateway.dmp.Ins;

/**
 * What the agenda keeps of a patient besides appointments: the exact birth date the prevention rules need (the
 * matricule INS has only the year and month; the patient gives the day), and whether they want reminders at their
 * personal address.
 */
public interface AgendaProfiles {
    Optional<LocalDate> birthDate(Ins patient);

    void setBirthDate(Ins patient, LocalDate birthDate);

    /** Reminders are on unless the patient turned them off. */
    boolean remindersOn(Ins patient);

    void setReminders(Ins patient, boolean on);
}
