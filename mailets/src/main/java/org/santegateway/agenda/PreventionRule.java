package org.santegateway.agenda;

import java.util.Objects;
import java.util.Optional;

/**
 * One line of the prevention table: an item due at an age, for a sex and a birth cohort, shown
 * until an age (exclusive: {@code 75y} is up to the eve of the 75th birthday, "74 ans révolus"), or
 * for life when {@code until} is empty; possibly repeated within that window, possibly linked to an
 * earlier rule. {@code line} is where the table defines it.
 */
public record PreventionRule(String id, PreventionKind kind, Requirement requirement, SexFilter sex, BirthCohort born,
                             Age due, Optional<Age> until, Repetition repetition, RuleLink link, String source,
                             String label, int line) {
    public PreventionRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(sex, "sex");
        Objects.requireNonNull(born, "born");
        Objects.requireNonNull(due, "due");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(repetition, "repetition");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(label, "label");
        if (until.isPresent() && until.get().compareTo(due) <= 0) {
            throw new IllegalArgumentException("a rule's window ends after its due age");
        }
    }

    /** Whether the rule is for this patient (sex and birth cohort; an unknown sex gets both sexes' rules). */
    public boolean appliesTo(PreventionPatient patient) {
        return sex.appliesTo(patient.sex()) && born.contains(patient.birthDate());
    }

    public boolean repeats() {
        return repetition.repeats();
    }
}
