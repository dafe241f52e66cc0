package org.santegateway.ins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MatriculeInsTest {
    @Nested
    class Valid {
        @ParameterizedTest
        @ValueSource(strings = {"255081416802538", "185057512345673"})
        void isValidShouldAcceptWhenTheKeyMatches(String ins) {
            assertThat(MatriculeIns.isValid(ins)).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"185052A12345633", "185052B12345660", "185052a12345633", "185052b12345660"})
        void isValidShouldAcceptCorsicanDepartmentsWhenTheKeyCountsThemAs19And18(String ins) {
            assertThat(MatriculeIns.isValid(ins)).isTrue();
        }
    }

    @Nested
    class Invalid {
        @ParameterizedTest
        @ValueSource(strings = {"255081416802537", "255081416802539", "185057512345600", "185057512345697"})
        void isValidShouldRefuseWhenTheKeyIsWrong(String ins) {
            assertThat(MatriculeIns.isValid(ins)).isFalse();
        }

        @Test
        void isValidShouldRefuseCorsicanDepartmentWhenTheKeyIsComputedWithoutSubstitution() {
            // Key of 1850520123456 rather than of 1850519123456: 2A must count as 19.
            String keyAs20 = MatriculeIns.keyOf("1850520123456");
            assertThat(MatriculeIns.isValid("185052A123456" + keyAs20)).isFalse();
        }

        @Test
        void isValidShouldRefuseSwappedCorsicanLetters() {
            assertThat(MatriculeIns.isValid("185052B12345633")).isFalse();
            assertThat(MatriculeIns.isValid("185052A12345660")).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "25508141680253", "2550814168025380", "2550814168025", "25508141680253 "})
        void isValidShouldRefuseWhenTheLengthIsNot15(String ins) {
            assertThat(MatriculeIns.isValid(ins)).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"A55081416802538", "2550814168O2538", "255081416802S38", "25508141680253B",
            "1850A2512345673", "185052C12345633", "2550814168025-8", "25508141680253\u0663"})
        void isValidShouldRefuseLettersOutsideTheCorsicanDepartment(String ins) {
            assertThat(MatriculeIns.isValid(ins)).isFalse();
        }

        @Test
        void isValidShouldRefuseNull() {
            assertThat(MatriculeIns.isValid(null)).isFalse();
        }
    }

    @Nested
    class KeyOf {
        @Test
        void keyOfShouldComputeTheTwoDigitKey() {
            assertThat(MatriculeIns.keyOf("2550814168025")).isEqualTo("38");
            assertThat(MatriculeIns.keyOf("185052A123456")).isEqualTo("33");
        }

        @Test
        void keyOfShouldRefuseABodyOfTheWrongLength() {
            assertThatThrownBy(() -> MatriculeIns.keyOf("255081416802")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class SexAndBirth {
        @ParameterizedTest
        @CsvSource({"255081416802538, FEMALE", "185057512345673, MALE", "185052a12345633, MALE"})
        void sexOfShouldReadTheFirstDigit(String ins, Sex expected) {
            assertThat(MatriculeIns.sexOf(ins)).isEqualTo(expected);
        }

        @Test
        void sexOfShouldNotReadAnyOtherFirstDigitAsASex() {
            String temporary = "7850575123456" + MatriculeIns.keyOf("7850575123456");

            assertThat(MatriculeIns.sexOf(temporary)).isEqualTo(Sex.UNKNOWN);
        }

        @ParameterizedTest
        @CsvSource({"255081416802538, 1955-08-14, true", "255081416802538, 2055-08-01, true",
            "255081416802538, 1955-09-14, false", "255081416802538, 1956-08-14, false"})
        void agreesWithBirthDateShouldCompareTheYearsLastTwoDigitsAndTheMonth(String ins, LocalDate birth, boolean expected) {
            assertThat(MatriculeIns.agreesWithBirthDate(ins, birth)).isEqualTo(expected);
        }

        @Test
        void agreesWithBirthDateShouldCompareTheYearOnlyWhenTheMonthIsUnknown() {
            String unknownMonth = "1852075123456" + MatriculeIns.keyOf("1852075123456");

            assertThat(MatriculeIns.agreesWithBirthDate(unknownMonth, LocalDate.parse("1985-03-10"))).isTrue();
            assertThat(MatriculeIns.agreesWithBirthDate(unknownMonth, LocalDate.parse("1986-03-10"))).isFalse();
        }

        @Test
        void readersShouldRefuseAnInvalidMatricule() {
            assertThatThrownBy(() -> MatriculeIns.sexOf("255081416802537")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> MatriculeIns.agreesWithBirthDate(null, LocalDate.parse("1955-08-14")))
                .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
