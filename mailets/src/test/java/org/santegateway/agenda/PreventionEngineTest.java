package org.santegateway.agenda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.santegateway.agenda.ShippedRules.ENGINE;
import static org.santegateway.agenda.ShippedRules.dueDate;
import static org.santegateway.agenda.ShippedRules.patient;
import static org.santegateway.agenda.ShippedRules.phase;

import java.time.LocalDate;
import java.time.Period;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.santegateway.ins.Sex;

/** The engine over the shipped table: the calendar's ages, day before and day of. */
class PreventionEngineTest {
    static final Map<PreventionItemKey, PreventionStatusMark> NO_MARKS = Map.of();

    static PreventionItemKey key(String ruleId, int occurrence) {
        return new PreventionItemKey(ruleId, occurrence);
    }

    static PreventionStatusMark mark(String ruleId, int occurrence, PreventionStatus status, String on) {
        return new PreventionStatusMark(key(ruleId, occurrence), status, LocalDate.parse(on));
    }

    static List<String> keys(List<PreventionItem> items) {
        return items.stream().map(item -> item.key().toString()).toList();
    }

    @Nested
    class Boundaries {
        /**
         * Each age that matters, for women and men, on the eve and on the day of the birthday. The
         * horizon is one year: an item due tomorrow is UPCOMING; ABSENT is not shown at all.
         */
        @ParameterizedTest(name = "{0} born {1}, on {2}: {3}#{4} {5}")
        @CsvSource(delimiter = '|', textBlock = """
            # 2 months: first hexavalent and pneumococcal doses
            F | 2025-01-15 | 2025-03-14 | vaccin.hexavalent.1          | 1  | UPCOMING
            F | 2025-01-15 | 2025-03-15 | vaccin.hexavalent.1          | 1  | IN_PROGRESS
            M | 2025-01-15 | 2025-03-14 | vaccin.hexavalent.1          | 1  | UPCOMING
            M | 2025-01-15 | 2025-03-15 | vaccin.hexavalent.1          | 1  | IN_PROGRESS
            F | 2025-01-15 | 2025-03-14 | vaccin.pneumocoque.1         | 1  | UPCOMING
            M | 2025-01-15 | 2025-03-15 | vaccin.pneumocoque.1         | 1  | IN_PROGRESS
            # 3 and 6 months: meningococci B and ACWY (obligatory from the 2025 cohort)
            F | 2025-01-15 | 2025-04-14 | vaccin.meningocoque-b.1      | 1  | UPCOMING
            M | 2025-01-15 | 2025-04-15 | vaccin.meningocoque-b.1      | 1  | IN_PROGRESS
            F | 2025-01-15 | 2025-07-14 | vaccin.meningocoque-acwy.1   | 1  | UPCOMING
            M | 2025-01-15 | 2025-07-15 | vaccin.meningocoque-acwy.1   | 1  | IN_PROGRESS
            # 11 months: boosters
            F | 2025-01-15 | 2025-12-14 | vaccin.hexavalent.3          | 1  | UPCOMING
            F | 2025-01-15 | 2025-12-15 | vaccin.hexavalent.3          | 1  | IN_PROGRESS
            M | 2025-01-15 | 2025-12-14 | vaccin.pneumocoque.3         | 1  | UPCOMING
            M | 2025-01-15 | 2025-12-15 | vaccin.pneumocoque.3         | 1  | IN_PROGRESS
            # 2 years: the end of the pneumococcal and meningococcal catch-up
            F | 2025-01-15 | 2027-01-14 | vaccin.pneumocoque.1         | 1  | IN_PROGRESS
            F | 2025-01-15 | 2027-01-15 | vaccin.pneumocoque.1         | 1  | ABSENT
            M | 2025-01-15 | 2027-01-14 | vaccin.meningocoque-b.3      | 1  | IN_PROGRESS
            M | 2025-01-15 | 2027-01-15 | vaccin.meningocoque-b.3      | 1  | ABSENT
            # 6 years: the hexavalent doses give way to the 6-year booster
            F | 2025-01-15 | 2031-01-14 | vaccin.hexavalent.1          | 1  | IN_PROGRESS
            F | 2025-01-15 | 2031-01-15 | vaccin.hexavalent.1          | 1  | ABSENT
            M | 2025-01-15 | 2031-01-14 | vaccin.dtcap.6               | 1  | UPCOMING
            M | 2025-01-15 | 2031-01-15 | vaccin.dtcap.6               | 1  | IN_PROGRESS
            # 11 years: HPV, meningococci ACWY, the 11-13 booster; the 6-year booster gives way
            F | 2014-05-20 | 2025-05-19 | vaccin.hpv                   | 1  | UPCOMING
            F | 2014-05-20 | 2025-05-20 | vaccin.hpv                   | 1  | IN_PROGRESS
            M | 2014-05-20 | 2025-05-19 | vaccin.hpv                   | 1  | UPCOMING
            M | 2014-05-20 | 2025-05-20 | vaccin.hpv                   | 1  | IN_PROGRESS
            F | 2014-05-20 | 2025-05-19 | vaccin.meningocoque-acwy.ado | 1  | UPCOMING
            M | 2014-05-20 | 2025-05-20 | vaccin.meningocoque-acwy.ado | 1  | IN_PROGRESS
            F | 2014-05-20 | 2025-05-19 | vaccin.dtcap.11              | 1  | UPCOMING
            M | 2014-05-20 | 2025-05-20 | vaccin.dtcap.11              | 1  | IN_PROGRESS
            F | 2014-05-20 | 2025-05-19 | vaccin.dtcap.6               | 1  | IN_PROGRESS
            M | 2014-05-20 | 2025-05-20 | vaccin.dtcap.6               | 1  | ABSENT
            # 15 years: the catch-ups take over, and are never announced ahead
            F | 2010-05-20 | 2025-05-19 | vaccin.hpv                   | 1  | IN_PROGRESS
            F | 2010-05-20 | 2025-05-20 | vaccin.hpv                   | 1  | ABSENT
            M | 2010-05-20 | 2025-05-19 | vaccin.hpv.rattrapage        | 1  | ABSENT
            M | 2010-05-20 | 2025-05-20 | vaccin.hpv.rattrapage        | 1  | IN_PROGRESS
            F | 2010-05-20 | 2025-05-19 | vaccin.hpv.rattrapage        | 1  | ABSENT
            F | 2010-05-20 | 2025-05-20 | vaccin.hpv.rattrapage        | 1  | IN_PROGRESS
            M | 2010-05-20 | 2025-05-19 | vaccin.meningocoque-acwy.rattrapage | 1 | ABSENT
            M | 2010-05-20 | 2025-05-20 | vaccin.meningocoque-acwy.rattrapage | 1 | IN_PROGRESS
            # 18 years: the childhood MMR doses are no longer shown
            F | 2007-05-20 | 2025-05-19 | vaccin.ror.2                 | 1  | IN_PROGRESS
            M | 2007-05-20 | 2025-05-20 | vaccin.ror.2                 | 1  | ABSENT
            # 25 years: first cytology for women, the 25-year booster for all; the 11-13 booster and the ACWY catch-up end
            F | 2000-05-20 | 2025-05-19 | depistage.col.cytologie      | 1  | UPCOMING
            F | 2000-05-20 | 2025-05-20 | depistage.col.cytologie      | 1  | IN_PROGRESS
            M | 2000-05-20 | 2025-05-19 | depistage.col.cytologie      | 1  | ABSENT
            M | 2000-05-20 | 2025-05-20 | depistage.col.cytologie      | 1  | ABSENT
            F | 2000-05-20 | 2025-05-19 | vaccin.dtcap.25              | 1  | UPCOMING
            M | 2000-05-20 | 2025-05-20 | vaccin.dtcap.25              | 1  | IN_PROGRESS
            M | 2000-05-20 | 2025-05-19 | vaccin.dtcap.11              | 1  | IN_PROGRESS
            F | 2000-05-20 | 2025-05-20 | vaccin.dtcap.11              | 1  | ABSENT
            F | 2000-05-20 | 2025-05-19 | vaccin.meningocoque-acwy.rattrapage | 1 | IN_PROGRESS
            M | 2000-05-20 | 2025-05-20 | vaccin.meningocoque-acwy.rattrapage | 1 | ABSENT
            # 26 years: second cytology one year after the first; HPV catch-up still up to 26 inclusive
            F | 1999-05-20 | 2025-05-19 | depistage.col.cytologie      | 1  | IN_PROGRESS
            F | 1999-05-20 | 2025-05-19 | depistage.col.cytologie      | 2  | UPCOMING
            F | 1999-05-20 | 2025-05-20 | depistage.col.cytologie      | 1  | ABSENT
            F | 1999-05-20 | 2025-05-20 | depistage.col.cytologie      | 2  | IN_PROGRESS
            F | 1999-05-20 | 2025-05-20 | vaccin.hpv.rattrapage        | 1  | IN_PROGRESS
            M | 1999-05-20 | 2025-05-20 | vaccin.hpv.rattrapage        | 1  | IN_PROGRESS
            # 27 years: HPV catch-up over
            F | 1998-05-20 | 2025-05-19 | vaccin.hpv.rattrapage        | 1  | IN_PROGRESS
            F | 1998-05-20 | 2025-05-20 | vaccin.hpv.rattrapage        | 1  | ABSENT
            M | 1998-05-20 | 2025-05-19 | vaccin.hpv.rattrapage        | 1  | IN_PROGRESS
            M | 1998-05-20 | 2025-05-20 | vaccin.hpv.rattrapage        | 1  | ABSENT
            # 29 years: third cytology, three years after the second
            F | 1996-05-20 | 2025-05-19 | depistage.col.cytologie      | 2  | IN_PROGRESS
            F | 1996-05-20 | 2025-05-20 | depistage.col.cytologie      | 3  | IN_PROGRESS
            # 30 years: the HPV test replaces cytology
            F | 1995-05-20 | 2025-05-19 | depistage.col.cytologie      | 3  | IN_PROGRESS
            F | 1995-05-20 | 2025-05-20 | depistage.col.cytologie      | 3  | ABSENT
            F | 1995-05-20 | 2025-05-19 | depistage.col.hpv            | 1  | UPCOMING
            F | 1995-05-20 | 2025-05-20 | depistage.col.hpv            | 1  | IN_PROGRESS
            M | 1995-05-20 | 2025-05-19 | depistage.col.hpv            | 1  | ABSENT
            M | 1995-05-20 | 2025-05-20 | depistage.col.hpv            | 1  | ABSENT
            # 45 years: the 45-year booster takes over from the 25-year one; HPV test every 5 years
            F | 1980-05-20 | 2025-05-19 | vaccin.dtcap.25              | 1  | IN_PROGRESS
            F | 1980-05-20 | 2025-05-20 | vaccin.dtcap.25              | 1  | ABSENT
            M | 1980-05-20 | 2025-05-19 | vaccin.dtp.45                | 1  | UPCOMING
            M | 1980-05-20 | 2025-05-20 | vaccin.dtp.45                | 1  | IN_PROGRESS
            F | 1980-05-20 | 2025-05-19 | depistage.col.hpv            | 3  | IN_PROGRESS
            F | 1980-05-20 | 2025-05-20 | depistage.col.hpv            | 4  | IN_PROGRESS
            # the horizon: an item due in a year and a day is not shown yet
            M | 1981-05-20 | 2025-05-19 | vaccin.dtp.45                | 1  | ABSENT
            M | 1981-05-20 | 2025-05-20 | vaccin.dtp.45                | 1  | UPCOMING
            # 50 years: breast screening for women, colorectal for all
            F | 1975-05-20 | 2025-05-19 | depistage.sein               | 1  | UPCOMING
            F | 1975-05-20 | 2025-05-20 | depistage.sein               | 1  | IN_PROGRESS
            M | 1975-05-20 | 2025-05-19 | depistage.sein               | 1  | ABSENT
            M | 1975-05-20 | 2025-05-20 | depistage.sein               | 1  | ABSENT
            F | 1975-05-20 | 2025-05-19 | depistage.colorectal         | 1  | UPCOMING
            F | 1975-05-20 | 2025-05-20 | depistage.colorectal         | 1  | IN_PROGRESS
            M | 1975-05-20 | 2025-05-19 | depistage.colorectal         | 1  | UPCOMING
            M | 1975-05-20 | 2025-05-20 | depistage.colorectal         | 1  | IN_PROGRESS
            # 65 years: boosters every 10 years, pneumococcus, shingles; the last HPV test
            F | 1960-05-20 | 2025-05-19 | vaccin.dtp.45                | 1  | IN_PROGRESS
            M | 1960-05-20 | 2025-05-20 | vaccin.dtp.45                | 1  | ABSENT
            F | 1960-05-20 | 2025-05-19 | vaccin.dtp.65                | 1  | UPCOMING
            M | 1960-05-20 | 2025-05-20 | vaccin.dtp.65                | 1  | IN_PROGRESS
            F | 1960-05-20 | 2025-05-19 | vaccin.pneumocoque.65        | 1  | UPCOMING
            M | 1960-05-20 | 2025-05-20 | vaccin.pneumocoque.65        | 1  | IN_PROGRESS
            M | 1960-05-20 | 2025-05-19 | vaccin.zona                  | 1  | UPCOMING
            F | 1960-05-20 | 2025-05-20 | vaccin.zona                  | 1  | IN_PROGRESS
            F | 1960-05-20 | 2025-05-19 | depistage.col.hpv            | 8  | UPCOMING
            F | 1960-05-20 | 2025-05-20 | depistage.col.hpv            | 8  | IN_PROGRESS
            # 66 years: cervical screening over (65 inclusive)
            F | 1959-05-20 | 2025-05-19 | depistage.col.hpv            | 8  | IN_PROGRESS
            F | 1959-05-20 | 2025-05-20 | depistage.col.hpv            | 8  | ABSENT
            # 74 years: the last screening round
            F | 1951-05-20 | 2025-05-19 | depistage.sein               | 12 | IN_PROGRESS
            F | 1951-05-20 | 2025-05-19 | depistage.sein               | 13 | UPCOMING
            F | 1951-05-20 | 2025-05-20 | depistage.sein               | 13 | IN_PROGRESS
            M | 1951-05-20 | 2025-05-20 | depistage.colorectal         | 13 | IN_PROGRESS
            # 75 years: screenings over; the second booster after 65
            F | 1950-05-20 | 2025-05-19 | depistage.sein               | 13 | IN_PROGRESS
            F | 1950-05-20 | 2025-05-20 | depistage.sein               | 13 | ABSENT
            M | 1950-05-20 | 2025-05-19 | depistage.colorectal         | 13 | IN_PROGRESS
            M | 1950-05-20 | 2025-05-20 | depistage.colorectal         | 13 | ABSENT
            M | 1950-05-20 | 2025-05-19 | vaccin.dtp.65                | 1  | IN_PROGRESS
            M | 1950-05-20 | 2025-05-19 | vaccin.dtp.65                | 2  | UPCOMING
            M | 1950-05-20 | 2025-05-20 | vaccin.dtp.65                | 1  | ABSENT
            M | 1950-05-20 | 2025-05-20 | vaccin.dtp.65                | 2  | IN_PROGRESS
            # born on 29 February: the birthdays of common years are on 28 February
            F | 2000-02-29 | 2025-02-27 | depistage.col.cytologie      | 1  | UPCOMING
            F | 2000-02-29 | 2025-02-28 | depistage.col.cytologie      | 1  | IN_PROGRESS
            M | 1975-02-28 | 2025-02-27 | depistage.colorectal         | 1  | UPCOMING
            M | 1975-02-28 | 2025-02-28 | depistage.colorectal         | 1  | IN_PROGRESS
            F | 1976-02-29 | 2026-02-27 | depistage.sein               | 1  | UPCOMING
            F | 1976-02-29 | 2026-02-28 | depistage.sein               | 1  | IN_PROGRESS
            """)
        void itemsShouldFollowTheCalendarOnTheEveAndTheDayOfEachBirthday(String sex, LocalDate birth, LocalDate today,
                                                                        String ruleId, int occurrence, String expected) {
            List<PreventionItem> items = ENGINE.items(patient(sex, birth), NO_MARKS, today);

            assertThat(phase(items, key(ruleId, occurrence), today)).isEqualTo(expected);
        }
    }

