package org.santegateway.ins;

import java.time.LocalDate;
import java.util.Locale;

/**
 * The matricule INS (the NIR of the Identifiant National de Santé) that forms the local part of a
 * patient address: 15 characters, 13 digits (the department, positions 6 and 7, may be {@code 2A}
 * or {@code 2B} for a birth in Corsica) followed by a 2-digit key equal to
 * {@code 97 - (number mod 97)}, where {@code 2A} counts as 19 and {@code 2B} as 18.
 *
 * <p>Only the form and the key are checked: whether the INS was issued is the national
 * teleservice's business, not the gateway's.</p>
 *
 * <p>The NIR also carries the sex (first digit: 1 a man, 2 a woman) and the year (two digits) and
 * month of birth (positions 4 and 5; a value outside 01 to 12 stands for an unknown month). The
 * exact birth date is not in it: it comes from the INS identity traits.</p>
 */
public final class MatriculeIns {
    public static final int LENGTH = 15;
    private static final int KEY_LENGTH = 2;
    private static final int DEPARTMENT_START = 5;
    private static final int MODULUS = 97;
    private static final int YEAR_START = 1;
    private static final int MONTH_START = 3;

    private MatriculeIns() {
    }

    /** True when {@code candidate} is a well-formed matricule INS with a correct key (2A/2B in either case). */
    public static boolean isValid(String candidate) {
        if (candidate == null || candidate.length() != LENGTH) {
            return false;
        }
        String upper = candidate.toUpperCase(Locale.ROOT);
        String body = upper.substring(0, LENGTH - KEY_LENGTH);
        String key = upper.substring(LENGTH - KEY_LENGTH);
        if (!allDigits(key)) {
            return false;
        }
        String numeric = corsicaAsDigits(body);
        if (!allDigits(numeric)) {
            return false;
        }
        long number = Long.parseLong(numeric);
        return MODULUS - (number % MODULUS) == Integer.parseInt(key);
    }

    /**
     * The body with {@code 2A} or {@code 2B} at the department position replaced by the number the
     * key is computed on (19 or 18), or null when a letter stands anywhere else.
     */
    private static String corsicaAsDigits(String body) {
        String department = body.substring(DEPARTMENT_START, DEPARTMENT_START + 2);
        String replacement = switch (department) {
            case "2A" -> "19";
            case "2B" -> "18";
            default -> department;
        };
        return body.substring(0, DEPARTMENT_START) + replacement + body.substring(DEPARTMENT_START + 2);
    }

    private static boolean allDigits(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return !value.isEmpty();
    }

    /** Computes the key of a 13-character body (test data, fixtures): {@code 97 - (number mod 97)}, two digits. */
    public static String keyOf(String body) {
        if (body == null || body.length() != LENGTH - KEY_LENGTH) {
            throw new IllegalArgumentException("An INS body has " + (LENGTH - KEY_LENGTH) + " characters");
        }
        String numeric = corsicaAsDigits(body.toUpperCase(Locale.ROOT));
        if (!allDigits(numeric)) {
            throw new IllegalArgumentException("An INS body has digits only, or 2A/2B as department");
        }
        return String.format(Locale.ROOT, "%02d", MODULUS - (Long.parseLong(numeric) % MODULUS));
    }

    /**
     * The sex the first digit gives: 1 a man, 2 a woman. Any other first digit is not read as a
     * sex here: {@link Sex#UNKNOWN}, and the identity traits say.
     *
     * @throws IllegalArgumentException when {@code matricule} is not a valid matricule INS
     */
    public static Sex sexOf(String matricule) {
        requireValid(matricule);
        return switch (matricule.charAt(0)) {
            case '1' -> Sex.MALE;
            case '2' -> Sex.FEMALE;
            default -> Sex.UNKNOWN;
        };
    }

    /**
     * Whether a birth date (from the identity traits) agrees with the matricule: the same last two
     * digits of the year and, when the matricule gives a month (01 to 12), the same month.
     *
     * @throws IllegalArgumentException when {@code matricule} is not a valid matricule INS
     */
    public static boolean agreesWithBirthDate(String matricule, LocalDate birthDate) {
        requireValid(matricule);
        int year = Integer.parseInt(matricule.substring(YEAR_START, YEAR_START + 2));
        int month = Integer.parseInt(matricule.substring(MONTH_START, MONTH_START + 2));
        boolean monthKnown = month >= 1 && month <= 12;
        return birthDate.getYear() % 100 == year && (!monthKnown || birthDate.getMonthValue() == month);
    }

    private static void requireValid(String matricule) {
        if (!isValid(matricule)) {
            throw new IllegalArgumentException("not a valid matricule INS");
        }
    }
}
