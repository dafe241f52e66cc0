package org.santegateway.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.santegateway.conversation.Fixtures.DURAND;
import static org.santegateway.conversation.Fixtures.INVALID_PATIENT;
import static org.santegateway.conversation.Fixtures.MARTIN;
import static org.santegateway.conversation.Fixtures.OUTSIDER;
import static org.santegateway.conversation.Fixtures.PATIENT_1;
import static org.santegateway.conversation.Fixtures.REMOTE_DOCTOR;

import java.util.Optional;

import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RoleResolverTest {
    RoleResolver roles = Fixtures.roles();

    @Nested
    class Recipients {
        @Test
        void recipientRoleShouldBePatientWhenTheLocalPartIsAValidIns() {
            assertThat(roles.recipientRole(PATIENT_1)).isEqualTo(Role.PATIENT);
            assertThat(roles.recipientRole(Fixtures.patient("185052A123456"))).isEqualTo(Role.PATIENT);
        }

        @Test
        void recipientRoleShouldBeInvalidWhenAPatientDomainAddressIsNotAnIns() {
            assertThat(roles.recipientRole(INVALID_PATIENT)).isEqualTo(Role.INVALID_PATIENT_ADDRESS);
            assertThat(roles.recipientRole(Fixtures.address("185057512345600@patient.mssante.fr"))).isEqualTo(Role.INVALID_PATIENT_ADDRESS);
        }

        @Test
        void recipientRoleShouldNotRefusePostmasterOfAPatientDomain() {
            assertThat(roles.recipientRole(Fixtures.address("postmaster@patient.mssante.fr"))).isEqualTo(Role.OUTSIDE);
        }

        @Test
        void recipientRoleShouldBeProfessionalWhenLocalOrTrustedOperator() {
            assertThat(roles.recipientRole(MARTIN)).isEqualTo(Role.PROFESSIONAL);
            assertThat(roles.recipientRole(REMOTE_DOCTOR)).isEqualTo(Role.PROFESSIONAL);
        }

        @Test
        void recipientRoleShouldBeOutsideWhenTheDomainIsUnknown() {
            assertThat(roles.recipientRole(OUTSIDER)).isEqualTo(Role.OUTSIDE);
        }
    }

    @Nested
    class Senders {
        @Test
        void senderRoleShouldComeFromTheAuthenticatedUserNotTheEnvelope() {
            SenderIdentity patientClaimingADoctor = SenderIdentity.authenticated(PATIENT_1, MaybeSender.of(MARTIN));

            assertThat(roles.senderRole(patientClaimingADoctor)).isEqualTo(Role.PATIENT);
        }

        @Test
        void senderRoleShouldBeProfessionalWhenAuthenticatedInALocalDomain() {
            assertThat(roles.senderRole(SenderIdentity.authenticated(MARTIN, MaybeSender.of(MARTIN)))).isEqualTo(Role.PROFESSIONAL);
        }

        @Test
        void senderRoleShouldBeOutsideWhenAnUnauthenticatedSenderClaimsALocalAddress() {
            assertThat(roles.senderRole(SenderIdentity.unauthenticated(MaybeSender.of(DURAND)))).isEqualTo(Role.OUTSIDE);
        }

        @Test
        void senderRoleShouldBePatientWhenAnUnauthenticatedEnvelopeIsAPatientAddress() {
            assertThat(roles.senderRole(SenderIdentity.unauthenticated(MaybeSender.of(PATIENT_1)))).isEqualTo(Role.PATIENT);
        }

        @Test
        void senderRoleShouldBeProfessionalWhenTheEnvelopeIsATrustedOperatorDomain() {
            assertThat(roles.senderRole(SenderIdentity.unauthenticated(MaybeSender.of(REMOTE_DOCTOR)))).isEqualTo(Role.PROFESSIONAL);
        }

        @Test
        void senderRoleShouldBeOutsideWhenTheDomainIsUnknownOrTheSenderNull() {
            assertThat(roles.senderRole(SenderIdentity.unauthenticated(MaybeSender.of(OUTSIDER)))).isEqualTo(Role.OUTSIDE);
            assertThat(roles.senderRole(SenderIdentity.unauthenticated(MaybeSender.nullSender()))).isEqualTo(Role.OUTSIDE);
        }

        @Test
        void senderRoleShouldBeGatewayForItsOwnNotifications() {
            assertThat(roles.senderRole(new SenderIdentity(Optional.empty(), MaybeSender.nullSender(), true))).isEqualTo(Role.GATEWAY);
            assertThat(roles.senderRole(new SenderIdentity(Optional.empty(), MaybeSender.of(Fixtures.address("postmaster@localhost")), true)))
                .isEqualTo(Role.GATEWAY);
        }

        @Test
        void senderRoleShouldStayPatientWhenAMailetSendsOnBehalfOfAPatient() {
            assertThat(roles.senderRole(new SenderIdentity(Optional.empty(), MaybeSender.of(PATIENT_1), true))).isEqualTo(Role.PATIENT);
        }
    }

    @Test
    void everyRoleShouldBeAuditedUnderItsOwnName() {
        for (Role role : Role.values()) {
            assertThat(role.actorKind().name()).isEqualTo(role.name());
        }
        for (org.santegateway.dmp.Actor.Kind kind : org.santegateway.dmp.Actor.Kind.values()) {
            assertThat(kind.actorKind().name()).isEqualTo(kind.name());
        }
    }

    @Test
    void senderIdentityOfALoginShouldBeItsAddressOnlyWhenItHasADomain() {
        SenderIdentity doctor = SenderIdentity.of(Optional.of(org.apache.james.core.Username.of(MARTIN.asString())),
            MaybeSender.of(OUTSIDER), false);
        SenderIdentity bareLogin = SenderIdentity.of(Optional.of(org.apache.james.core.Username.of("martin")), MaybeSender.of(OUTSIDER),
            false);

        assertThat(doctor.address()).contains(MARTIN);
        assertThat(bareLogin.authenticated()).isEmpty();
        assertThat(bareLogin.address()).contains(OUTSIDER);
        assertThat(SenderIdentity.of(Optional.empty(), MaybeSender.nullSender(), true).generatedByGateway()).isTrue();
    }
}
