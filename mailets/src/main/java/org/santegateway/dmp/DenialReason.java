package org.santegateway.dmp;

import java.util.Locale;

/**
 * Why the access rule refused. Recorded in the access history and the audit trail; what the
 * actor is told is the caller's business: to a professional, {@link #HIDDEN_BY_PATIENT} must
 * read like "no such document", so that hiding a document does not reveal that it exists.
 */
public enum DenialReason {
    /** A patient asked for another patient's record. */
    NOT_THE_PATIENT,
    /** A professional neither in a conversation with the patient nor granted access by an admin. */
    NO_RELATIONSHIP,
    /** The patient hid the document from professionals. */
    HIDDEN_BY_PATIENT,
    /** This kind of actor may never do this (an admin reading documents, a professional hiding one...). */
    ROLE_NOT_ALLOWED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
