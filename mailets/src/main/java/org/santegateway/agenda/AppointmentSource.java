package org.santegateway.agenda;

/** Where an appointment came from, which decides who may change it. */
public enum AppointmentSource {
    /** A professional's invitation mail (iTIP REQUEST), identified by its UID. */
    INVITATION,
    /** A certified application through the FHIR Appointment API, identified by its business identifier. */
    APPLICATION,
    /** The patient, in the webmail. */
    PATIENT
}
