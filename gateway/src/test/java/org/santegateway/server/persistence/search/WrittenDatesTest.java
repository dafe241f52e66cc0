package org.santegateway.server.persistence.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class WrittenDatesTest {
    @Test
    void parseShouldKeepTheDateAsWrittenWhenTheZoneMovesItToAnotherUtcDay() {
        assertThat(WrittenDates.parse("Sun, 25 Mar 2007 00:00:00 +0200")).contains(LocalDate.of(2007, 3, 25));
        assertThat(WrittenDates.parse("Sat, 24 Mar 2007 23:30:00 -0500")).contains(LocalDate.of(2007, 3, 24));
    }

    @Test
    void parseShouldReadObsoleteFormsWhenTheDayOfWeekIsMissingOrTheYearShort() {
        assertThat(WrittenDates.parse("3 Jan 2024 10:00 +0100 (CET)")).contains(LocalDate.of(2024, 1, 3));
        assertThat(WrittenDates.parse("Tue, 2 Feb 99 10:00:00 GMT")).contains(LocalDate.of(1999, 2, 2));
        assertThat(WrittenDates.parse("Tue, 2 Feb 07 10:00:00 GMT")).contains(LocalDate.of(2007, 2, 2));
        assertThat(WrittenDates.parse("  2  dec  2025  23:59:59 -1200")).contains(LocalDate.of(2025, 12, 2));
    }

    @Test
    void parseShouldGiveNoDateWhenTheHeaderIsNotADate() {
        assertThat(WrittenDates.parse("tomorrow")).isEmpty();
        assertThat(WrittenDates.parse("31 Feb 2024 10:00:00 +0000")).isEmpty();
        assertThat(WrittenDates.parse("")).isEmpty();
    }
}