    @Nested
    class LeapDaysAndMonthEnds {
        /** Ages are calendar months from the birth date in one step: clamped to the month's end, never drifting. */
        @ParameterizedTest(name = "born {0}: {1}#{2} due {3}")
        @CsvSource(delimiter = '|', textBlock = """
            2024-02-29 | vaccin.hexavalent.1      | 1  | 2024-04-29
            2024-02-29 | vaccin.hexavalent.3      | 1  | 2025-01-29
            2024-02-29 | vaccin.meningocoque-b.3  | 1  | 2025-02-28
            2024-02-29 | vaccin.ror.2             | 1  | 2025-06-29
            2000-02-29 | depistage.col.cytologie  | 1  | 2025-02-28
            1976-02-29 | depistage.sein           | 1  | 2026-02-28
            1976-02-29 | depistage.sein           | 2  | 2028-02-29
            1960-02-29 | vaccin.dtp.65            | 1  | 2025-02-28
            1960-02-29 | vaccin.dtp.65            | 2  | 2035-02-28
            1960-02-29 | vaccin.dtp.65            | 3  | 2045-02-28
            1960-02-29 | vaccin.dtp.65            | 4  | 2055-02-28
            1960-02-29 | vaccin.dtp.65            | 5  | 2065-02-28
            2024-12-31 | vaccin.hexavalent.1      | 1  | 2025-02-28
            2024-12-31 | vaccin.hexavalent.2      | 1  | 2025-04-30
            2024-12-31 | vaccin.meningocoque-c.1  | 1  | 2025-05-31
            2024-12-31 | vaccin.hexavalent.3      | 1  | 2025-11-30
            2023-12-31 | vaccin.hexavalent.1      | 1  | 2024-02-29
            2025-08-31 | vaccin.hexavalent.2      | 1  | 2025-12-31
            2025-08-31 | vaccin.meningocoque-b.3  | 1  | 2026-08-31
            """)
        void dueDateShouldBeTheBirthDatePlusCalendarMonths(LocalDate birth, String ruleId, int occurrence, LocalDate expected) {
            assertThat(dueDate(patient("F", birth), key(ruleId, occurrence), NO_MARKS)).isEqualTo(expected);
        }

