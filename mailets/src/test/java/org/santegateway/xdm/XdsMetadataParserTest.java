package org.santegateway.xdm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.santegateway.cda.CdaFixtures.INS;
import static org.santegateway.xdm.XdmFixtures.insCx;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.santegateway.dmp.Author;
import org.santegateway.dmp.PatientIdentifier;
import org.santegateway.xdm.XdmFixtures.Doc;

class XdsMetadataParserTest {
    private final XdsMetadataParser parser = new XdsMetadataParser(1 << 20, 100);

    private XdsMetadata parse(String xml) throws XdsMetadataException {
        return parser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Nested
    class Entries {
        @Test
        void parseShouldReadEveryFieldWhenTheEntryIsComplete() throws Exception {
            Doc doc = Doc.pdf("Document01", "DOC0001.PDF", INS, 100).sourcePatientCx("IPP-42^^^&1.2.250.1.999.1.2&ISO");
            XdsMetadata metadata = parse(XdmFixtures.metadata(insCx(INS), List.of(doc)));

            assertThat(metadata.entries()).hasSize(1);
            XdsDocumentEntry entry = ((XdsMetadata.Valid) metadata.entries().get(0)).entry();
            assertThat(entry.entryId()).isEqualTo("Document01");
            assertThat(entry.uri()).contains("DOC0001.PDF");
            assertThat(entry.patientId()).contains(new PatientIdentifier(INS, Optional.of("1.2.250.1.213.1.4.8"), Optional.of("ISO")));
            assertThat(entry.sourcePatientId()).map(PatientIdentifier::value).contains("IPP-42");
            assertThat(entry.typeCode()).map(c -> c.code()).contains("60591-5");
            assertThat(entry.classCode()).map(c -> c.code()).contains("10");
            assertThat(entry.formatCode()).map(c -> c.code()).contains("urn:ihe:iti:xds-sd:pdf:2008");
            assertThat(entry.sha1Hex()).contains(XdmFixtures.sha1(doc.content));
            assertThat(entry.size()).hasValue(100);
            assertThat(metadata.submissionSetPatientIds()).extracting(PatientIdentifier::value).containsExactly(INS);
        }

        @Test
        void parseShouldFindClassificationsWhenTheyStandOutsideTheExtrinsicObject() throws Exception {
            String xml = """
                <SubmitObjectsRequest xmlns="urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0">
                 <RegistryObjectList xmlns="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">
                  <ExtrinsicObject id="urn:uuid:0001" mimeType="application/pdf"/>
                  <Classification classificationScheme="urn:uuid:f0306f51-975f-434e-a61c-c59651d33983" classifiedObject="urn:uuid:0001" nodeRepresentation="34112-3">
                    <Slot name="codingScheme"><ValueList><Value>2.16.840.1.113883.6.1</Value></ValueList></Slot>
                  </Classification>
                  <ExternalIdentifier identificationScheme="urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427" registryObject="urn:uuid:0001" value="%s"/>
                 </RegistryObjectList>
                </SubmitObjectsRequest>
                """.formatted(XdmFixtures.escape(insCx(INS)));
            XdsDocumentEntry entry = ((XdsMetadata.Valid) parse(xml).entries().get(0)).entry();
            assertThat(entry.typeCode()).map(c -> c.code()).contains("34112-3");
            assertThat(entry.patientId()).map(PatientIdentifier::value).contains(INS);
            assertThat(entry.uri()).isEmpty();
        }

        @Test
        void parseShouldJoinTheUriWhenItIsSplitInNumberedValues() throws Exception {
            String xml = """
                <SubmitObjectsRequest><RegistryObjectList>
                  <ExtrinsicObject id="d1" mimeType="application/pdf">
                    <Slot name="URI"><ValueList><Value>2|0001.PDF</Value><Value>1|DOC</Value></ValueList></Slot>
                  </ExtrinsicObject>
                </RegistryObjectList></SubmitObjectsRequest>
                """;
            XdsDocumentEntry entry = ((XdsMetadata.Valid) parse(xml).entries().get(0)).entry();
            assertThat(entry.uri()).contains("DOC0001.PDF");
        }

        @Test
        void parseShouldMarkTheEntryInvalidWhenTheHashIsMalformed() throws Exception {
            Doc doc = Doc.pdf("Document01", "DOC0001.PDF", INS, 100).declaredHash("not-a-sha1");
            assertThat(parse(XdmFixtures.metadata(insCx(INS), List.of(doc))).entries())
                .containsExactly(new XdsMetadata.Invalid("Document01", "hash"));
        }

        @Test
        void parseShouldMarkTheEntryInvalidWhenTheCreationTimeIsNotADate() throws Exception {
            Doc doc = Doc.pdf("Document01", "DOC0001.PDF", INS, 100);
            doc.creationTime = "2024-13-45";
            assertThat(parse(XdmFixtures.metadata(insCx(INS), List.of(doc))).entries())
                .containsExactly(new XdsMetadata.Invalid("Document01", "creationTime"));
        }

        @Test
        void parseShouldTakeTheInstitutionAsAuthorWhenThereIsNoPerson() throws Exception {
            Doc doc = Doc.pdf("Document01", "DOC0001.PDF", INS, 100);
            String xml = XdmFixtures.metadata(insCx(INS), List.of(doc)).replaceAll("<rim:Slot name=\"authorPerson\">.*?</rim:Slot>", "");
            XdsDocumentEntry entry = ((XdsMetadata.Valid) parse(xml).entries().get(0)).entry();
            assertThat(entry.authors()).containsExactly(new Author("Hopital Exemple", Optional.empty(), Optional.empty()));
        }
    }

    @Nested
    class HostileInput {
        @Test
        void parseShouldRefuseWhenADoctypeDeclaresEntities() {
            String laughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                + "<SubmitObjectsRequest>&b;</SubmitObjectsRequest>";
            assertThatThrownBy(() -> parse(laughs)).isInstanceOfSatisfying(XdsMetadataException.class,
                e -> assertThat(e.refusal()).isEqualTo(PackageRefusal.MALFORMED_METADATA));
        }

        @Test
        void parseShouldIgnoreUriPartsWhenTheirNumberIsAbsurd() throws Exception {
            String xml = """
                <SubmitObjectsRequest><RegistryObjectList>
                  <ExtrinsicObject id="d1" mimeType="application/pdf">
                    <Slot name="URI"><ValueList><Value>99999999999999|A</Value><Value>1|B.PDF</Value></ValueList></Slot>
                  </ExtrinsicObject>
                </RegistryObjectList></SubmitObjectsRequest>
                """;
            assertThat(((XdsMetadata.Valid) parse(xml).entries().get(0)).entry().uri()).contains("B.PDF");
        }

        @Test
        void parseShouldRefuseWhenTruncated() {
            String xml = XdmFixtures.metadata(insCx(INS), List.of(Doc.pdf("Document01", "DOC0001.PDF", INS, 100)));
            assertThatThrownBy(() -> parse(xml.substring(0, xml.length() / 2))).isInstanceOfSatisfying(XdsMetadataException.class,
                e -> assertThat(e.refusal()).isEqualTo(PackageRefusal.MALFORMED_METADATA));
        }

        @Test
        void parseShouldRefuseWhenOverTheSizeLimit() {
            XdsMetadataParser small = new XdsMetadataParser(500, 100);
            String xml = XdmFixtures.metadata(insCx(INS), List.of(Doc.pdf("Document01", "DOC0001.PDF", INS, 100)));
            assertThatThrownBy(() -> small.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(XdsMetadataException.class, e -> assertThat(e.refusal()).isEqualTo(PackageRefusal.METADATA_TOO_LARGE));
        }

        @Test
        void parseShouldNotQuoteTheContentWhenItRefuses() {
            String xml = "<SubmitObjectsRequest><Secret>" + INS + "</Secret";
            assertThatThrownBy(() -> parse(xml)).hasMessageNotContaining(INS);
        }
    }
}
