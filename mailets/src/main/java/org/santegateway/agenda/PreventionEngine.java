package org.santegateway.agenda;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Computes a patient's prevention items from the table, their birth date and sex, and their marks:
 * what to show on a day ({@link #items}) and what comes due on a day ({@link #comingDue}, for
 * reminders). Pure: the caller reads the marks ({@link PreventionStatuses}) and the clock.
 */
public final class PreventionEngine {
    /** How far ahead upcoming items are shown by default. */
    public static final Period DEFAULT_HORIZON = Period.ofYears(1);
    private static final Comparator<PreventionItem> ORDER = Comparator.comparing(PreventionItem::due)
        .thenComparing(item -> item.key().ruleId())
        .thenComparingInt(item -> item.key().occurrence());

    private final PreventionRules rules;
    private final Period horizon;

    public PreventionEngine(PreventionRules rules, Period horizon) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.horizon = Objects.requireNonNull(horizon, "horizon");
        if (horizon.isNegative()) {
            throw new IllegalArgumentException("the horizon looks ahead, not back");
        }
    }

    public PreventionRules rules() {
        return rules;
    }

    /**
     * The items to show on {@code today}: those in progress (due, window not over), whatever their
     * status, and the next one due within the horizon for each rule. Items whose window is over are
     * left out, as the calendar for the patient's age leaves them out: a window includes the
     * catch-up the calendar recommends, so an item is left out only once it is no longer recommended
     * at that age. A catch-up is listed from its due date only, and not at all once the item it
     * catches up is done. Ordered by due date.
     */
    public List<PreventionItem> items(PreventionPatient patient, Map<PreventionItemKey, PreventionStatusMark> marks,
                                      LocalDate today) {
        LocalDate limit = today.plus(horizon);
        List<PreventionItem> shown = new ArrayList<>();
        for (PreventionRule rule : applicable(patient, marks)) {
            // a catch-up is never announced ahead: until its due date, the item it catches up is in progress
            boolean upcomingShown = rule.link() instanceof RuleLink.CatchUpOf;
            for (PreventionItem item : Schedule.occurrences(rule, patient, marks, limit)) {
                if (item.inProgressOn(today)) {
                    shown.add(item);
                } else if (item.upcomingOn(today) && !upcomingShown) {
                    shown.add(item);
                    upcomingShown = true;
                }
            }
        }
        shown.sort(ORDER);
        return List.copyOf(shown);
    }

    /**
     * The items that come due on {@code day} (their due date, the first day of their window) and
     * are not marked done: what a daily reminder job notifies. Run for every day once, it notifies
     * each item once; a job that missed days asks for each of them. An item's date moves only when a
     * mark moves it (a repeated screening done, the last cytology before the HPV test), and then the
     * new date comes due in turn.
     */
    public List<PreventionItem> comingDue(PreventionPatient patient, Map<PreventionItemKey, PreventionStatusMark> marks,
                                          LocalDate day) {
        List<PreventionItem> due = new ArrayList<>();
        for (PreventionRule rule : applicable(patient, marks)) {
            for (PreventionItem item : Schedule.occurrences(rule, patient, marks, day)) {
                if (item.due().equals(day) && item.status() != PreventionStatus.DONE) {
                    due.add(item);
                }
            }
        }
        due.sort(ORDER);
        return List.copyOf(due);
    }

    /** The patient's rules, without the catch-ups of items already done. */
    private List<PreventionRule> applicable(PreventionPatient patient, Map<PreventionItemKey, PreventionStatusMark> marks) {
        Map<String, PreventionRule> forPatient = rules.rulesFor(patient);
        List<PreventionRule> applicable = new ArrayList<>();
        for (PreventionRule rule : forPatient.values()) {
            if (rule.link() instanceof RuleLink.CatchUpOf catchUp && forPatient.containsKey(catchUp.ruleId())) {
                PreventionStatusMark caughtUp = marks.get(PreventionItemKey.single(catchUp.ruleId()));
                if (caughtUp != null && caughtUp.done()) {
                    continue;
                }
            }
            applicable.add(rule);
        }
        return applicable;
    }
}
