package org.santegateway.agenda;

import org.santegateway.ins.Sex;

/**
 * Whom a rule concerns by sex: {@code F}, {@code M} or {@code any} in the table.
 *
 * <p>A patient whose sex is {@link Sex#UNKNOWN} gets the rules of both sexes: leaving out a
 * cervical or breast screening someone needs costs more than showing one they can mark
 * "not concerned" (not done); the item keeps its filter so that the page can say whom it is for.</p>
 */
public enum SexFilter {
    ANY("any"),
    FEMALE("F"),
    MALE("M");

    private final String text;

    SexFilter(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public boolean appliesTo(Sex sex) {
        return switch (this) {
            case ANY -> true;
            case FEMALE -> sex != Sex.MALE;
            case MALE -> sex != Sex.FEMALE;
        };
    }
}