        @Test
        void windowEndShouldBeClampedLikeTheDueDate() {
            PreventionPatient born29February = patient("M", LocalDate.parse("2000-02-29"));

            PreventionItem catchUp = ENGINE.items(born29February, NO_MARKS, LocalDate.parse("2026-06-01")).stream()
                .filter(item -> item.key().ruleId().equals("vaccin.hpv.rattrapage")).findFirst().orElseThrow();

            assertThat(catchUp.windowEnd()).contains(LocalDate.parse("2027-02-28"));
        }
    }

    @Nested
    class Cohorts {
        @ParameterizedTest(name = "born {0}: {1} {2}")
        @CsvSource(delimiter = '|', textBlock = """
            2024-12-31 | vaccin.meningocoque-b.1    | RECOMMENDED
            2025-01-01 | vaccin.meningocoque-b.1    | OBLIGATORY
            2024-12-31 | vaccin.meningocoque-b.3    | RECOMMENDED
            2025-01-01 | vaccin.meningocoque-b.3    | OBLIGATORY
            2024-12-31 | vaccin.meningocoque-acwy.1 | ABSENT
            2025-01-01 | vaccin.meningocoque-acwy.1 | OBLIGATORY
            2024-12-31 | vaccin.meningocoque-c.1    | OBLIGATORY
            2025-01-01 | vaccin.meningocoque-c.1    | ABSENT
            2024-12-31 | vaccin.hexavalent.1        | OBLIGATORY
            """)
        void requirementShouldDependOnTheBirthCohortWhereTheObligationDoes(LocalDate birth, String ruleId, String expected) {
            List<PreventionItem> items = ENGINE.items(patient("F", birth), NO_MARKS, birth);

            assertThat(items.stream().filter(item -> item.key().ruleId().equals(ruleId))
                .map(item -> item.requirement().name()).findFirst().orElse("ABSENT")).isEqualTo(expected);
        }

