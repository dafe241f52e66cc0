package org.santegateway.dmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.santegateway.cda.CdaFixtures.INS;
import static org.santegateway.cda.CdaFixtures.OTHER_INS;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.santegateway.dmp.AccessDecision.Allowed;
import org.santegateway.dmp.AccessDecision.Basis;
import org.santegateway.dmp.AccessDecision.Denied;

class DmpAccessRuleTest {
    private static final Ins PATIENT = new Ins(INS);
    private static final Ins OTHER_PATIENT = new Ins(OTHER_INS);
    private static final String TREATING = "dr.martin@hopital-exemple.fr";
    private static final String GRANTED = "dr.durand@clinique-exemple.fr";
    private static final String STRANGER = "dr.inconnu@ailleurs.fr";

    private final DmpAccessRule rule = new DmpAccessRule(
        (professional, patient) -> professional.equals(TREATING) && patient.equals(PATIENT),
        (professional, patient) -> professional.equals(GRANTED) && patient.equals(PATIENT));

    private static DocumentMetadata document(boolean hidden) {
        NewDocument filed = new NewDocument(PATIENT, Optional.of(InsAuthority.NIR), Optional.of(CodedValue.of("11488-4", CodedValue.LOINC)),
            "CR", Optional.empty(), Optional.empty(), DocumentTypes.PDF, Optional.empty(), Optional.empty(), DocumentOrigin.MESSAGE, "h");
        return new DocumentMetadata(DocumentId.random(), filed, 10, new ContentHash("0".repeat(64)), hidden, Instant.EPOCH,
            Actor.professional(TREATING));
    }

    @Nested
    class Patient {
        @Test
        void shouldSeeEverythingInTheirOwnRecordWhenDocumentsAreHidden() {
            Actor patient = Actor.patient(PATIENT);
            assertThat(rule.mayList(patient, PATIENT)).isEqualTo(new Allowed(Basis.OWN_RECORD));
            assertThat(rule.mayFetch(patient, document(true))).isEqualTo(new Allowed(Basis.OWN_RECORD));
            assertThat(rule.mayChangeVisibility(patient, document(false))).isEqualTo(new Allowed(Basis.OWN_RECORD));
            assertThat(rule.mayReadHistory(patient, PATIENT)).isEqualTo(new Allowed(Basis.OWN_RECORD));
        }

        @Test
        void shouldBeDeniedWhenTheRecordIsAnotherPatients() {
            Actor other = Actor.patient(OTHER_PATIENT);
            assertThat(rule.mayList(other, PATIENT)).isEqualTo(new Denied(DenialReason.NOT_THE_PATIENT));
            assertThat(rule.mayFetch(other, document(false))).isEqualTo(new Denied(DenialReason.NOT_THE_PATIENT));
            assertThat(rule.mayChangeVisibility(other, document(false))).isEqualTo(new Denied(DenialReason.NOT_THE_PATIENT));
            assertThat(rule.mayReadHistory(other, PATIENT)).isEqualTo(new Denied(DenialReason.NOT_THE_PATIENT));
        }
    }

    @Nested
    class Professional {
        @Test
        void shouldReadVisibleDocumentsWhenInAConversationWithThePatient() {
            Actor professional = Actor.professional(TREATING);
            assertThat(rule.mayList(professional, PATIENT)).isEqualTo(new Allowed(Basis.CONVERSATION));
            assertThat(rule.mayFetch(professional, document(false))).isEqualTo(new Allowed(Basis.CONVERSATION));
        }

        @Test
        void shouldMatchTheAddressIgnoringCaseWhenTheActorIsWrittenInCapitals() {
            assertThat(rule.mayList(Actor.professional("Dr.Martin@Hopital-Exemple.fr"), PATIENT)).isEqualTo(new Allowed(Basis.CONVERSATION));
        }

        @Test
        void shouldReadVisibleDocumentsWhenAnAdminGrantedAccess() {
            Actor professional = Actor.professional(GRANTED);
            assertThat(rule.mayList(professional, PATIENT)).isEqualTo(new Allowed(Basis.ADMIN_GRANT));
            assertThat(rule.mayFetch(professional, document(false))).isEqualTo(new Allowed(Basis.ADMIN_GRANT));
        }

        @Test
        void shouldBeDeniedWhenTheDocumentIsHidden() {
            assertThat(rule.mayFetch(Actor.professional(TREATING), document(true))).isEqualTo(new Denied(DenialReason.HIDDEN_BY_PATIENT));
            assertThat(rule.mayFetch(Actor.professional(GRANTED), document(true))).isEqualTo(new Denied(DenialReason.HIDDEN_BY_PATIENT));
        }

        @Test
        void shouldBeDeniedWhenNeitherInConversationNorGranted() {
            Actor stranger = Actor.professional(STRANGER);
            assertThat(rule.mayList(stranger, PATIENT)).isEqualTo(new Denied(DenialReason.NO_RELATIONSHIP));
            assertThat(rule.mayFetch(stranger, document(false))).isEqualTo(new Denied(DenialReason.NO_RELATIONSHIP));
            assertThat(rule.mayList(Actor.professional(TREATING), OTHER_PATIENT)).isEqualTo(new Denied(DenialReason.NO_RELATIONSHIP));
        }

        @Test
        void shouldNeverHideDocumentsOrReadTheHistoryWhenInAConversation() {
            Actor professional = Actor.professional(TREATING);
            assertThat(rule.mayChangeVisibility(professional, document(false))).isEqualTo(new Denied(DenialReason.ROLE_NOT_ALLOWED));
            assertThat(rule.mayReadHistory(professional, PATIENT)).isEqualTo(new Denied(DenialReason.ROLE_NOT_ALLOWED));
        }
    }

    @Nested
    class OtherActors {
        @Test
        void adminShouldBeDeniedEverythingWhenReadingRecords() {
            Actor admin = Actor.admin("admin");
            assertThat(rule.mayList(admin, PATIENT)).isEqualTo(new Denied(DenialReason.ROLE_NOT_ALLOWED));
            assertThat(rule.mayFetch(admin, document(false))).isEqualTo(new Denied(DenialReason.ROLE_NOT_ALLOWED));
            assertThat(rule.mayReadHistory(admin, PATIENT)).isEqualTo(new Denied(DenialReason.ROLE_NOT_ALLOWED));
        }

        @Test
        void gatewayShouldBeDeniedWhenReadingRecords() {
            assertThat(rule.mayList(Actor.gateway(), PATIENT)).isEqualTo(new Denied(DenialReason.ROLE_NOT_ALLOWED));
        }
    }

    @Test
    void ruleShouldConsultThePredicatesOnEveryDecisionWhenMembershipChanges() {
        Set<String> members = new java.util.HashSet<>(Set.of(TREATING));
        DmpAccessRule live = new DmpAccessRule((professional, patient) -> members.contains(professional), AccessGrants.NONE);
        assertThat(live.mayList(Actor.professional(TREATING), PATIENT).allowed()).isTrue();
        members.clear();
        assertThat(live.mayList(Actor.professional(TREATING), PATIENT).allowed()).isFalse();
    }
}
