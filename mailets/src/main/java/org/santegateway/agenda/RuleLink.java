package org.santegateway.agenda;

import java.util.Optional;

/** How a rule depends on another one, defined on an earlier line of the table. */
public sealed interface RuleLink {
    RuleLink NONE = new None();

    /** The rule stands alone ({@code -}). */
    record None() implements RuleLink {
    }

    /**
     * {@code catch-up-of <id>}: a catch-up of a rule that does not repeat (HPV from 15 to 26 years
     * after the doses of 11 to 14 years), left out when that rule's item is marked done and never
     * announced ahead: it is listed from its due date only.
     */
    record CatchUpOf(String ruleId) implements RuleLink {
    }

    /**
     * {@code after-last <id> +<delay>}: first due no earlier than {@code delay} after the last time
     * the other rule was marked done (the first HPV test 3 years after the last cytology).
     */
    record AfterLast(String ruleId, Age delay) implements RuleLink {
    }

    /** The rule this one depends on, if any. */
    default Optional<String> target() {
        if (this instanceof CatchUpOf catchUp) {
            return Optional.of(catchUp.ruleId());
        }
        if (this instanceof AfterLast afterLast) {
            return Optional.of(afterLast.ruleId());
        }
        return Optional.empty();
    }
}
