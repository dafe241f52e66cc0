package org.santegateway.agenda;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One occurrence of a rule for a patient: due on {@code due}, in progress until the eve of
 * {@code windowEnd} (for life when empty), with the patient's latest mark if any.
 * {@code concerns} is the rule's sex filter, for a page to say whom a sex-specific item is for
 * when the patient's sex is unknown.
 */
public record PreventionItem(PreventionItemKey key, String label, PreventionKind kind, Requirement requirement,
                             SexFilter concerns, LocalDate due, Optional<LocalDate> windowEnd,
                             Optional<PreventionStatusMark> mark) {
    public PreventionItem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(concerns, "concerns");
        Objects.requireNonNull(due, "due");
        Objects.requireNonNull(windowEnd, "windowEnd");
        Objects.requireNonNull(mark, "mark");
    }

    /** The patient's status, {@link PreventionStatus#NOT_SPECIFIED} until they set one. */
    public PreventionStatus status() {
        return mark.map(PreventionStatusMark::status).orElse(PreventionStatus.NOT_SPECIFIED);
    }

    /** Due on or before {@code day}, and its window not over. */
    public boolean inProgressOn(LocalDate day) {
        return !day.isBefore(due) && windowEnd.map(day::isBefore).orElse(true);
    }

    public boolean upcomingOn(LocalDate day) {
        return day.isBefore(due);
    }
}