        @ParameterizedTest(name = "born {0}: {1}")
        @CsvSource(delimiter = '|', textBlock = """
            2017-12-31 | RECOMMENDED
            2018-01-01 | OBLIGATORY
            """)
        void measlesShouldBeObligatoryForChildrenBornSince2018Only(LocalDate birth, Requirement expected) {
            List<PreventionItem> items = ENGINE.items(patient("M", birth), NO_MARKS, LocalDate.parse("2025-06-01"));

            assertThat(items).filteredOn(item -> item.key().ruleId().startsWith("vaccin.ror."))
                .extracting(PreventionItem::requirement).containsExactly(expected, expected);
        }
    }

    @Nested
    class WhatIsShown {
        @Test
        void itemsShouldListNoInfantVaccineForAnAdultOfForty() {
            LocalDate today = LocalDate.parse("2025-06-01");

            assertThat(keys(ENGINE.items(patient("M", LocalDate.parse("1985-05-20")), NO_MARKS, today)))
                .containsExactly("vaccin.dtcap.25#1");
            assertThat(keys(ENGINE.items(patient("F", LocalDate.parse("1985-05-20")), NO_MARKS, today)))
                .containsExactly("vaccin.dtcap.25#1", "depistage.col.hpv#3");
        }

        @Test
        void itemsShouldAnnounceTheFirstYearOfANewbornInDateOrder() {
            LocalDate birth = LocalDate.parse("2025-01-15");

            List<PreventionItem> items = ENGINE.items(patient("F", birth), NO_MARKS, birth);

            assertThat(keys(items)).containsExactly(
                "vaccin.hexavalent.1#1", "vaccin.pneumocoque.1#1", "vaccin.meningocoque-b.1#1",
                "vaccin.hexavalent.2#1", "vaccin.pneumocoque.2#1", "vaccin.meningocoque-b.2#1",
                "vaccin.meningocoque-acwy.1#1", "vaccin.hexavalent.3#1", "vaccin.pneumocoque.3#1",
                "vaccin.meningocoque-acwy.2#1", "vaccin.meningocoque-b.3#1", "vaccin.ror.1#1");
            assertThat(items).allMatch(item -> item.upcomingOn(birth) && item.status() == PreventionStatus.NOT_SPECIFIED);
        }

