package org.santegateway.agenda;

/** Where an appointment came from, which decides who may change it. */
public enum AppointmentSource {
    /** A professional's invitation mail (iTIP REQUEST), identified by its UID. */
    INVITATION,
    /** A certified application through the FHIR Appointment API, identified by its business identifier. */
    APPLICATION,
    /** The patient, in the webmail: an appointment they note themselves. */
    PATIENT,
    /** The patient, in the webmail: a reminder to themselves (a day, a time and a text), reminded on its day. */
    PATIENT_REMINDER;

    /** Whether the patient wrote it (and may change or delete it). */
    public boolean patients() {
        return this == PATIENT || this == PATIENT_REMINDER;
    }
}
