package org.santegateway.agenda;

/** The patient's answer to an invitation (iCalendar PARTSTAT); an application's appointments ask for none. */
public enum PatientResponse {
    /** Not an invitation: nothing to answer. */
    NONE,
    NEEDS_ACTION,
    ACCEPTED,
    DECLINED
}
