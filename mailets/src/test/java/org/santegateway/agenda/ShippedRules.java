package org.santegateway.agenda;

import java.nio.file.Path;

/** The table shipped in {@code config/}, read once for the tests. */
final class ShippedRules {
    static final Path FILE = Path.of("..", "config", "prevention-rules.txt");
    static final PreventionRules RULES = load();

    private ShippedRules() {
    }

    private static PreventionRules load() {
        try {
            return PreventionRules.load(FILE);
        } catch (PreventionRulesException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
