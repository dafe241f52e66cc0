package org.santegateway.agenda;

import java.util.Objects;

/**
 * Which item a status is for: a rule and its occurrence, counted from 1 (always 1 for a rule that
 * does not repeat). The number stays when a date moves: the second breast screening is occurrence 2
 * whenever the first was done.
 */
public record PreventionItemKey(String ruleId, int occurrence) {
    public PreventionItemKey {
        Objects.requireNonNull(ruleId, "ruleId");
        if (occurrence < 1) {
            throw new IllegalArgumentException("occurrences are counted from 1");
        }
    }

    public static PreventionItemKey single(String ruleId) {
        return new PreventionItemKey(ruleId, 1);
    }

    @Override
    public String toString() {
        return ruleId + "#" + occurrence;
    }
}
