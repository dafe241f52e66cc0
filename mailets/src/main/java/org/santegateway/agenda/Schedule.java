package org.santegateway.agenda;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The occurrences of one rule for one patient, in order, up to a date.
 *
 * <p>Due dates are computed from an anchor date plus a number of months in one step
 * ({@link LocalDate#plusMonths}): the birth date at first, so that the ages of a 29 February or a
 * 31st are right; the day an occurrence was marked done for a rule repeated {@code after-done},
 * and the day the linked rule was last done for an {@code after-last} link.</p>
 */
final class Schedule {
    private Schedule() {
    }

    /** The rule's occurrences due on or before {@code limit}, each with its mark. */
    static List<PreventionItem> occurrences(PreventionRule rule, PreventionPatient patient,
                                            Map<PreventionItemKey, PreventionStatusMark> marks, LocalDate limit) {
        LocalDate birth = patient.birthDate();
        Optional<LocalDate> end = rule.until().map(age -> age.after(birth));
        LocalDate anchor = birth;
        int offset = rule.due().months();
        if (rule.link() instanceof RuleLink.AfterLast afterLast) {
            Optional<LocalDate> lastDone = lastDone(afterLast.ruleId(), marks);
            if (lastDone.isPresent() && afterLast.delay().after(lastDone.get()).isAfter(rule.due().after(birth))) {
                anchor = lastDone.get();
                offset = afterLast.delay().months();
            }
        }
        List<PreventionItem> items = new ArrayList<>();
        for (int number = 1; ; number++) {
            LocalDate due = anchor.plusMonths(offset);
            if (due.isAfter(limit) || (end.isPresent() && !due.isBefore(end.get()))) {
                return items;
            }
            PreventionItemKey key = new PreventionItemKey(rule.id(), number);
            Optional<PreventionStatusMark> mark = Optional.ofNullable(marks.get(key));
            if (!rule.repeats()) {
                items.add(item(rule, key, due, end, mark));
                return items;
            }
            int interval = rule.repetition().intervalAfter(number).months();
            LocalDate next = anchor.plusMonths(offset + interval);
            LocalDate windowEnd = end.filter(date -> date.isBefore(next)).orElse(next);
            items.add(item(rule, key, due, Optional.of(windowEnd), mark));
            if (rule.repetition().anchor() == Repetition.Anchor.AFTER_DONE && mark.filter(PreventionStatusMark::done).isPresent()) {
                anchor = mark.get().setOn();
                offset = interval;
            } else {
                offset += interval;
            }
        }
    }

    /** The last day an item of the rule was marked done. */
    static Optional<LocalDate> lastDone(String ruleId, Map<PreventionItemKey, PreventionStatusMark> marks) {
        return marks.values().stream()
            .filter(mark -> mark.item().ruleId().equals(ruleId) && mark.done())
            .map(PreventionStatusMark::setOn)
            .max(LocalDate::compareTo);
    }

    private static PreventionItem item(PreventionRule rule, PreventionItemKey key, LocalDate due, Optional<LocalDate> windowEnd,
                                       Optional<PreventionStatusMark> mark) {
        return new PreventionItem(key, rule.label(), rule.kind(), rule.requirement(), rule.sex(), due, windowEnd, mark);
    }
}
