package org.santegateway.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;

/**
 * The directory export, serialised to FHIR XML then parsed back with HAPI's parser and checked against what the
 * Annuaire Santé profiles require of a mailbox: {@code as-mailbox-mss} (system email, the FR Core e-mail type
 * MSSANTE) and its {@code as-ext-mailbox-mss-metadata} extension (the kind from TRE_R257-TypeBAL).
 */
class DirectoryExportTest {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static FhirContext fhir;
    static DirectoryExport export;

    @BeforeAll
    static void context() {
        fhir = FhirContext.forR4();
        export = new DirectoryExport(fhir);
    }

    static Mailbox mailbox(String address, MailboxKind kind, String holder, boolean listeRouge, MailboxState state, int rank) {
        MailboxDetails details = new MailboxDetails(Optional.of(HolderId.parse(kind, holder)), kind == MailboxKind.PER ? "Dr Sophie Martin" : "CH Exemple",
            kind == MailboxKind.PER ? Optional.of("10") : Optional.empty(), Optional.empty(), listeRouge, rank,
            kind == MailboxKind.PER ? Optional.empty() : Optional.of("Secrétariat de cardiologie"),
            kind == MailboxKind.PER ? Optional.empty() : Optional.of("Cardiologie"),
            kind == MailboxKind.PER ? Optional.empty() : Optional.of("M. Durand, 01 02 03 04 05"));
        return new Mailbox(address, kind, details, state, NOW, Optional.empty(), NOW, true, true);
    }

    static final Mailbox PER_1 = mailbox("sophie.martin@hopital-test.fr", MailboxKind.PER, "810003456789", false, MailboxState.ACTIVE, 1);
    static final Mailbox PER_2 = mailbox("s.martin.cardio@hopital-test.fr", MailboxKind.PER, "810003456789", false, MailboxState.ACTIVE, 2);
    static final Mailbox PER_RED = mailbox("discret@hopital-test.fr", MailboxKind.PER, "810007654321", true, MailboxState.ACTIVE, 1);
    static final Mailbox PER_SUSPENDED = mailbox("suspendu@hopital-test.fr", MailboxKind.PER, "810001111111", false, MailboxState.SUSPENDED, 1);
    static final Mailbox ORG = mailbox("cardio@hopital-test.fr", MailboxKind.ORG, "754567860", false, MailboxState.ACTIVE, 1);
    static final Mailbox APP = mailbox("lgc@hopital-test.fr", MailboxKind.APP, "754567860", false, MailboxState.ACTIVE, 2);

    static Bundle parsedBack(Bundle bundle) {
        String xml = export.xml(bundle);
        return fhir.newXmlParser().parseResource(Bundle.class, xml);
    }

    @Nested
    class Everything {
        final Bundle bundle = parsedBack(export.all(List.of(PER_1, PER_2, PER_RED, PER_SUSPENDED, ORG, APP), NOW));

        @Test
        void practitionerMailboxesShouldBeOnePractitionerRoleByRank() {
            PractitionerRole role = resources(PractitionerRole.class).get(0);

            assertThat(resources(PractitionerRole.class)).hasSize(1);
            assertThat(role.getMeta().hasProfile(AnnuaireProfile.PRACTITIONER_ROLE)).isTrue();
            assertThat(role.getPractitioner().getIdentifier().getSystem()).isEqualTo(AnnuaireProfile.ID_NAT_PS);
            assertThat(role.getPractitioner().getIdentifier().getValue()).isEqualTo("810003456789");
            assertThat(role.getCodeFirstRep().getCodingFirstRep().getSystem()).isEqualTo(AnnuaireProfile.PROFESSION);
            assertThat(role.getTelecom()).extracting(ContactPoint::getValue)
                .containsExactly("sophie.martin@hopital-test.fr", "s.martin.cardio@hopital-test.fr");
            assertThat(role.getTelecom()).extracting(ContactPoint::getRank).containsExactly(1, 2);
        }

        @Test
        void everyTelecomShouldFollowTheMailboxProfile() {
            List<ContactPoint> telecoms = new java.util.ArrayList<>();
            resources(PractitionerRole.class).forEach(role -> telecoms.addAll(role.getTelecom()));
            resources(Organization.class).forEach(organization -> telecoms.addAll(organization.getTelecom()));

            assertThat(telecoms).hasSize(4).allSatisfy(DirectoryExportTest::assertMailboxProfile);
        }

        @Test
        void structureMailboxesShouldBeOneOrganizationWithTheirMetadata() {
            Organization organization = resources(Organization.class).get(0);

            assertThat(resources(Organization.class)).hasSize(1);
            assertThat(organization.getMeta().hasProfile(AnnuaireProfile.ORGANIZATION)).isTrue();
            assertThat(organization.getIdentifier()).anySatisfy(identifier -> {
                assertThat(identifier.getSystem()).isEqualTo(AnnuaireProfile.ID_NAT_ST);
                assertThat(identifier.getValue()).isEqualTo("1754567860");
            });
            assertThat(organization.getTelecom()).extracting(DirectoryExportTest::kindCode).containsExactly("ORG", "APP");
            Extension metadata = organization.getTelecomFirstRep().getExtensionByUrl(AnnuaireProfile.MAILBOX_METADATA);
            assertThat(metadata.getExtensionByUrl("description").getValue().primitiveValue()).isEqualTo("Secrétariat de cardiologie");
            assertThat(metadata.getExtensionByUrl("service").getValue().primitiveValue()).isEqualTo("Cardiologie");
            assertThat(metadata.getExtensionByUrl("responsible").getValue().primitiveValue()).startsWith("M. Durand");
        }

