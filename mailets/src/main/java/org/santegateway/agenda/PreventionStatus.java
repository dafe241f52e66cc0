package org.santegateway.agenda;

/** What the patient says of an item, as in Mon espace santé. */
public enum PreventionStatus {
    /** The patient means to do it. */
    TO_PLAN,
    /** Nothing said: the default. */
    NOT_SPECIFIED,
    DONE,
    NOT_DONE
}
