package org.santegateway.agenda;

/** How strongly the calendar asks for an item, as Mon espace santé shows it. */
public enum Requirement {
    /** Required by law (the infant vaccinations of article L3111-2 of the public health code). */
    OBLIGATORY,
    RECOMMENDED
}
