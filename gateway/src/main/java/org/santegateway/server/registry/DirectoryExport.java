package org.santegateway.server.registry;

import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

import ca.uhn.fhir.context.FhirContext;

/**
 * The registry as the Annuaire Santé's FHIR R4 resources, for publication in the national directory. Only
 * {@linkplain Mailbox#publishable() publishable} mailboxes appear (registered, active, not on the liste rouge).
 *
 * <ul>
 *     <li>PER mailboxes: one {@code PractitionerRole} (profile {@code as-practitionerrole}) per practitioner, the
 *     practitioner referenced by its {@code idNatPs}, profession and speciality codes when known;</li>
 *     <li>ORG, APP and CAB mailboxes: one {@code Organization} (profile {@code as-organization}) per structure,
 *     identified by its {@code idNatSt} (and its FINESS or SIRET);</li>
 *     <li>each mailbox a {@code telecom} of profile {@code as-mailbox-mss}: system {@code email}, the address, the
 *     preferred rank, the e-mail type {@code MSSANTE} and the {@code as-ext-mailbox-mss-metadata} extension (type,
 *     description, service, responsible, {@code listeRouge=false}).</li>
 * </ul>
 *
 * <p>{@link #all} is a {@code collection} Bundle of every resource. {@link #changes} is a {@code transaction} Bundle
 * of FHIR Patch ({@code Parameters}) entries, one per practitioner or structure whose mailboxes changed, addressed by
 * conditional URL on its national id: each changed mailbox's telecom is deleted, then added again when it is still
 * publishable (so a suspended, closed or liste-rouge mailbox is withdrawn). A mailbox that was never publishable
 * (on the liste rouge from its creation) is left out entirely: the directory never learns its address.</p>
 */
public class DirectoryExport {
    private final FhirContext fhir;

    public DirectoryExport(FhirContext fhir) {
        this.fhir = fhir;
    }

