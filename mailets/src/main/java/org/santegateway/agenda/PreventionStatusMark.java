package org.santegateway.agenda;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A status a patient set on an item, and the day they set it. For {@link PreventionStatus#DONE},
 * that day is the day it counts as done: a repeated screening is due again an interval after it.
 * The latest mark of an item replaces the earlier ones.
 */
public record PreventionStatusMark(PreventionItemKey item, PreventionStatus status, LocalDate setOn) {
    public PreventionStatusMark {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(setOn, "setOn");
    }

    public boolean done() {
        return status == PreventionStatus.DONE;
    }
}
