package org.santegateway.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HolderIdTest {
    @ParameterizedTest
    @CsvSource({"810003456789,810003456789", "0751234567,0751234567", "02A1234567,02A1234567"})
    void practitionerIdsShouldBeAcceptedForPer(String raw, String expected) {
        assertThat(HolderId.parse(MailboxKind.PER, raw).value()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10003456789", "81000345678", "8100034567890", "754567860", "ABCDEFGHIJKL", ""})
    void otherShapesShouldBeRefusedForPer(String raw) {
        assertThatThrownBy(() -> HolderId.parse(MailboxKind.PER, raw)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("RPPS");
    }

    @ParameterizedTest
    @CsvSource({"754567860,1754567860", "1754567860,1754567860", "2A0000123,12A0000123", "73282932000074,373282932000074",
        "373282932000074,373282932000074"})
    void structureIdsShouldBeGivenTheirNationalPrefix(String raw, String expected) {
        assertThat(HolderId.parse(MailboxKind.ORG, raw).value()).isEqualTo(expected);
        assertThat(HolderId.parse(MailboxKind.APP, raw).value()).isEqualTo(expected);
        assertThat(HolderId.parse(MailboxKind.CAB, raw).value()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"810003456789", "75456786", "2754567860", "7328293200007", "X54567860"})
    void otherShapesShouldBeRefusedForStructures(String raw) {
        assertThatThrownBy(() -> HolderId.parse(MailboxKind.ORG, raw)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("FINESS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"810003456789", "1754567860"})
    void toStringShouldNotShowTheIdentifier(String raw) {
        HolderId id = raw.startsWith("8") ? HolderId.parse(MailboxKind.PER, raw) : HolderId.parse(MailboxKind.ORG, raw);
        assertThat(id.toString()).doesNotContain(raw.substring(1));
    }
}