        @Test
        void listeRougeAndSuspendedMailboxesShouldNeverBeExported() {
            String xml = export.xml(export.all(List.of(PER_1, PER_2, PER_RED, PER_SUSPENDED, ORG, APP), NOW));

            assertThat(xml).doesNotContain("discret@").doesNotContain("810007654321")
                .doesNotContain("suspendu@").doesNotContain("810001111111");
        }

        <T> List<T> resources(Class<T> type) {
            return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance).map(type::cast).toList();
        }
    }

    @Nested
    class Changes {
        @Test
        void aChangedMailboxShouldBeDeletedThenAddedAgainByConditionalPatch() {
            Bundle bundle = parsedBack(export.changes(List.of(PER_1), NOW));

            assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
            Bundle.BundleEntryComponent entry = bundle.getEntryFirstRep();
            assertThat(entry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PATCH);
            assertThat(entry.getRequest().getUrl()).isEqualTo("PractitionerRole?practitioner.identifier=" + AnnuaireProfile.ID_NAT_PS + "|810003456789");
            Parameters patch = (Parameters) entry.getResource();
            assertThat(patch.getParameter()).extracting(operation -> operation.getPart().get(0).getValue().primitiveValue())
                .containsExactly("delete", "add");
            assertThat(patch.getParameter().get(0).getPart().get(1).getValue().primitiveValue())
                .isEqualTo("PractitionerRole.telecom.where(value = 'sophie.martin@hopital-test.fr')");
            ContactPoint added = (ContactPoint) patch.getParameter().get(1).getPart().get(3).getValue();
            assertMailboxProfile(added);
        }

        @Test
        void aMailboxPutOnTheListeRougeShouldOnlyBeDeleted() {
            Bundle bundle = parsedBack(export.changes(List.of(PER_RED, PER_SUSPENDED), NOW));

            assertThat(bundle.getEntry()).hasSize(2).allSatisfy(entry -> {
                Parameters patch = (Parameters) entry.getResource();
                assertThat(patch.getParameter()).hasSize(1);
                assertThat(patch.getParameter().get(0).getPart().get(0).getValue().primitiveValue()).isEqualTo("delete");
            });
            assertThat(export.xml(bundle)).doesNotContain("value=\"add\"");
        }

        @Test
        void aMailboxNeverPublishableShouldNotBeNamedAtAll() {
            Mailbox neverPublished = new Mailbox(PER_RED.address(), PER_RED.kind(), PER_RED.details(), PER_RED.state(), NOW,
                Optional.empty(), NOW, true, false);

            Bundle bundle = parsedBack(export.changes(List.of(neverPublished), NOW));

            assertThat(bundle.getEntry()).isEmpty();
            assertThat(export.xml(bundle)).doesNotContain("discret@");
        }

        @Test
        void organizationsShouldBeAddressedByTheirNationalId() {
            Bundle bundle = parsedBack(export.changes(List.of(ORG), NOW));

            assertThat(bundle.getEntryFirstRep().getRequest().getUrl())
                .isEqualTo("Organization?identifier=" + AnnuaireProfile.ID_NAT_ST + "|1754567860");
        }
    }

    /** What as-mailbox-mss and its metadata extension require (cardinality 1 or fixed values). */
    static void assertMailboxProfile(ContactPoint telecom) {
        assertThat(telecom.getSystem()).isEqualTo(ContactPoint.ContactPointSystem.EMAIL);
        assertThat(telecom.getValue()).contains("@");
        Extension emailType = telecom.getExtensionByUrl(AnnuaireProfile.EMAIL_TYPE);
        assertThat(emailType).isNotNull();
        Coding coding = (Coding) emailType.getValue();
        assertThat(coding.getSystem()).isEqualTo("https://mos.esante.gouv.fr/NOS/TRE_R256-TypeMessagerie/FHIR/TRE-R256-TypeMessagerie");
        assertThat(coding.getCode()).isEqualTo("MSSANTE");
        assertThat(telecom.getExtensionsByUrl(AnnuaireProfile.MAILBOX_METADATA)).hasSize(1);
        Extension metadata = telecom.getExtensionByUrl(AnnuaireProfile.MAILBOX_METADATA);
        assertThat(metadata.hasValue()).isFalse();
        CodeableConcept type = (CodeableConcept) metadata.getExtensionByUrl("type").getValue();
        assertThat(type.getCodingFirstRep().getSystem()).isEqualTo("https://mos.esante.gouv.fr/NOS/TRE_R257-TypeBAL/FHIR/TRE-R257-TypeBAL");
        assertThat(type.getCodingFirstRep().getCode()).isIn("PER", "ORG", "APP", "CAB");
        assertThat(metadata.getExtensionByUrl("listeRouge").getValue().primitiveValue()).isEqualTo("false");
        assertThat(metadata.getExtension()).extracting(Extension::getUrl)
            .allMatch(url -> List.of("type", "description", "responsible", "service", "phone", "listeRouge").contains(url));
    }

    static String kindCode(ContactPoint telecom) {
        return ((CodeableConcept) telecom.getExtensionByUrl(AnnuaireProfile.MAILBOX_METADATA).getExtensionByUrl("type").getValue())
            .getCodingFirstRep().getCode();
    }
}