        @Test
        void itemsShouldShowTheScreeningsOfBothSexesWhenTheSexIsUnknown() {
            LocalDate today = LocalDate.parse("2025-06-01");

            List<PreventionItem> items = ENGINE.items(patient("?", LocalDate.parse("1975-05-20")), NO_MARKS, today);

            assertThat(keys(items)).contains("depistage.sein#1", "depistage.colorectal#1", "depistage.col.hpv#5");
            assertThat(items).filteredOn(item -> item.key().ruleId().equals("depistage.sein"))
                .extracting(PreventionItem::concerns).containsExactly(SexFilter.FEMALE);
        }

        @Test
        void itemsShouldShowNothingBeforeBirth() {
            LocalDate birth = LocalDate.parse("2025-01-15");

            assertThat(new PreventionEngine(ShippedRules.RULES, Period.ZERO).items(patient("F", birth), NO_MARKS, birth.minusDays(1)))
                .isEmpty();
        }

        @Test
        void itemsShouldShowADoneItemWhileItsWindowLasts() {
            LocalDate birth = LocalDate.parse("2025-01-15");
            Map<PreventionItemKey, PreventionStatusMark> marks =
                Map.of(key("vaccin.hexavalent.1", 1), mark("vaccin.hexavalent.1", 1, PreventionStatus.DONE, "2025-03-20"));

            List<PreventionItem> items = ENGINE.items(patient("F", birth), marks, LocalDate.parse("2025-04-01"));

            assertThat(items).filteredOn(item -> item.key().ruleId().equals("vaccin.hexavalent.1"))
                .extracting(PreventionItem::status).containsExactly(PreventionStatus.DONE);
        }
    }

