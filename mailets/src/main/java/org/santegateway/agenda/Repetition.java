package org.santegateway.agenda;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a rule comes back within its window: not at all ({@code -}), or after intervals, the last
 * one repeating ({@code 2y}: every two years; {@code 1y,3y}: one year after the first, then every
 * three years), counted either from the day the previous occurrence was marked done (screenings:
 * {@code 2y after-done}) or at fixed ages whatever was done (boosters: {@code 10y fixed-age}).
 * An occurrence not marked done is followed at the interval from its own due date in both cases.
 */
public record Repetition(List<Age> intervals, Anchor anchor) {
    public static final Repetition NONE = new Repetition(List.of(), Anchor.FIXED_AGE);

    /** What the next occurrence is counted from. */
    public enum Anchor {
        /** From the date the previous occurrence was marked done. */
        AFTER_DONE("after-done"),
        /** From the previous due date: the ages stay fixed. */
        FIXED_AGE("fixed-age");

        private final String text;

        Anchor(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public Repetition {
        intervals = List.copyOf(intervals);
        if (intervals.stream().anyMatch(interval -> interval.months() == 0)) {
            throw new IllegalArgumentException("an interval is at least one month");
        }
    }

    /** {@code -}, or {@code <interval>[,<interval>...] after-done|fixed-age}; empty otherwise. */
    public static Optional<Repetition> parse(String text) {
        if (text.equals("-")) {
            return Optional.of(NONE);
        }
        String[] words = text.split(" +");
        if (words.length != 2) {
            return Optional.empty();
        }
        Optional<Anchor> anchor = Arrays.stream(Anchor.values()).filter(value -> value.text.equals(words[1])).findFirst();
        List<Age> intervals = new ArrayList<>();
        for (String interval : words[0].split(",", -1)) {
            Optional<Age> age = Age.parse(interval);
            if (age.isEmpty() || age.get().months() == 0) {
                return Optional.empty();
            }
            intervals.add(age.get());
        }
        return anchor.map(value -> new Repetition(intervals, value));
    }

    public boolean repeats() {
        return !intervals.isEmpty();
    }

    /** The interval between occurrence {@code number} (from 1) and the next one. */
    public Age intervalAfter(int number) {
        if (!repeats()) {
            throw new IllegalStateException("a rule that does not repeat has no interval");
        }
        return intervals.get(Math.min(number, intervals.size()) - 1);
    }

    @Override
    public String toString() {
        if (!repeats()) {
            return "-";
        }
        return String.join(",", intervals.stream().map(Age::toString).toList()) + " " + anchor.text;
    }
}
