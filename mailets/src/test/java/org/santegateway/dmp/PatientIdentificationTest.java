package org.santegateway.dmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.santegateway.cda.CdaFixtures.INS;
import static org.santegateway.cda.CdaFixtures.OTHER_INS;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.santegateway.dmp.IdentificationDecision.File;
import org.santegateway.dmp.IdentificationDecision.Refuse;

class PatientIdentificationTest {
    private static final Ins PATIENT = new Ins(INS);
    private static final Ins OTHER = new Ins(OTHER_INS);
    private static final PatientIdentifier QUALIFIED = PatientIdentifier.fromCx(INS + "^^^&1.2.250.1.213.1.4.8&ISO");
    private static final PatientIdentifier LOCAL = PatientIdentifier.fromCx("IPP-42^^^&1.2.250.1.999.1.2&ISO");

    private final PatientIdentification identification = new PatientIdentification(Set.of(PATIENT, OTHER)::contains);

    @Nested
    class IdentifiedDocuments {
        @Test
        void decideShouldFileWhenTheQualifiedInsIsTheAddressee() {
            assertThat(identification.decide(List.of(QUALIFIED, LOCAL), Set.of(PATIENT)))
                .isEqualTo(new File(PATIENT, Optional.of(InsAuthority.NIR)));
        }

        @Test
        void decideShouldFileWhenTheSameInsAppearsSeveralTimes() {
            assertThat(identification.decide(List.of(QUALIFIED, PatientIdentifier.fromIi("1.2.250.1.213.1.4.8", INS), PatientIdentifier.fromCx(INS)),
                Set.of(PATIENT, OTHER))).isEqualTo(new File(PATIENT, Optional.of(InsAuthority.NIR)));
        }

        @Test
        void decideShouldFileWhenThereIsNoPatientAddresseeAndThePatientIsKnown() {
            assertThat(identification.decide(List.of(QUALIFIED), Set.of())).isEqualTo(new File(PATIENT, Optional.of(InsAuthority.NIR)));
        }

        @Test
        void decideShouldRefuseWith902WhenThePatientIsUnknown() {
            PatientIdentification nobodyKnown = new PatientIdentification(ins -> false);
            Refuse refuse = (Refuse) nobodyKnown.decide(List.of(QUALIFIED), Set.of(PATIENT));
            assertThat(refuse.error()).isEqualTo(IntegrationError.UNKNOWN_PATIENT);
            assertThat(refuse.error().code()).isEqualTo("902");
        }

        @Test
        void decideShouldRefuseWith903WhenThereIsNoIdentifier() {
            assertThat(identification.decide(List.of(), Set.of(PATIENT))).isEqualTo(new Refuse(IntegrationError.INS_MISSING));
        }

        @Test
        void decideShouldRefuseWith903WhenOnlyLocalIdentifiersArePresent() {
            assertThat(identification.decide(List.of(LOCAL), Set.of(PATIENT))).isEqualTo(new Refuse(IntegrationError.INS_MISSING));
        }

        @Test
        void decideShouldRefuseWith904WhenTheInsIsNotTheAddressees() {
            assertThat(identification.decide(List.of(QUALIFIED), Set.of(OTHER))).isEqualTo(new Refuse(IntegrationError.INS_INCONSISTENT));
        }

        @Test
        void decideShouldRefuseWith904WhenTwoQualifiedInsDiffer() {
            PatientIdentifier other = PatientIdentifier.fromIi("1.2.250.1.213.1.4.8", OTHER_INS);
            assertThat(identification.decide(List.of(QUALIFIED, other), Set.of(PATIENT, OTHER)))
                .isEqualTo(new Refuse(IntegrationError.INS_INCONSISTENT));
        }

        @Test
        void decideShouldRefuseWith904WhenAnUnqualifiedInsDiffersFromTheQualifiedOne() {
            assertThat(identification.decide(List.of(QUALIFIED, PatientIdentifier.fromCx(OTHER_INS)), Set.of(PATIENT)))
                .isEqualTo(new Refuse(IntegrationError.INS_INCONSISTENT));
        }

        @Test
        void decideShouldRefuseWith905WhenTheInsHasNoQualifyingOid() {
            assertThat(identification.decide(List.of(PatientIdentifier.fromCx(INS)), Set.of(PATIENT)))
                .isEqualTo(new Refuse(IntegrationError.INS_INCOMPLETE));
        }

        @Test
        void decideShouldRefuseWith905WhenTheInsUnderItsOidIsMalformed() {
            PatientIdentifier malformed = PatientIdentifier.fromCx("12345^^^&1.2.250.1.213.1.4.8&ISO");
            assertThat(identification.decide(List.of(malformed), Set.of(PATIENT))).isEqualTo(new Refuse(IntegrationError.INS_INCOMPLETE));
        }

        @Test
        void decideShouldRefuseWith905WhenAMalformedInsAccompaniesAValidOne() {
            PatientIdentifier malformed = PatientIdentifier.fromCx(INS + "^^^&1.2.250.1.213.1.4.8");
            assertThat(identification.decide(List.of(QUALIFIED, malformed), Set.of(PATIENT)))
                .isEqualTo(new Refuse(IntegrationError.INS_INCOMPLETE));
        }

        @Test
        void mdnTextShouldNameTheCodeWithoutTheIdentifier() {
            for (IntegrationError error : IntegrationError.values()) {
                assertThat(error.mdnText()).startsWith(error.code()).doesNotContain(INS);
            }
            assertThat(IntegrationError.values()).extracting(IntegrationError::code).containsExactly("902", "903", "904", "905");
        }
    }

    @Nested
    class UnidentifiedDocuments {
        @Test
        void decideForAddresseesShouldFileForEachKnownPatientAddressee() {
            assertThat(identification.decideForAddressees(Set.of(PATIENT)))
                .isEqualTo(Map.of(PATIENT, new File(PATIENT, Optional.empty())));
        }

        @Test
        void decideForAddresseesShouldRefuseWith902WhenTheAddresseeIsUnknown() {
            PatientIdentification nobodyKnown = new PatientIdentification(ins -> false);
            assertThat(nobodyKnown.decideForAddressees(Set.of(PATIENT)))
                .isEqualTo(Map.of(PATIENT, new Refuse(IntegrationError.UNKNOWN_PATIENT)));
        }

        @Test
        void decideForAddresseesShouldBeEmptyWhenNoPatientIsAddressed() {
            assertThat(identification.decideForAddressees(Set.of())).isEmpty();
        }
    }
}
