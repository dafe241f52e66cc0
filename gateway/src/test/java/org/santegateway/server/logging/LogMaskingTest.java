package org.santegateway.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.santegateway.server.pseudonyms.HmacPseudonyms;

class LogMaskingTest {
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    final LogMasking masking = new LogMasking(KEY);

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
    void maskShouldReplaceMalformedAddressesAsJamesLogsThem() {
        assertThat(masking.mask("Error parsing sender address: <a b@@x>"))
            .matches("Error parsing sender address: <<addr:[0-9a-f]{8}>>");
        assertThat(masking.mask("Error parsing sender address: a b@@x: did not start and end with < >"))
            .matches("Error parsing sender address: <addr:[0-9a-f]{8}>: did not start and end with < >");
        assertThat(masking.mask("Error parsing recipient address [to:\"quoted@local\"@x] [from:dr.martin@hopital-test.fr]"))
            .matches("Error parsing recipient address \\[to:<addr:[0-9a-f]{8}>\\] \\[from:<addr:[0-9a-f]{8}>\\]");
        assertThat(masking.mask("Error parsing sender address: <a b@@x> [javax.mail.internet.AddressException: "
                + "Invalid character in local-part (user account) at position 2 in 'a b@@x' in string ``a b@@x'' at position 2]"))
            .doesNotContain("a b", "@@x", "@")
            .contains("at position 2 in '<addr:", "in string ``<addr:");
    }

    @Test
    void maskShouldReplaceUnquotedMalformedAndInternationalAddressesWhole() {
        assertThat(masking.mask("to b@@x, \"quoted local\"@x.fr and jérôme@hôpital.fr."))
            .matches("to <addr:[0-9a-f]{8}>, <addr:[0-9a-f]{8}> and <addr:[0-9a-f]{8}>\\.");
        assertThat(masking.mask("patient 185057800608499@patient.mssante.fr refused"))
            .matches("patient <addr:[0-9a-f]{8}> refused");
    }

    @Test
    void maskShouldGiveAnAddressTheSamePseudonymWithOrWithoutBracketsAndAsTheAuditTrail() {
        String bare = masking.mask("a@b.fr");

        assertThat(masking.mask("<a@b.fr>")).isEqualTo("<" + bare + ">");
        assertThat(masking.mask("a@b.fr.")).isEqualTo(bare + ".");
        assertThat(bare).isEqualTo("<addr:" + new HmacPseudonyms(KEY).of("a@b.fr").substring(0, 8) + ">");
    }

    @Test
    void anotherKeyShouldGiveOtherPseudonyms() {
        LogMasking other = new LogMasking("another key of thirty two bytes!".getBytes(StandardCharsets.US_ASCII));

        assertThat(other.mask("a@b.fr")).isNotEqualTo(masking.mask("a@b.fr"));
    }
}
