package org.santegateway.agenda;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The people a rule is for by birth date, both ends included: {@code 2025-01-01..} (born on or
 * after), {@code ..2024-12-31} (born on or before), {@code 2018-01-01..2024-12-31}, or {@code -}
 * (everyone). Obligations apply by cohort: meningococcus B and ACWY to children born from
 * 1 January 2025.
 */
public record BirthCohort(Optional<LocalDate> from, Optional<LocalDate> to) {
    public static final BirthCohort EVERYONE = new BirthCohort(Optional.empty(), Optional.empty());

    public BirthCohort {
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new IllegalArgumentException("a birth cohort starts before it ends");
        }
    }

    /** The cohort a text describes; empty when it is not one of the forms above. */
    public static Optional<BirthCohort> parse(String text) {
        if (text.equals("-")) {
            return Optional.of(EVERYONE);
        }
        int dots = text.indexOf("..");
        if (dots < 0 || text.indexOf("..", dots + 2) >= 0) {
            return Optional.empty();
        }
        try {
            Optional<LocalDate> from = date(text.substring(0, dots));
            Optional<LocalDate> to = date(text.substring(dots + 2));
            if ((from.isEmpty() && to.isEmpty()) || (from.isPresent() && to.isPresent() && from.get().isAfter(to.get()))) {
                return Optional.empty();
            }
            return Optional.of(new BirthCohort(from, to));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<LocalDate> date(String text) {
        return text.isEmpty() ? Optional.empty() : Optional.of(LocalDate.parse(text));
    }

    public boolean contains(LocalDate birthDate) {
        return from.map(start -> !birthDate.isBefore(start)).orElse(true)
            && to.map(end -> !birthDate.isAfter(end)).orElse(true);
    }

    /** Whether someone could be born in both cohorts. */
    public boolean overlaps(BirthCohort other) {
        boolean thisEndsBefore = to.isPresent() && other.from.isPresent() && to.get().isBefore(other.from.get());
        boolean otherEndsBefore = other.to.isPresent() && from.isPresent() && other.to.get().isBefore(from.get());
        return !thisEndsBefore && !otherEndsBefore;
    }

    @Override
    public String toString() {
        return from.isEmpty() && to.isEmpty() ? "-" : from.map(LocalDate::toString).orElse("") + ".." + to.map(LocalDate::toString).orElse("");
    }
}
