package org.santegateway.cda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.santegateway.cda.CdaFixtures.INS;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.santegateway.dmp.Author;
import org.santegateway.dmp.CodedValue;
import org.santegateway.dmp.IdentificationDecision;
import org.santegateway.dmp.Ins;
import org.santegateway.dmp.InsAuthority;
import org.santegateway.dmp.IntegrationError;
import org.santegateway.dmp.PatientIdentification;
import org.santegateway.dmp.PatientIdentifier;

class CdaHeaderReaderTest {
    private final CdaHeaderReader reader = new CdaHeaderReader();

    private CdaHeader read(String xml) throws CdaException {
        return reader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static CdaException.Reason reasonOf(ThrowingRead read) {
        try {
            read.run();
        } catch (CdaException e) {
            return e.reason();
        }
        throw new AssertionError("expected a CdaException");
    }

    @FunctionalInterface
    interface ThrowingRead {
        void run() throws CdaException;
    }

    @Nested
    class Header {
        @Test
        void readShouldReturnTheHeaderFieldsWhenTheDocumentIsACdaR2() throws CdaException {
            CdaHeader header = read(CdaFixtures.cda(INS));
            assertThat(header.code()).isEqualTo(new CodedValue("11488-4", CodedValue.LOINC, Optional.of("Compte rendu de consultation")));
            assertThat(header.title()).contains("Compte rendu de consultation de cardiologie");
            assertThat(header.effectiveTime()).contains(Instant.parse("2024-01-15T09:30:00Z"));
            assertThat(header.confidentiality()).map(CodedValue::code).contains("N");
            assertThat(header.uniqueId()).contains("1.2.250.1.999.1.1.7^DOC-2024-0042");
            assertThat(header.authors()).containsExactly(
                new Author("Dr Jean MARTIN", Optional.of("810001234567"), Optional.of(CdaFixtures.RPPS_OID)));
        }

        @Test
        void readShouldReturnEveryPatientIdWhenThePatientRoleHasSeveral() throws CdaException {
            CdaHeader header = read(CdaFixtures.cda(INS));
            assertThat(header.patientIdentifiers()).containsExactly(
                PatientIdentifier.fromIi("1.2.250.1.999.1.2", "IPP-778899"),
                PatientIdentifier.fromIi(CdaFixtures.INS_NIR_OID, INS));
        }

        @Test
        void toNewDocumentShouldCarryTheHeaderWhenFilingABareCda() throws CdaException {
            CdaHeader header = read(CdaFixtures.cda(INS));
            org.santegateway.dmp.NewDocument document = header.toNewDocument(new Ins(INS), Optional.of(InsAuthority.NIR), "h");
            assertThat(document.origin()).isEqualTo(org.santegateway.dmp.DocumentOrigin.CDA);
            assertThat(document.typeCode()).contains(header.code());
            assertThat(document.title()).isEqualTo("Compte rendu de consultation de cardiologie");
            assertThat(document.author()).map(Author::displayName).contains("Dr Jean MARTIN");
            assertThat(document.creationTime()).isEqualTo(header.effectiveTime());
            assertThat(document.mimeType()).isEqualTo("text/xml");
        }

        @Test
        void readShouldQualifyTheInsWhenItCarriesTheNiaOid() throws CdaException {
            CdaHeader header = read(CdaFixtures.cda(CdaFixtures.INS_NIA_OID, INS, "11488-4", ""));
            IdentificationDecision decision = new PatientIdentification(ins -> true).decide(header.patientIdentifiers(), java.util.Set.of());
            assertThat(decision).isEqualTo(new IdentificationDecision.File(new Ins(INS), Optional.of(InsAuthority.NIA)));
        }

        @Test
        void readShouldLeadToInsMissingWhenThePatientHasNoInsId() throws CdaException {
            CdaHeader header = read(CdaFixtures.cda("1.2.250.1.999.1.2", "IPP-1", "11488-4", ""));
            IdentificationDecision decision = new PatientIdentification(ins -> true).decide(header.patientIdentifiers(), java.util.Set.of());
            assertThat(decision).isEqualTo(new IdentificationDecision.Refuse(IntegrationError.INS_MISSING));
        }

        @Test
        void readShouldAcceptTheCorsicanFormWhenTheInsHasADepartment2A() throws CdaException {
            CdaHeader header = read(CdaFixtures.cda(CdaFixtures.CORSICAN_INS));
            assertThat(header.patientIdentifiers().get(1).insStatus()).isInstanceOf(PatientIdentifier.InsStatus.Qualified.class);
        }

        @Test
        void readShouldStopAtTheBodyWhenTheBodyIsLargerThanTheLimit() throws CdaException {
            CdaHeaderReader small = new CdaHeaderReader(64 * 1024);
            String big = "x".repeat(5 * 1024 * 1024);
            CdaHeader header = small.read(new ByteArrayInputStream(CdaFixtures.bytes(CdaFixtures.cda(CdaFixtures.INS_NIR_OID, INS, "11488-4", big))));
            assertThat(header.code().code()).isEqualTo("11488-4");
        }

        @Test
        void readShouldGiveTheSameHeaderWhenTheInputArrivesByteByByte() throws CdaException {
            InputStream trickle = new java.io.FilterInputStream(new ByteArrayInputStream(CdaFixtures.bytes(CdaFixtures.cda(INS)))) {
                @Override
                public int read(byte[] b, int off, int len) throws java.io.IOException {
                    return super.read(b, off, Math.min(len, 1));
                }
            };
            assertThat(reader.read(trickle)).isEqualTo(read(CdaFixtures.cda(INS)));
        }
    }

    @Nested
    class BadInput {
        @Test
        void readShouldRefuseAsNotCdaWhenTheNamespaceIsWrong() {
            String xml = CdaFixtures.cda(INS).replace("xmlns=\"urn:hl7-org:v3\"", "xmlns=\"urn:example\"");
            assertThat(reasonOf(() -> read(xml))).isEqualTo(CdaException.Reason.NOT_CDA);
        }

        @Test
        void readShouldRefuseAsNotCdaWhenTheRootIsAnotherElement() {
            assertThat(reasonOf(() -> read("<html xmlns=\"urn:hl7-org:v3\"/>"))).isEqualTo(CdaException.Reason.NOT_CDA);
        }

        @Test
        void readShouldRefuseWhenTheDocumentCodeIsMissing() {
            String xml = CdaFixtures.cda(INS).replaceFirst("<code code=\"11488-4\" codeSystem=\"2.16.840.1.113883.6.1\"", "<code nullFlavor=\"UNK\"");
            assertThat(reasonOf(() -> read(xml))).isEqualTo(CdaException.Reason.MISSING_CODE);
        }

        @Test
        void readShouldRefuseWhenTheXmlIsMalformed() {
            assertThat(reasonOf(() -> read("<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><code></ClinicalDocument>")))
                .isEqualTo(CdaException.Reason.MALFORMED_XML);
            assertThat(reasonOf(() -> read("not xml at all"))).isEqualTo(CdaException.Reason.MALFORMED_XML);
            assertThat(reasonOf(() -> read(""))).isEqualTo(CdaException.Reason.MALFORMED_XML);
        }

        @Test
        void readShouldRefuseWhenTheHeaderIsTruncated() {
            String xml = CdaFixtures.cda(INS);
            String truncated = xml.substring(0, xml.indexOf("<author>"));
            assertThat(reasonOf(() -> read(truncated))).isEqualTo(CdaException.Reason.MALFORMED_XML);
        }

        @Test
        void readShouldRefuseWithoutResolvingWhenAnExternalEntityIsDeclared() {
            String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE ClinicalDocument [<!ENTITY ins SYSTEM \"file:///etc/hostname\">]>\n"
                + "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><code code=\"11488-4\" codeSystem=\"2.16.840.1.113883.6.1\"/>"
                + "<title>&ins;</title></ClinicalDocument>";
            assertThat(reasonOf(() -> read(xxe))).isEqualTo(CdaException.Reason.DOCTYPE_NOT_ALLOWED);
        }

        @Test
        void readShouldRefuseWhenAParameterEntityPointsOutside() {
            String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/evil.dtd\"> %p;]>"
                + "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"/>";
            assertThat(reasonOf(() -> read(xxe))).isIn(CdaException.Reason.DOCTYPE_NOT_ALLOWED, CdaException.Reason.MALFORMED_XML);
        }

        @Test
        void readShouldRefuseAsTooLargeWhenTheHeaderRunsPastTheLimit() {
            CdaHeaderReader small = new CdaHeaderReader(4096);
            String xml = CdaFixtures.cda(INS).replace("<title>", "<title>" + "y".repeat(10_000));
            assertThat(reasonOf(() -> small.read(new ByteArrayInputStream(CdaFixtures.bytes(xml))))).isEqualTo(CdaException.Reason.TOO_LARGE);
        }

        @Test
        void readShouldRefuseAsTooLargeWhenTheStreamNeverEnds() {
            CdaHeaderReader small = new CdaHeaderReader(100_000);
            InputStream endless = new SequenceInputStream(
                new ByteArrayInputStream("<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><title>".getBytes(StandardCharsets.US_ASCII)),
                new InputStream() {
                    @Override
                    public int read() {
                        return 'z';
                    }
                });
            assertThat(reasonOf(() -> small.read(endless))).isEqualTo(CdaException.Reason.TOO_LARGE);
        }

        @Test
        void readShouldNotQuoteTheDocumentWhenItRefuses() {
            String xml = "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><id extension=\"" + INS + "\"></ClinicalDocument>";
            assertThatThrownBy(() -> read(xml)).hasMessageNotContaining(INS);
        }
    }
}
