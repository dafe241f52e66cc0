package org.santegateway.agenda;

import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An age, or an interval, in calendar months: {@code 2m}, {@code 11m}, {@code 11y} (132 months).
 *
 * <p>Dates are reached with {@link LocalDate#plusMonths}, from the birth date in one step (never
 * month after month): the day of the month is kept, or the last day of the month when it has fewer
 * days. A child born on 31 December is 2 months old on 28 February (29 in a leap year); a person
 * born on 29 February reaches each age in years on 28 February of common years and on 29 February
 * of leap years.</p>
 */
public record Age(int months) implements Comparable<Age> {
    private static final Pattern TEXT = Pattern.compile("([0-9]{1,4})([my])");
    /** Beyond any lifetime: a typo such as {@code 650y} is refused rather than read. */
    private static final int MAX_MONTHS = 130 * 12;

    public Age {
        if (months < 0 || months > MAX_MONTHS) {
            throw new IllegalArgumentException("an age is between 0 and " + MAX_MONTHS + " months");
        }
    }

    public static Age ofMonths(int months) {
        return new Age(months);
    }

    public static Age ofYears(int years) {
        return new Age(years * 12);
    }

    /** {@code 2m} or {@code 25y}; empty for anything else (units other than m and y, signs, spaces). */
    public static Optional<Age> parse(String text) {
        Matcher matcher = TEXT.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int count = Integer.parseInt(matcher.group(1));
        int months = matcher.group(2).equals("y") ? count * 12 : count;
        return months <= MAX_MONTHS ? Optional.of(new Age(months)) : Optional.empty();
    }

    /** The date this age (or interval) after {@code start}. */
    public LocalDate after(LocalDate start) {
        return start.plusMonths(months);
    }

    public Age plus(Age other) {
        return new Age(months + other.months);
    }

    @Override
    public int compareTo(Age other) {
        return Integer.compare(months, other.months);
    }

    @Override
    public String toString() {
        return months > 0 && months % 12 == 0 ? months / 12 + "y" : months + "m";
    }
}
