package org.santegateway.dmp;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.santegateway.ins.MatriculeIns;

/**
 * A patient, by the matricule INS that keys their record (and forms the local part of their
 * address): always well formed with a correct key, upper case ({@code 2A}/{@code 2B}).
 * {@link #toString()} does not reveal it.
 */
public record Ins(String matricule) {
    public Ins {
        Objects.requireNonNull(matricule);
        if (!MatriculeIns.isValid(matricule)) {
            throw new IllegalArgumentException("not a valid matricule INS");
        }
        matricule = matricule.toUpperCase(Locale.ROOT);
    }

    /** The matricule as an {@code Ins}, or empty when it is not a valid matricule INS. */
    public static Optional<Ins> parse(String candidate) {
        return MatriculeIns.isValid(candidate) ? Optional.of(new Ins(candidate)) : Optional.empty();
    }

    @Override
    public String toString() {
        return "Ins[***]";
    }
}
