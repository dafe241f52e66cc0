package org.santegateway.dmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.santegateway.cda.CdaFixtures.INS;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.santegateway.dmp.PatientIdentifier.InsStatus;

class PatientIdentifierTest {
    @Test
    void fromCxShouldSplitValueAndAuthorityWhenTheCxIsComplete() {
        PatientIdentifier id = PatientIdentifier.fromCx(INS + "^^^&1.2.250.1.213.1.4.8&ISO");
        assertThat(id).isEqualTo(new PatientIdentifier(INS, Optional.of("1.2.250.1.213.1.4.8"), Optional.of("ISO")));
    }

    @Test
    void fromCxShouldLeaveTheAuthorityEmptyWhenTheCxHasNone() {
        assertThat(PatientIdentifier.fromCx(INS)).isEqualTo(new PatientIdentifier(INS, Optional.empty(), Optional.empty()));
        assertThat(PatientIdentifier.fromCx("")).isEqualTo(new PatientIdentifier("", Optional.empty(), Optional.empty()));
        assertThat(PatientIdentifier.fromCx("^^^&&")).isEqualTo(new PatientIdentifier("", Optional.empty(), Optional.empty()));
    }

    @Test
    void insStatusShouldBeQualifiedWhenNirOidAndIsoTypeAndValidKey() {
        assertThat(PatientIdentifier.fromCx(INS + "^^^&1.2.250.1.213.1.4.8&ISO").insStatus())
            .isEqualTo(new InsStatus.Qualified(new QualifiedIns(new Ins(INS), InsAuthority.NIR)));
        assertThat(PatientIdentifier.fromIi("1.2.250.1.213.1.4.9", INS).insStatus())
            .isEqualTo(new InsStatus.Qualified(new QualifiedIns(new Ins(INS), InsAuthority.NIA)));
    }

    @Test
    void insStatusShouldBeIncompleteWhenTheInsOidLacksTheIsoType() {
        assertThat(PatientIdentifier.fromCx(INS + "^^^&1.2.250.1.213.1.4.8").insStatus()).isInstanceOf(InsStatus.Incomplete.class);
    }

    @Test
    void insStatusShouldBeIncompleteWhenTheValueUnderTheInsOidIsMalformed() {
        String wrongKey = INS.substring(0, 13) + (INS.endsWith("01") ? "02" : "01");
        assertThat(PatientIdentifier.fromCx(wrongKey + "^^^&1.2.250.1.213.1.4.8&ISO").insStatus())
            .isEqualTo(new InsStatus.Incomplete(Optional.empty()));
        assertThat(PatientIdentifier.fromIi("1.2.250.1.213.1.4.8", null).insStatus()).isInstanceOf(InsStatus.Incomplete.class);
    }

    @Test
    void insStatusShouldBeIncompleteWhenAnInsShapedValueHasNoAuthority() {
        assertThat(PatientIdentifier.fromCx(INS).insStatus()).isEqualTo(new InsStatus.Incomplete(Optional.of(new Ins(INS))));
    }

    @Test
    void insStatusShouldBeNotInsWhenTheAuthorityIsAnotherOid() {
        assertThat(PatientIdentifier.fromCx(INS + "^^^&1.2.250.1.999.1.2&ISO").insStatus()).isInstanceOf(InsStatus.NotIns.class);
        assertThat(PatientIdentifier.fromCx("IPP-42").insStatus()).isInstanceOf(InsStatus.NotIns.class);
    }

    @Test
    void toStringShouldNotRevealTheValue() {
        assertThat(PatientIdentifier.fromCx(INS + "^^^&1.2.250.1.213.1.4.8&ISO").toString()).doesNotContain(INS);
        assertThat(new Ins(INS).toString()).doesNotContain(INS);
    }
}
