package org.santegateway.agenda;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.santegateway.ins.Sex;

/** The table shipped in {@code config/}, read once, and helpers over it for the tests. */
final class ShippedRules {
    static final Path FILE = Path.of("..", "config", "prevention-rules.txt");
    static final PreventionRules RULES = load();
    static final PreventionEngine ENGINE = new PreventionEngine(RULES, PreventionEngine.DEFAULT_HORIZON);

    private ShippedRules() {
    }

    private static PreventionRules load() {
        try {
            return PreventionRules.load(FILE);
        } catch (PreventionRulesException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static PreventionPatient patient(String sex, LocalDate birth) {
        return new PreventionPatient(birth, switch (sex) {
            case "F" -> Sex.FEMALE;
            case "M" -> Sex.MALE;
            default -> Sex.UNKNOWN;
        });
    }

    /** ABSENT, UPCOMING or IN_PROGRESS: how the item is shown on {@code today}. */
    static String phase(List<PreventionItem> items, PreventionItemKey key, LocalDate today) {
        return items.stream()
            .filter(item -> item.key().equals(key))
            .findFirst()
            .map(item -> item.inProgressOn(today) ? "IN_PROGRESS" : "UPCOMING")
            .orElse("ABSENT");
    }

    /** The due date of an occurrence, computed far enough ahead; fails when the rule has no such occurrence. */
    static LocalDate dueDate(PreventionPatient patient, PreventionItemKey key, Map<PreventionItemKey, PreventionStatusMark> marks) {
        PreventionRule rule = RULES.rulesFor(patient).get(key.ruleId());
        return Schedule.occurrences(rule, patient, marks, patient.birthDate().plusYears(120)).stream()
            .filter(item -> item.key().equals(key))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no occurrence " + key))
            .due();
    }
}
