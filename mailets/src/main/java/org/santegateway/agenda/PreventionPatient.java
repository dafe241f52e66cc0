package org.santegateway.agenda;

import java.time.LocalDate;
import java.util.Objects;

import org.santegateway.ins.MatriculeIns;
import org.santegateway.ins.Sex;

/** What the prevention rules need to know of a patient: the exact birth date and the sex. */
public record PreventionPatient(LocalDate birthDate, Sex sex) {
    public PreventionPatient {
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(sex, "sex");
    }

    /**
     * A patient from their matricule INS, which gives the sex, and the birth date of their INS
     * identity traits (the matricule has only the year and month).
     *
     * @throws IllegalArgumentException when the matricule is not valid or disagrees with the birth
     *     date's year or month: one of the two belongs to someone else
     */
    public static PreventionPatient fromIns(String matricule, LocalDate birthDate) {
        if (!MatriculeIns.agreesWithBirthDate(matricule, birthDate)) {
            throw new IllegalArgumentException("the birth date disagrees with the year or month of the matricule INS");
        }
        return new PreventionPatient(birthDate, MatriculeIns.sexOf(matricule));
    }
}
