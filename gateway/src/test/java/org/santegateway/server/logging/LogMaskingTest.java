package org.santegateway.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class LogMaskingTest {
    final LogMasking masking = new LogMasking("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    @Test
    void maskShouldReplaceAddressesByAStablePseudonym() {
        String masked = masking.mask("Local delivered mail 1 from dr.martin@hopital-test.fr to 185057800608436@patient.mssante.fr");

        assertThat(masked).doesNotContain("dr.martin", "185057800608436", "patient.mssante.fr")
            .matches("Local delivered mail 1 from <addr:[0-9a-f]{8}> to <addr:[0-9a-f]{8}>");
        assertThat(masking.mask("DR.MARTIN@hopital-test.fr")).isEqualTo(masking.mask("dr.martin@hopital-test.fr"));
    }

    @Test
    void maskShouldReplaceInsShapedNumbers() {
        assertThat(masking.mask("patient 185057800608436 and 185052A00608436 seen"))
            .matches("patient <ins:[0-9a-f]{8}> and <ins:[0-9a-f]{8}> seen");
    }

    @Test
    void maskShouldLeaveOtherTextAlone() {
        assertThat(masking.mask("SMTP Service started on port 10025, 1234567 bytes")).isEqualTo("SMTP Service started on port 10025, 1234567 bytes");
        assertThat(masking.mask(null)).isNull();
    }

    @Test
    void anotherKeyShouldGiveOtherPseudonyms() {
        LogMasking other = new LogMasking("another key of thirty two bytes!".getBytes(StandardCharsets.US_ASCII));

        assertThat(other.mask("a@b.fr")).isNotEqualTo(masking.mask("a@b.fr"));
    }
}
