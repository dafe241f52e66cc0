package org.santegateway.agenda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.santegateway.agenda.ShippedRules.ENGINE;
import static org.santegateway.agenda.ShippedRules.patient;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.santegateway.dmp.Ins;

/**
 * The daily reminder job, run on a test clock day after day: every item comes due once, on its due
 * date, unless marked done; marks the patient sets along the way move what they move.
 */
class PreventionComingDueTest {
    static final Ins INS = new Ins("255081416802538");

    /** The notices a daily job sends from {@code first} to {@code last}, the patient's marks of a day set before it runs. */
    static Map<String, List<LocalDate>> notices(PreventionPatient patient, LocalDate first, LocalDate last,
                                                Map<LocalDate, PreventionStatusMark> marksByDay) {
        InMemoryPreventionStatuses statuses = new InMemoryPreventionStatuses();
        Map<String, List<LocalDate>> sent = new LinkedHashMap<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            PreventionStatusMark mark = marksByDay.get(day);
            if (mark != null) {
                statuses.mark(INS, mark);
            }
            for (PreventionItem item : ENGINE.comingDue(patient, statuses.marksOf(INS), day)) {
                sent.computeIfAbsent(item.key().toString(), key -> new ArrayList<>()).add(day);
            }
        }
        return sent;
    }

    static LocalDate date(String text) {
        return LocalDate.parse(text);
    }

    @Test
    void comingDueShouldNotifyEachInfantDoseOnceOnItsDayAndNotADoseGivenEarly() {
        PreventionStatusMark givenEarly = new PreventionStatusMark(PreventionItemKey.single("vaccin.hexavalent.2"),
            PreventionStatus.DONE, date("2025-05-10"));

        Map<String, List<LocalDate>> sent = notices(patient("F", date("2025-01-15")), date("2025-01-15"), date("2026-01-14"),
            Map.of(givenEarly.setOn(), givenEarly));

        assertThat(sent).containsExactly(
            Map.entry("vaccin.hexavalent.1#1", List.of(date("2025-03-15"))),
            Map.entry("vaccin.pneumocoque.1#1", List.of(date("2025-03-15"))),
            Map.entry("vaccin.meningocoque-b.1#1", List.of(date("2025-04-15"))),
            Map.entry("vaccin.pneumocoque.2#1", List.of(date("2025-05-15"))),
            Map.entry("vaccin.meningocoque-b.2#1", List.of(date("2025-06-15"))),
            Map.entry("vaccin.meningocoque-acwy.1#1", List.of(date("2025-07-15"))),
            Map.entry("vaccin.hexavalent.3#1", List.of(date("2025-12-15"))),
            Map.entry("vaccin.pneumocoque.3#1", List.of(date("2025-12-15"))));
    }

    @Test
    void comingDueShouldNotifyTheNextScreeningRoundTwoYearsAfterTheDayDone() {
        PreventionStatusMark mammography = new PreventionStatusMark(PreventionItemKey.single("depistage.sein"),
            PreventionStatus.DONE, date("2025-03-11"));

        Map<String, List<LocalDate>> sent = notices(patient("F", date("1975-03-01")), date("2025-01-01"), date("2027-12-31"),
            Map.of(mammography.setOn(), mammography));

        assertThat(sent).containsExactly(
            Map.entry("depistage.col.hpv#5", List.of(date("2025-03-01"))),
            Map.entry("depistage.colorectal#1", List.of(date("2025-03-01"))),
            Map.entry("depistage.sein#1", List.of(date("2025-03-01"))),
            Map.entry("depistage.colorectal#2", List.of(date("2027-03-01"))),
            Map.entry("depistage.sein#2", List.of(date("2027-03-11"))));
    }

    /** A year of days for patients of every age: nothing is notified twice, and what is due is notified. */
    @ParameterizedTest(name = "{0} born {1}: {2} notices in 2025")
    @CsvSource(delimiter = '|', textBlock = """
        F | 2025-01-15 | 9
        M | 2024-02-29 | 6
        F | 2014-05-20 | 3
        M | 2010-05-20 | 2
        F | 2000-02-29 | 2
        F | 1996-05-20 | 1
        M | 1975-05-20 | 1
        ? | 1975-05-20 | 3
        F | 1960-02-29 | 4
        M | 1950-12-31 | 1
        M | 1985-08-10 | 0
        """)
    void comingDueShouldNotifyEachItemExactlyOnceOverAYear(String sex, LocalDate birth, int expected) {
        Map<String, List<LocalDate>> sent = notices(patient(sex, birth), date("2025-01-01"), date("2025-12-31"), Map.of());

        assertThat(sent).hasSize(expected);
        assertThat(sent.values()).allSatisfy(days -> assertThat(days).hasSize(1));
    }
}