    @Nested
    class Statuses {
        final PreventionPatient woman50 = patient("F", LocalDate.parse("1975-03-01"));

        @Test
        void doneShouldMoveTheNextScreeningToTheDayDonePlusTheInterval() {
            Map<PreventionItemKey, PreventionStatusMark> marks =
                Map.of(key("depistage.sein", 1), mark("depistage.sein", 1, PreventionStatus.DONE, "2025-06-10"));

            assertThat(dueDate(woman50, key("depistage.sein", 2), marks)).isEqualTo(LocalDate.parse("2027-06-10"));
            assertThat(dueDate(woman50, key("depistage.sein", 3), marks)).isEqualTo(LocalDate.parse("2029-06-10"));
            assertThat(dueDate(woman50, key("depistage.sein", 2), NO_MARKS)).isEqualTo(LocalDate.parse("2027-03-01"));
        }

        @Test
        void itemsShouldShowTheDoneRoundThenAnnounceTheNextOneWithinTheHorizon() {
            Map<PreventionItemKey, PreventionStatusMark> marks =
                Map.of(key("depistage.sein", 1), mark("depistage.sein", 1, PreventionStatus.DONE, "2025-06-10"));

            List<PreventionItem> justAfter = ENGINE.items(woman50, marks, LocalDate.parse("2025-06-11"));
            assertThat(justAfter).filteredOn(item -> item.key().ruleId().equals("depistage.sein"))
                .singleElement()
                .satisfies(item -> {
                    assertThat(item.key().occurrence()).isEqualTo(1);
                    assertThat(item.status()).isEqualTo(PreventionStatus.DONE);
                    assertThat(item.mark().orElseThrow().setOn()).isEqualTo(LocalDate.parse("2025-06-10"));
                    assertThat(item.windowEnd()).contains(LocalDate.parse("2027-03-01"));
                });
            LocalDate oneYearBefore = LocalDate.parse("2026-06-10");
            assertThat(phase(ENGINE.items(woman50, marks, oneYearBefore), key("depistage.sein", 2), oneYearBefore)).isEqualTo("UPCOMING");
            assertThat(phase(ENGINE.items(woman50, marks, oneYearBefore.minusDays(1)), key("depistage.sein", 2), oneYearBefore.minusDays(1)))
                .isEqualTo("ABSENT");
        }