    /** Every publishable mailbox, as a collection Bundle. */
    public Bundle all(List<Mailbox> mailboxes, Instant at) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION).setTimestamp(Date.from(at));
        byHolder(mailboxes.stream().filter(Mailbox::publishable).toList()).forEach((holder, held) -> {
            DomainResource resource = held.get(0).kind().heldByPractitioner() ? practitionerRole(holder, held) : organization(holder, held);
            bundle.addEntry().setFullUrl(resource.fhirType() + "/" + resource.getIdElement().getIdPart()).setResource(resource);
        });
        return bundle;
    }

    /** FHIR Patch bodies for the mailboxes changed (in a transaction Bundle). */
    public Bundle changes(List<Mailbox> changed, Instant at) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION).setTimestamp(Date.from(at));
        byHolder(changed.stream()
            .filter(mailbox -> mailbox.registered() && mailbox.details().holder().isPresent())
            .filter(mailbox -> mailbox.publishable() || mailbox.everPublishable())
            .toList())
            .forEach((holder, held) -> {
                boolean practitioner = held.get(0).kind().heldByPractitioner();
                String type = practitioner ? "PractitionerRole" : "Organization";
                Parameters patch = new Parameters();
                for (Mailbox mailbox : held) {
                    Parameters.ParametersParameterComponent delete = patch.addParameter().setName("operation");
                    delete.addPart().setName("type").setValue(new CodeType("delete"));
                    delete.addPart().setName("path").setValue(new StringType(type + ".telecom.where(value = '"
                        + mailbox.address().replace("\\", "\\\\").replace("'", "\\'") + "')"));
                    if (mailbox.publishable()) {
                        Parameters.ParametersParameterComponent add = patch.addParameter().setName("operation");
                        add.addPart().setName("type").setValue(new CodeType("add"));
                        add.addPart().setName("path").setValue(new StringType(type));
                        add.addPart().setName("name").setValue(new StringType("telecom"));
                        add.addPart().setName("value").setValue(telecom(mailbox));
                    }
                }
                String condition = practitioner
                    ? "PractitionerRole?practitioner.identifier=" + AnnuaireProfile.ID_NAT_PS + "|" + holder.value()
                    : "Organization?identifier=" + AnnuaireProfile.ID_NAT_ST + "|" + holder.value();
                bundle.addEntry().setResource(patch).getRequest().setMethod(Bundle.HTTPVerb.PATCH).setUrl(condition);
            });
        return bundle;
    }

    /**
     * The bundle as FHIR XML ({@code application/fhir+xml}). Not JSON: HAPI's JSON parser needs Jackson 2.15 or later,
     * and James 3.8.1 runs on Jackson 2.14 (its WebAdmin, tasks and event serialisation); the XML parser runs on the JDK's
     * StAX alone. The directory's FHIR API accepts both formats.
     */
    public String xml(Bundle bundle) {
        return fhir.newXmlParser().setPrettyPrint(true).encodeResourceToString(bundle);
    }

    private static Map<HolderId, List<Mailbox>> byHolder(List<Mailbox> mailboxes) {
        return mailboxes.stream()
            .sorted(Comparator.comparing((Mailbox mailbox) -> mailbox.details().holder().orElseThrow().value())
                .thenComparing(mailbox -> mailbox.details().rank()).thenComparing(Mailbox::address))
            .collect(Collectors.groupingBy(mailbox -> mailbox.details().holder().orElseThrow(), LinkedHashMap::new, Collectors.toList()));
    }

    private static PractitionerRole practitionerRole(HolderId holder, List<Mailbox> mailboxes) {
        Mailbox first = mailboxes.get(0);
        PractitionerRole role = new PractitionerRole();
        role.setId("mss-per-" + holder.value());
        role.getMeta().addProfile(AnnuaireProfile.PRACTITIONER_ROLE);
        role.setActive(true);
        role.setPractitioner(new Reference()
            .setIdentifier(new Identifier().setSystem(AnnuaireProfile.ID_NAT_PS).setValue(holder.value())
                .setType(identifierType("IDNPS")))
            .setDisplay(first.details().displayName()));
        first.details().profession().ifPresent(code -> role.addCode(new CodeableConcept(new Coding(AnnuaireProfile.PROFESSION, code, null))));
        first.details().speciality().ifPresent(code ->
            role.addSpecialty(new CodeableConcept(new Coding(AnnuaireProfile.SPECIALITE_ORDINALE, code, null))));
        mailboxes.forEach(mailbox -> role.addTelecom(telecom(mailbox)));
        return role;
    }

    private static Organization organization(HolderId holder, List<Mailbox> mailboxes) {
        Organization organization = new Organization();
        organization.setId("mss-org-" + holder.value());
        organization.getMeta().addProfile(AnnuaireProfile.ORGANIZATION);
        organization.setActive(true);
        organization.addIdentifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(AnnuaireProfile.ID_NAT_ST)
            .setValue(holder.value()).setType(identifierType("IDNST"));
        if (holder.isFiness()) {
            organization.addIdentifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem("https://finess.esante.gouv.fr")
                .setValue(holder.number()).setType(identifierType("FINEG"));
        } else if (holder.isSiret()) {
            organization.addIdentifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem("https://sirene.fr")
                .setValue(holder.number()).setType(identifierType("SIRET"));
        }
        organization.setName(mailboxes.get(0).details().displayName());
        mailboxes.forEach(mailbox -> organization.addTelecom(telecom(mailbox)));
        return organization;
    }

    /** The mailbox as an {@code as-mailbox-mss} ContactPoint. */
    static ContactPoint telecom(Mailbox mailbox) {
        ContactPoint telecom = new ContactPoint()
            .setSystem(ContactPoint.ContactPointSystem.EMAIL)
            .setValue(mailbox.address())
            .setRank(mailbox.details().rank());
        telecom.addExtension(new Extension(AnnuaireProfile.EMAIL_TYPE,
            new Coding(AnnuaireProfile.TYPE_MESSAGERIE, AnnuaireProfile.MSSANTE, null)));
        Extension metadata = telecom.addExtension().setUrl(AnnuaireProfile.MAILBOX_METADATA);
        metadata.addExtension("type", new CodeableConcept(new Coding(AnnuaireProfile.TYPE_BAL, mailbox.kind().name(), null)));
        MailboxDetails details = mailbox.details();
        details.description().ifPresent(text -> metadata.addExtension("description", new StringType(text)));
        // "responsible" (the contact) is not in the directory's open data, but operators publish it; never for PER.
        if (mailbox.kind() != MailboxKind.PER) {
            details.contact().ifPresent(text -> metadata.addExtension("responsible", new StringType(text)));
        }
        details.service().ifPresent(text -> metadata.addExtension("service", new StringType(text)));
        metadata.addExtension("listeRouge", new BooleanType(details.listeRouge()));
        return telecom;
    }

    private static CodeableConcept identifierType(String code) {
        return new CodeableConcept(new Coding(AnnuaireProfile.IDENTIFIER_TYPE, code, null));
    }
}
