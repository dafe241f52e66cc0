package org.santegateway.cda;

import java.nio.charset.StandardCharsets;

import org.santegateway.ins.MatriculeIns;

/** Real-shaped CDA R2 documents (CI-SIS style header) built in code. */
public final class CdaFixtures {
    public static final String INS_NIR_OID = "1.2.250.1.213.1.4.8";
    public static final String INS_NIA_OID = "1.2.250.1.213.1.4.9";
    public static final String RPPS_OID = "1.2.250.1.71.4.2.1";
    /** A valid matricule INS (NIR form). */
    public static final String INS = insOf("1840575123456");
    /** Another valid matricule INS. */
    public static final String OTHER_INS = insOf("2920199555123");
    /** A valid matricule INS of someone born in Corsica. */
    public static final String CORSICAN_INS = insOf("18405" + "2A" + "123456");

    private CdaFixtures() {
    }

    public static String insOf(String body) {
        return body + MatriculeIns.keyOf(body);
    }

    /** A CDA with the INS-NIR, LOINC 11488-4, an RPPS author and a small structured body. */
    public static String cda(String ins) {
        return cda(INS_NIR_OID, ins, "11488-4", "");
    }

    public static String cda(String insRoot, String ins, String code, String body) {
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
              <realmCode code="FR"/>
              <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>
              <templateId root="2.16.840.1.113883.2.8.2.1"/>
              <id root="1.2.250.1.999.1.1.7" extension="DOC-2024-0042"/>
              <code code="%s" codeSystem="2.16.840.1.113883.6.1" displayName="Compte rendu de consultation"/>
              <title>Compte rendu de consultation de cardiologie</title>
              <effectiveTime value="20240115103000+0100"/>
              <confidentialityCode code="N" codeSystem="2.16.840.1.113883.5.25"/>
              <languageCode code="fr-FR"/>
              <recordTarget>
                <patientRole>
                  <id root="1.2.250.1.999.1.2" extension="IPP-778899"/>
                  <id root="%s" extension="%s"/>
                  <patient>
                    <name><given>Marie</given><family qualifier="BR">DUPONT</family></name>
                    <administrativeGenderCode code="F" codeSystem="2.16.840.1.113883.5.1"/>
                    <birthTime value="19840512"/>
                  </patient>
                </patientRole>
              </recordTarget>
              <author>
                <time value="20240115103000+0100"/>
                <assignedAuthor>
                  <id root="%s" extension="810001234567"/>
                  <assignedPerson>
                    <name><prefix>Dr</prefix><given>Jean</given><family>MARTIN</family></name>
                  </assignedPerson>
                </assignedAuthor>
              </author>
              <custodian><assignedCustodian><representedCustodianOrganization>
                <id root="1.2.250.1.71.4.2.2" extension="1750000000"/>
              </representedCustodianOrganization></assignedCustodian></custodian>
              <component>
                <structuredBody>
                  <component><section><title>Conclusion</title><text>Examen normal.%s</text></section></component>
                </structuredBody>
              </component>
            </ClinicalDocument>
            """.formatted(code, insRoot, ins, RPPS_OID, body);
    }

    public static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }
}