        @Test
        void doneBeforeTheDueDateShouldCountFromTheDayDone() {
            Map<PreventionItemKey, PreventionStatusMark> marks =
                Map.of(key("depistage.colorectal", 1), mark("depistage.colorectal", 1, PreventionStatus.DONE, "2024-12-01"));

            assertThat(dueDate(woman50, key("depistage.colorectal", 2), marks)).isEqualTo(LocalDate.parse("2026-12-01"));
        }

        @ParameterizedTest
        @CsvSource({"NOT_DONE", "TO_PLAN", "NOT_SPECIFIED"})
        void aScreeningNotDoneShouldComeBackOnSchedule(PreventionStatus status) {
            Map<PreventionItemKey, PreventionStatusMark> marks =
                Map.of(key("depistage.sein", 1), mark("depistage.sein", 1, status, "2025-06-10"));

            assertThat(dueDate(woman50, key("depistage.sein", 2), marks)).isEqualTo(LocalDate.parse("2027-03-01"));
        }

        @Test
        void aBoosterDoneLateShouldKeepTheNextOneAtItsFixedAge() {
            PreventionPatient man66 = patient("M", LocalDate.parse("1959-05-20"));
            Map<PreventionItemKey, PreventionStatusMark> marks =
                Map.of(key("vaccin.dtp.65", 1), mark("vaccin.dtp.65", 1, PreventionStatus.DONE, "2025-09-01"));

            assertThat(dueDate(man66, key("vaccin.dtp.65", 2), marks)).isEqualTo(LocalDate.parse("2034-05-20"));
        }

        @Test
        void cytologiesShouldBeOneYearApartThenThreeYearsCountedFromTheDaysDone() {
            PreventionPatient woman = patient("F", LocalDate.parse("2000-05-20"));
            Map<PreventionItemKey, PreventionStatusMark> marks = new HashMap<>();
            marks.put(key("depistage.col.cytologie", 1), mark("depistage.col.cytologie", 1, PreventionStatus.DONE, "2025-07-20"));
            assertThat(dueDate(woman, key("depistage.col.cytologie", 2), marks)).isEqualTo(LocalDate.parse("2026-07-20"));

            marks.put(key("depistage.col.cytologie", 2), mark("depistage.col.cytologie", 2, PreventionStatus.DONE, "2026-10-05"));
            assertThat(dueDate(woman, key("depistage.col.cytologie", 3), marks)).isEqualTo(LocalDate.parse("2029-10-05"));

            List<PreventionItem> items = ENGINE.items(woman, marks, LocalDate.parse("2029-10-05"));
            assertThat(items).filteredOn(item -> item.key().equals(key("depistage.col.cytologie", 3))).singleElement()
                .satisfies(item -> assertThat(item.windowEnd()).contains(LocalDate.parse("2030-05-20")));
        }

        @Test
        void theFirstHpvTestShouldComeThreeYearsAfterTheLastCytology() {
            PreventionPatient woman = patient("F", LocalDate.parse("1996-05-20"));
            Map<PreventionItemKey, PreventionStatusMark> marks = Map.of(
                key("depistage.col.cytologie", 3), mark("depistage.col.cytologie", 3, PreventionStatus.DONE, "2025-08-14"));

            assertThat(dueDate(woman, key("depistage.col.hpv", 1), marks)).isEqualTo(LocalDate.parse("2028-08-14"));
            assertThat(dueDate(woman, key("depistage.col.hpv", 2), marks)).isEqualTo(LocalDate.parse("2033-08-14"));
            assertThat(dueDate(woman, key("depistage.col.hpv", 1), NO_MARKS)).isEqualTo(LocalDate.parse("2026-05-20"));
        }

