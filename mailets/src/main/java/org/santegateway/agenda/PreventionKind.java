package org.santegateway.agenda;

/** What a prevention item is. */
public enum PreventionKind {
    VACCINATION,
    SCREENING
}
