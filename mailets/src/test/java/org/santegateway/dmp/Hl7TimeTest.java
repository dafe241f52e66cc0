package org.santegateway.dmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class Hl7TimeTest {
    @Test
    void parseShouldReadUtcWhenThereIsNoOffset() {
        assertThat(Hl7Time.parse("20240115093000")).contains(Instant.parse("2024-01-15T09:30:00Z"));
    }

    @Test
    void parseShouldApplyTheOffsetWhenPresent() {
        assertThat(Hl7Time.parse("20240115103000+0100")).contains(Instant.parse("2024-01-15T09:30:00Z"));
        assertThat(Hl7Time.parse("20240115043000-0500")).contains(Instant.parse("2024-01-15T09:30:00Z"));
        assertThat(Hl7Time.parse("20240115103000.123+0100")).contains(Instant.parse("2024-01-15T09:30:00Z"));
    }

    @Test
    void parseShouldFillMissingPartsWhenThePrecisionIsLower() {
        assertThat(Hl7Time.parse("2024")).contains(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(Hl7Time.parse("20240115")).contains(Instant.parse("2024-01-15T00:00:00Z"));
    }

    @Test
    void parseShouldBeEmptyWhenTheValueIsNotADate() {
        assertThat(Hl7Time.parse("2024-01-15")).isEmpty();
        assertThat(Hl7Time.parse("20241345")).isEmpty();
        assertThat(Hl7Time.parse("")).isEmpty();
        assertThat(Hl7Time.parse(null)).isEmpty();
        assertThat(Hl7Time.parse("2".repeat(10_000))).isEmpty();
    }
}