        @Test
        void theFirstHpvTestShouldStayAtThirtyWhenTheLastCytologyIsOlder() {
            PreventionPatient woman = patient("F", LocalDate.parse("1996-05-20"));
            Map<PreventionItemKey, PreventionStatusMark> marks = Map.of(
                key("depistage.col.cytologie", 1), mark("depistage.col.cytologie", 1, PreventionStatus.DONE, "2021-06-01"));

            assertThat(dueDate(woman, key("depistage.col.hpv", 1), marks)).isEqualTo(LocalDate.parse("2026-05-20"));
        }

        @Test
        void aCatchUpShouldBeLeftOutOnceTheItemItCatchesUpIsDone() {
            LocalDate birth = LocalDate.parse("2010-05-20");
            LocalDate fifteen = LocalDate.parse("2025-05-20");
            Map<PreventionItemKey, PreventionStatusMark> done =
                Map.of(key("vaccin.hpv", 1), mark("vaccin.hpv", 1, PreventionStatus.DONE, "2023-01-10"));
            Map<PreventionItemKey, PreventionStatusMark> notDone =
                Map.of(key("vaccin.hpv", 1), mark("vaccin.hpv", 1, PreventionStatus.NOT_DONE, "2023-01-10"));

            assertThat(phase(ENGINE.items(patient("F", birth), done, fifteen), key("vaccin.hpv.rattrapage", 1), fifteen)).isEqualTo("ABSENT");
            assertThat(ENGINE.comingDue(patient("F", birth), done, fifteen)).extracting(item -> item.key().ruleId())
                .doesNotContain("vaccin.hpv.rattrapage");
            assertThat(phase(ENGINE.items(patient("F", birth), notDone, fifteen), key("vaccin.hpv.rattrapage", 1), fifteen))
                .isEqualTo("IN_PROGRESS");
        }

        @Test
        void statusesShouldKeepTheLatestMarkOfEachItemPerPatient() {
            InMemoryPreventionStatuses statuses = new InMemoryPreventionStatuses();
            org.santegateway.dmp.Ins patient = new org.santegateway.dmp.Ins("255081416802538");
            org.santegateway.dmp.Ins other = new org.santegateway.dmp.Ins("185057512345673");

            statuses.mark(patient, mark("depistage.sein", 1, PreventionStatus.DONE, "2025-06-10"));
            statuses.mark(patient, mark("depistage.sein", 1, PreventionStatus.NOT_DONE, "2025-06-12"));
            statuses.mark(patient, mark("depistage.colorectal", 1, PreventionStatus.TO_PLAN, "2025-06-12"));

            assertThat(statuses.marksOf(patient)).containsOnly(
                Map.entry(key("depistage.sein", 1), mark("depistage.sein", 1, PreventionStatus.NOT_DONE, "2025-06-12")),
                Map.entry(key("depistage.colorectal", 1), mark("depistage.colorectal", 1, PreventionStatus.TO_PLAN, "2025-06-12")));
            assertThat(statuses.marksOf(other)).isEmpty();
        }
    }

    @Nested
    class PatientFromIns {
        @Test
        void fromInsShouldTakeTheSexFromTheMatriculeAndTheDateFromTheTraits() {
            assertThat(PreventionPatient.fromIns("255081416802538", LocalDate.parse("1955-08-14")))
                .isEqualTo(new PreventionPatient(LocalDate.parse("1955-08-14"), Sex.FEMALE));
            assertThat(PreventionPatient.fromIns("185057512345673", LocalDate.parse("1985-05-02")).sex()).isEqualTo(Sex.MALE);
        }

        @ParameterizedTest
        @CsvSource({"255081416802538, 1956-08-14", "255081416802538, 1955-09-14", "255081416802537, 1955-08-14"})
        void fromInsShouldRefuseADateThatDisagreesWithTheMatriculeOrAnInvalidMatricule(String matricule, LocalDate birth) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> PreventionPatient.fromIns(matricule, birth))
                .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
