package org.santegateway.server.registry;

/**
 * The addresses of the Annuaire Santé FHIR guide (ANS, {@code ans.fhir.fr.annuaire}) and of the terminologies it
 * binds that the directory export writes: profiles, extensions, identifier systems and code systems.
 */
public final class AnnuaireProfile {
    private static final String IG = "https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/";
    private static final String NOS = "https://mos.esante.gouv.fr/NOS/";

    public static final String PRACTITIONER_ROLE = IG + "as-practitionerrole";
    public static final String ORGANIZATION = IG + "as-organization";
    /** The ContactPoint profile of an MSSanté mailbox. */
    public static final String MAILBOX_MSS = IG + "as-mailbox-mss";
    /** Its metadata extension: sub-extensions {@code type}, {@code description}, {@code responsible}, {@code service}, {@code phone}, {@code listeRouge}. */
    public static final String MAILBOX_METADATA = IG + "as-ext-mailbox-mss-metadata";
    /** FR Core's e-mail type extension; {@code MSSANTE} for a mailbox of the MSSanté space (required by as-mailbox-mss). */
    public static final String EMAIL_TYPE = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type";

    public static final String TYPE_MESSAGERIE = NOS + "TRE_R256-TypeMessagerie/FHIR/TRE-R256-TypeMessagerie";
    public static final String MSSANTE = "MSSANTE";
    /** The code system of the mailbox kinds (PER, ORG, APP, CAB), drawn from value set JDV_J139-TypeBAL-RASS. */
    public static final String TYPE_BAL = NOS + "TRE_R257-TypeBAL/FHIR/TRE-R257-TypeBAL";
    public static final String PROFESSION = NOS + "TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante";
    public static final String SPECIALITE_ORDINALE = NOS + "TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale";

    /** The practitioner's national id ({@code idNatPs}: 8 + RPPS, 0 + ADELI). */
    public static final String ID_NAT_PS = "urn:oid:1.2.250.1.71.4.2.1";
    /** The structure's national id ({@code idNatSt}: 1 + FINESS, 3 + SIRET). */
    public static final String ID_NAT_ST = "urn:oid:1.2.250.1.71.4.2.2";
    public static final String IDENTIFIER_TYPE = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203";

    private AnnuaireProfile() {
    }
}
