package org.santegateway.xdm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.santegateway.cda.CdaFixtures.INS;
import static org.santegateway.cda.CdaFixtures.OTHER_INS;
import static org.santegateway.xdm.XdmFixtures.insCx;
import static org.santegateway.xdm.XdmFixtures.xdm;
import static org.santegateway.xdm.XdmFixtures.xdmBuilder;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.cda.CdaFixtures;
import org.santegateway.cda.CdaHeaderReader;
import org.santegateway.dmp.Author;
import org.santegateway.dmp.CodedValue;
import org.santegateway.dmp.ContentSpooler;
import org.santegateway.dmp.DocumentOrigin;
import org.santegateway.dmp.IdentificationDecision;
import org.santegateway.dmp.Ins;
import org.santegateway.dmp.InsAuthority;
import org.santegateway.dmp.NewDocument;
import org.santegateway.dmp.PatientIdentification;
import org.santegateway.xdm.XdmFixtures.Doc;
import org.santegateway.xdm.XdmFixtures.ZipBuilder;

class XdmPackageReaderTest {
    @TempDir
    Path spoolDirectory;

    private XdmPackageReader reader() {
        return reader(XdmLimits.DEFAULTS);
    }

    private XdmPackageReader reader(XdmLimits limits) {
        return new XdmPackageReader(limits, new ContentSpooler(spoolDirectory, 64 * 1024), new CdaHeaderReader());
    }

    private XdmPackage read(byte[] zip) {
        XdmReadResult result = reader().read(new ByteArrayInputStream(zip));
        assertThat(result).isInstanceOf(XdmReadResult.Read.class);
        return ((XdmReadResult.Read) result).xdmPackage();
    }

    private PackageRefusal refusal(XdmPackageReader reader, byte[] zip) {
        XdmReadResult result = reader.read(new ByteArrayInputStream(zip));
        assertThat(result).isInstanceOf(XdmReadResult.Refused.class);
        return ((XdmReadResult.Refused) result).reason();
    }

    private DocumentRefusal onlyRefusal(XdmPackage xdmPackage) {
        assertThat(xdmPackage.documents()).hasSize(1);
        assertThat(xdmPackage.refused()).hasSize(1);
        return xdmPackage.refused().get(0).reason();
    }

    private static XdmLimits limits(long maxTotal, long maxEntry, int maxRatio) {
        return new XdmLimits(1000, maxTotal, maxEntry, 4 << 20, maxRatio, 1 << 20, 4 << 20, 200, true);
    }

    @Nested
    class WellFormedPackage {
        @Test
        void readShouldAcceptEveryDocumentWhenHashAndSizeMatch() throws IOException {
            Doc cda = Doc.cda("Document01", "DOC0001.XML", INS);
            Doc pdf = Doc.pdf("Document02", "DOC0002.PDF", INS, 150_000);
            try (XdmPackage xdmPackage = read(xdm(insCx(INS), cda, pdf))) {
                assertThat(xdmPackage.refused()).isEmpty();
                assertThat(xdmPackage.accepted()).extracting(XdmDocument::entryId).containsExactly("Document01", "Document02");
                XdmDocument.Accepted first = xdmPackage.accepted().get(0);
                try (InputStream in = first.content().openStream()) {
                    assertThat(in.readAllBytes()).isEqualTo(cda.content);
                }
                XdmDocument.Accepted second = xdmPackage.accepted().get(1);
                try (InputStream in = second.content().openStream()) {
                    assertThat(in.readAllBytes()).isEqualTo(pdf.content);
                }
                assertThat(second.cda()).isEmpty();
            }
        }

        @Test
        void readShouldExposeTheXdsMetadataWhenPresent() {
            try (XdmPackage xdmPackage = read(xdm(insCx(INS), Doc.cda("Document01", "DOC0001.XML", INS)))) {
                XdsDocumentEntry entry = xdmPackage.accepted().get(0).entry();
                assertThat(entry.mimeType()).isEqualTo("text/xml");
                assertThat(entry.typeCode()).contains(new CodedValue("11488-4", CodedValue.LOINC, Optional.of("Type")));
                assertThat(entry.title()).isEqualTo("Compte rendu de consultation");
                assertThat(entry.authors()).containsExactly(
                    new Author("Dr Jean MARTIN", Optional.of("810001234567"), Optional.of(CdaFixtures.RPPS_OID)));
                assertThat(entry.creationTime()).contains(Instant.parse("2024-01-15T09:30:00Z"));
                assertThat(entry.confidentiality()).map(CodedValue::code).contains("N");
                assertThat(entry.uniqueId()).contains("1.2.250.1.999.1.1.7^Document01");
                assertThat(entry.patientId()).map(id -> id.authorityOid()).contains(Optional.of(CdaFixtures.INS_NIR_OID));
            }
        }

        @Test
        void readShouldParseTheCdaHeaderWhenTheDocumentIsCda() {
            try (XdmPackage xdmPackage = read(xdm(insCx(INS), Doc.cda("Document01", "DOC0001.XML", INS)))) {
                XdmDocument.Accepted document = xdmPackage.accepted().get(0);
                assertThat(document.cda()).isPresent();
                assertThat(document.cda().get().code().code()).isEqualTo("11488-4");
            }
        }

        @Test
        void acceptedDocumentShouldBeFiledForTheAddresseeWhenItsInsMatches() {
            Ins patient = new Ins(INS);
            try (XdmPackage xdmPackage = read(xdm(insCx(INS), Doc.cda("Document01", "DOC0001.XML", INS)))) {
                XdmDocument.Accepted document = xdmPackage.accepted().get(0);
                IdentificationDecision decision = new PatientIdentification(ins -> true)
                    .decide(document.patientIdentifiers(), java.util.Set.of(patient));
                assertThat(decision).isEqualTo(new IdentificationDecision.File(patient, Optional.of(InsAuthority.NIR)));

                NewDocument filed = document.toNewDocument(patient, Optional.of(InsAuthority.NIR), "hash-of-message-id");
                assertThat(filed.origin()).isEqualTo(DocumentOrigin.XDM);
                assertThat(filed.typeCode()).map(CodedValue::code).contains("11488-4");
                assertThat(filed.mimeType()).isEqualTo("text/xml");
                assertThat(filed.author()).map(Author::displayName).contains("Dr Jean MARTIN");
            }
        }

        @Test
        void readShouldRefuseWithInconsistentInsWhenTheCdaNamesAnotherPatientThanTheMetadata() {
            Doc doc = Doc.cda("Document01", "DOC0001.XML", OTHER_INS).patientCx(insCx(INS));
            try (XdmPackage xdmPackage = read(xdm(insCx(INS), doc))) {
                IdentificationDecision decision = new PatientIdentification(ins -> true)
                    .decide(xdmPackage.accepted().get(0).patientIdentifiers(), java.util.Set.of(new Ins(INS)));
                assertThat(decision).isEqualTo(new IdentificationDecision.Refuse(org.santegateway.dmp.IntegrationError.INS_INCONSISTENT));
            }
        }

        @Test
        void readShouldFindTheFileByEntryIdWhenTheUriSlotIsMissing() {
            Doc doc = Doc.pdf("DOC0001", null, INS, 1000).fileName("DOC0001.PDF");
            try (XdmPackage xdmPackage = read(xdm(insCx(INS), doc))) {
                assertThat(xdmPackage.accepted()).hasSize(1);
            }
        }

        @Test
        void readShouldMatchNamesIgnoringCaseWhenTheUriDiffersInCase() {
            Doc doc = Doc.pdf("Document01", "doc0001.pdf", INS, 1000).fileName("DOC0001.PDF");
            try (XdmPackage xdmPackage = read(xdm(insCx(INS), doc))) {
                assertThat(xdmPackage.accepted()).hasSize(1);
            }
        }

        @Test
        void readShouldAcceptTheDocumentsWhenMetadataComesLast() {
            Doc pdf = Doc.pdf("Document01", "DOC0001.PDF", INS, 300_000);
            byte[] zip = new ZipBuilder()
                .entry("IHE_XDM/SUBSET01/DOC0001.PDF", pdf.content)
                .entry("IHE_XDM/SUBSET01/METADATA.XML", XdmFixtures.metadata(insCx(INS), List.of(pdf)))
                .build();
            try (XdmPackage xdmPackage = read(zip)) {
                assertThat(xdmPackage.accepted()).hasSize(1);
            }
        }

        @Test
        void readShouldReadEverySubsetWhenThereAreSeveral() {
            Doc first = Doc.pdf("Document01", "DOC0001.PDF", INS, 1000);
            Doc second = Doc.pdf("Document02", "DOC0001.PDF", INS, 2000);
            byte[] zip = new ZipBuilder()
                .entry("IHE_XDM/SUBSET01/METADATA.XML", XdmFixtures.metadata(insCx(INS), List.of(first)))
                .entry("IHE_XDM/SUBSET01/DOC0001.PDF", first.content)
                .entry("IHE_XDM/SUBSET02/METADATA.XML", XdmFixtures.metadata(insCx(INS), List.of(second)))
                .entry("IHE_XDM/SUBSET02/DOC0001.PDF", second.content)
                .build();
            try (XdmPackage xdmPackage = read(zip)) {
                assertThat(xdmPackage.accepted()).extracting(d -> d.content().size()).containsExactly(1000L, 2000L);
            }
        }

        @Test
        void readShouldGiveTheSameResultWhenTheZipArrivesInSmallPieces() {
            Doc cda = Doc.cda("Document01", "DOC0001.XML", INS);
            Doc pdf = Doc.pdf("Document02", "DOC0002.PDF", INS, 200_000);
            XdmReadResult result = reader().read(new TricklingInputStream(new ByteArrayInputStream(xdm(insCx(INS), cda, pdf))));
            assertThat(result).isInstanceOf(XdmReadResult.Read.class);
            try (XdmPackage xdmPackage = ((XdmReadResult.Read) result).xdmPackage()) {
                assertThat(xdmPackage.accepted()).hasSize(2);
            }
        }

        @Test
        void closeShouldDeleteTheTemporaryFilesWhenDocumentsWereSpooledToDisk() throws IOException {
            Doc big = Doc.pdf("Document01", "DOC0001.PDF", INS, 3_000_000);
            XdmLimits smallMemory = new XdmLimits(1000, 128L << 20, 32L << 20, 4 << 20, 100, 1 << 20, 0, 200, true);
            XdmReadResult result = reader(smallMemory).read(new ByteArrayInputStream(xdm(insCx(INS), big)));
            XdmPackage xdmPackage = ((XdmReadResult.Read) result).xdmPackage();
            XdmDocument.Accepted accepted = xdmPackage.accepted().get(0);
            assertThat(accepted.content().inMemory()).isFalse();
            Path file = accepted.content().file().orElseThrow();
            assertThat(containsSubsequence(Files.readAllBytes(file), Arrays.copyOfRange(big.content, 1000, 1064)))
                .as("the temporary file holds no plaintext").isFalse();
            try (InputStream in = accepted.content().openStream()) {
                assertThat(in.readAllBytes()).isEqualTo(big.content);
            }
            xdmPackage.close();
            assertThat(file).doesNotExist();
            try (Stream<Path> left = Files.list(spoolDirectory)) {
                assertThat(left).isEmpty();
            }
        }

        @Test
        void readShouldDeleteTheFilesNoDocumentReferencesWhenDone() throws IOException {
            Doc pdf = Doc.pdf("Document01", "DOC0001.PDF", INS, 1000);
            byte[] zip = xdmBuilder(insCx(INS), pdf).entry("IHE_XDM/SUBSET01/EXTRA.PDF", XdmFixtures.pdf(500_000, 3)).build();
            XdmLimits noMemory = new XdmLimits(1000, 128L << 20, 32L << 20, 4 << 20, 100, 1 << 20, 0, 200, true);
            XdmReadResult result = reader(noMemory).read(new ByteArrayInputStream(zip));
            try (XdmPackage xdmPackage = ((XdmReadResult.Read) result).xdmPackage(); Stream<Path> files = Files.list(spoolDirectory)) {
                assertThat(files).hasSize(1);
            }
        }
    }

    @Nested
    class RefusedDocuments {
        @Test
        void readShouldRefuseTheDocumentWhenTheDeclaredHashDiffers() {
            Doc doc = Doc.pdf("Document01", "DOC0001.PDF", INS, 1000).declaredHash("0".repeat(40));
            try (XdmPackage xdmPackage = read(xdm(insCx(INS), doc))) {
                assertThat(onlyRefusal(xdmPackage)).isEqualTo(DocumentRefusal.HASH_MISMATCH);
            }
        }

        @Test
        void readShouldRefuseOnlyTheBadDocumentWhenOthersAreSound() {
            Doc good = Doc.cda("Document01", "DOC0001.XML", INS);
            Doc bad = Doc.pdf("Document02", "DOC0002.PDF", INS, 1000).declaredHash("1".repeat(40));
            try (XdmPackage xdmPackage = read(xdm(insCx(INS), good, bad))) {
                assertThat(xdmPackage.accepted()).extracting(XdmDocument::entryId).containsExactly("Document01");
                assertThat(xdmPackage.refused()).extracting(XdmDocument.Refused::reason).containsExactly(DocumentRefusal.HASH_MISMATCH);
            }
        }

        @Test
        void readShouldAcceptAnUppercaseHashWhenItMatches() {
            Doc doc = Doc.pdf("Document01", "DOC0001.PDF", INS, 1000);
            doc.declaredHash(XdmFixtures.sha1(doc.content).toUpperCase(java.util.Locale.ROOT));
            try (XdmPackage xdmPackage = read(xdm(insCx(INS), doc))) {
                assertThat(xdmPackage.accepted()).hasSize(1);
            }
        }

        @Test
        void readShouldRefuseTheDocumentWhenTheDeclaredSizeDiffers() {
            Doc doc = Doc.pdf("Document01", "DOC0001.PDF", INS, 1000).declaredSize("999");
            try (XdmPackage xdmPackage = read(xdm(insCx(INS), doc))) {
                assertThat(onlyRefusal(xdmPackage)).isEqualTo(DocumentRefusal.SIZE_MISMATCH);
            }
        }

        @Test
        void readShouldRefuseTheDocumentWhenTheSizeIsNotANumber() {
            Doc doc = Doc.pdf("Document01", "DOC0001.PDF", INS, 1000).declaredSize("-1");
            try (XdmPackage xdmPackage = read(xdm(insCx(INS), doc))) {
                assertThat(onlyRefusal(xdmPackage)).isEqualTo(DocumentRefusal.INVALID_METADATA);
            }
        }

        @Test
        void readShouldRefuseTheDocumentWhenTheHashIsNotDeclared() {
            Doc doc = Doc.pdf("Document01", "DOC0001.PDF", INS, 1000);
            byte[] zip = new ZipBuilder()
                .entry("IHE_XDM/SUBSET01/METADATA.XML", XdmFixtures.metadata(insCx(INS), List.of(doc))
                    .replaceAll("<rim:Slot name=\"hash\">.*?</rim:Slot>", ""))
                .entry("IHE_XDM/SUBSET01/DOC0001.PDF", doc.content)
                .build();
            try (XdmPackage xdmPackage = read(zip)) {
                assertThat(onlyRefusal(xdmPackage)).isEqualTo(DocumentRefusal.MISSING_INTEGRITY);
            }
        }

        @Test
        void readShouldRefuseANestedZipWhenDeclaredAsZip() {
            byte[] nested = new ZipBuilder().entry("inner.pdf", XdmFixtures.pdf(100, 1)).build();
            Doc doc = Doc.pdf("Document01", "INNER.ZIP", INS, 10).content(nested).mimeType("application/zip");
            try (XdmPackage xdmPackage = read(xdm(insCx(INS), doc))) {
                assertThat(onlyRefusal(xdmPackage)).isEqualTo(DocumentRefusal.NESTED_ARCHIVE);
            }
        }

        @Test
        void readShouldRefuseANestedZipWhenDisguisedAsPdf() {
            byte[] nested = xdm(insCx(INS), Doc.pdf("Inner", "IN.PDF", INS, 100));
            Doc doc = Doc.pdf("Document01", "DOC0001.PDF", INS, 10).content(nested);
            try (XdmPackage xdmPackage = read(xdm(insCx(INS), doc))) {
                assertThat(onlyRefusal(xdmPackage)).isEqualTo(DocumentRefusal.NESTED_ARCHIVE);
            }
        }

        @Test
        void readShouldRefuseTheDocumentWhenItsTypeIsNotSupported() {
            Doc doc = Doc.pdf("Document01", "DOC0001.EXE", INS, 10)
                .content("MZ\u0090\u0000binary".getBytes(StandardCharsets.ISO_8859_1)).mimeType("application/x-msdownload");
            try (XdmPackage xdmPackage = read(xdm(insCx(INS), doc))) {
                assertThat(onlyRefusal(xdmPackage)).isEqualTo(DocumentRefusal.UNSUPPORTED_TYPE);
            }
        }

        @Test
        void readShouldRefuseTheDocumentWhenItsContentIsNotItsDeclaredType() {
            Doc doc = Doc.pdf("Document01", "DOC0001.PDF", INS, 10).content("not a pdf at all".getBytes(StandardCharsets.US_ASCII));
            try (XdmPackage xdmPackage = read(xdm(insCx(INS), doc))) {
                assertThat(onlyRefusal(xdmPackage)).isEqualTo(DocumentRefusal.CONTENT_MISMATCH);
            }
        }

        @Test
        void readShouldRefuseTheDocumentWhenTextXmlIsNotCda() {
            Doc doc = Doc.cda("Document01", "DOC0001.XML", INS).content("<html><body>x</body></html>".getBytes(StandardCharsets.UTF_8));
            try (XdmPackage xdmPackage = read(xdm(insCx(INS), doc))) {
                assertThat(onlyRefusal(xdmPackage)).isEqualTo(DocumentRefusal.INVALID_CDA);
            }
        }

        @Test
        void readShouldRefuseTheDocumentWhenTheCdaIsMalformed() {
            Doc doc = Doc.cda("Document01", "DOC0001.XML", INS).content("<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><code".getBytes(StandardCharsets.UTF_8));
            try (XdmPackage xdmPackage = read(xdm(insCx(INS), doc))) {
                assertThat(onlyRefusal(xdmPackage)).isEqualTo(DocumentRefusal.INVALID_CDA);
            }
        }

        @Test
        void readShouldRefuseTheDocumentWhenTheCdaAttemptsXxe() {
            String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><code code=\"&x;\" codeSystem=\"2.16.840.1.113883.6.1\"/></ClinicalDocument>";
            Doc doc = Doc.cda("Document01", "DOC0001.XML", INS).content(xxe.getBytes(StandardCharsets.UTF_8));
            try (XdmPackage xdmPackage = read(xdm(insCx(INS), doc))) {
                assertThat(onlyRefusal(xdmPackage)).isEqualTo(DocumentRefusal.INVALID_CDA);
            }
        }

        @Test
        void readShouldRefuseTheDocumentWhenItsFileIsMissing() {
            Doc doc = Doc.pdf("Document01", "DOC0001.PDF", INS, 100).noFile();
            try (XdmPackage xdmPackage = read(xdm(insCx(INS), doc))) {
                assertThat(onlyRefusal(xdmPackage)).isEqualTo(DocumentRefusal.MISSING_FILE);
            }
        }

        @Test
        void readShouldRefuseTheDocumentWhenItsUriTraversesOutOfTheSubset() {
            Doc doc = Doc.pdf("Document01", "../../README.TXT", INS, 100).noFile();
            try (XdmPackage xdmPackage = read(xdm(insCx(INS), doc))) {
                assertThat(onlyRefusal(xdmPackage)).isEqualTo(DocumentRefusal.UNSAFE_REFERENCE);
            }
        }

        @Test
        void readShouldRefuseTheDocumentWhenItsUriIsAbsoluteOrRemote() {
            for (String uri : List.of("/etc/passwd", "file:///etc/passwd", "http://example.org/doc.pdf", "C:\\doc.pdf")) {
                Doc doc = Doc.pdf("Document01", uri, INS, 100).noFile();
                try (XdmPackage xdmPackage = read(xdm(insCx(INS), doc))) {
                    assertThat(onlyRefusal(xdmPackage)).as(uri).isEqualTo(DocumentRefusal.UNSAFE_REFERENCE);
                }
            }
        }

        @Test
        void readShouldRefuseTheDocumentAloneWhenItIsOverTheEntryLimit() {
            Doc big = Doc.pdf("Document01", "DOC0001.PDF", INS, 300_000);
            Doc small = Doc.pdf("Document02", "DOC0002.PDF", INS, 1000);
            XdmReadResult result = reader(limits(128L << 20, 200_000, 100)).read(new ByteArrayInputStream(xdm(insCx(INS), big, small)));
            try (XdmPackage xdmPackage = ((XdmReadResult.Read) result).xdmPackage()) {
                assertThat(xdmPackage.refused()).extracting(XdmDocument.Refused::reason).containsExactly(DocumentRefusal.TOO_LARGE);
                assertThat(xdmPackage.accepted()).extracting(XdmDocument::entryId).containsExactly("Document02");
            }
        }

        @Test
        void readShouldRefuseTheDocumentWhenItsMetadataHasNoMimeType() {
            Doc doc = Doc.pdf("Document01", "DOC0001.PDF", INS, 100);
            byte[] zip = new ZipBuilder()
                .entry("IHE_XDM/SUBSET01/METADATA.XML", XdmFixtures.metadata(insCx(INS), List.of(doc)).replace(" mimeType=\"application/pdf\"", ""))
                .entry("IHE_XDM/SUBSET01/DOC0001.PDF", doc.content)
                .build();
            try (XdmPackage xdmPackage = read(zip)) {
                assertThat(onlyRefusal(xdmPackage)).isEqualTo(DocumentRefusal.INVALID_METADATA);
            }
        }
    }

    @Nested
    class RefusedPackages {
        @Test
        void readShouldRefuseAsZipBombWhenTheRatioIsTooHigh() {
            byte[] zip = xdmBuilder(insCx(INS), Doc.pdf("Document01", "DOC0001.PDF", INS, 100))
                .zeros("IHE_XDM/SUBSET01/BOMB.PDF", 20L << 20).build();
            assertThat(zip.length).isLessThan(100_000);
            assertThat(refusal(reader(), zip)).isEqualTo(PackageRefusal.ZIP_BOMB);
        }

        @Test
        void readShouldRefuseAsZipBombWhenAnEntryOutsideTheSubsetsInflatesTooMuch() {
            byte[] zip = xdmBuilder(insCx(INS), Doc.pdf("Document01", "DOC0001.PDF", INS, 100))
                .zeros("README.TXT.BAK", 50L << 20).build();
            assertThat(refusal(reader(), zip)).isEqualTo(PackageRefusal.ZIP_BOMB);
        }

        @Test
        void readShouldRefuseAsTooLargeWhenTheTotalIsOverTheLimit() {
            Doc a = Doc.pdf("Document01", "DOC0001.PDF", INS, 600_000);
            Doc b = Doc.pdf("Document02", "DOC0002.PDF", INS, 600_000);
            assertThat(refusal(reader(limits(1_000_000, 32L << 20, 1_000_000)), xdm(insCx(INS), a, b)))
                .isEqualTo(PackageRefusal.TOO_LARGE);
        }

        @Test
        void readShouldRefuseAsTooLargeWhenManyEntriesStayBelowTheRatioButAddUp() {
            ZipBuilder zip = xdmBuilder(insCx(INS), Doc.pdf("Document01", "DOC0001.PDF", INS, 100));
            for (int i = 0; i < 5; i++) {
                zip.entry("IHE_XDM/SUBSET01/FILLER" + i + ".PDF", XdmFixtures.pdf(400_000, i));
            }
            assertThat(refusal(reader(limits(1_500_000, 32L << 20, 100)), zip.build())).isEqualTo(PackageRefusal.TOO_LARGE);
        }

        @Test
        void readShouldRefuseWhenAnEntryNameTraversesUp() {
            byte[] zip = xdmBuilder(insCx(INS), Doc.pdf("Document01", "DOC0001.PDF", INS, 100))
                .entry("IHE_XDM/SUBSET01/../../../etc/cron.d/evil", "x").build();
            assertThat(refusal(reader(), zip)).isEqualTo(PackageRefusal.UNSAFE_ENTRY_NAME);
        }

        @Test
        void readShouldRefuseWhenAnEntryNameIsAbsoluteOrUsesBackslashes() {
            for (String name : List.of("/etc/passwd", "IHE_XDM\\SUBSET01\\DOC.PDF", "C:/Windows/evil.dll", "IHE_XDM//SUBSET01/X",
                "IHE_XDM/./SUBSET01/X", "IHE_XDM/SUBSET01/A\u0000.PDF")) {
                byte[] zip = xdmBuilder(insCx(INS), Doc.pdf("Document01", "DOC0001.PDF", INS, 100)).entry(name, "x").build();
                assertThat(refusal(reader(), zip)).as(name).isEqualTo(PackageRefusal.UNSAFE_ENTRY_NAME);
            }
        }

        @Test
        void readShouldRefuseWhenTwoEntriesHaveTheSameName() {
            Doc doc = Doc.pdf("Document01", "DOC0001.PDF", INS, 100);
            byte[] zip = xdmBuilder(insCx(INS), doc).entry("IHE_XDM/SUBSET01/doc0001.pdf", XdmFixtures.pdf(100, 9)).build();
            assertThat(refusal(reader(), zip)).isEqualTo(PackageRefusal.DUPLICATE_ENTRY);
        }

        @Test
        void readShouldRefuseAsNotXdmWhenThereIsNoMetadata() {
            byte[] zip = new ZipBuilder().entry("IHE_XDM/SUBSET01/DOC0001.PDF", XdmFixtures.pdf(100, 1)).entry("README.TXT", "x").build();
            assertThat(refusal(reader(), zip)).isEqualTo(PackageRefusal.MISSING_METADATA);
        }

        @Test
        void readShouldRefuseAsNotXdmWhenMetadataIsOutsideASubset() {
            byte[] zip = new ZipBuilder().entry("METADATA.XML", XdmFixtures.metadata(insCx(INS), List.of())).build();
            assertThat(refusal(reader(), zip)).isEqualTo(PackageRefusal.MISSING_METADATA);
        }

        @Test
        void readShouldRefuseWhenTheMetadataIsMalformed() {
            byte[] zip = new ZipBuilder().entry("IHE_XDM/SUBSET01/METADATA.XML", "<lcm:SubmitObjectsRequest xmlns:lcm=\"x\"><unclosed>").build();
            assertThat(refusal(reader(), zip)).isEqualTo(PackageRefusal.MALFORMED_METADATA);
        }

        @Test
        void readShouldRefuseWhenTheMetadataAttemptsXxe() {
            String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                + "<lcm:SubmitObjectsRequest xmlns:lcm=\"urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0\">&xxe;</lcm:SubmitObjectsRequest>";
            byte[] zip = new ZipBuilder().entry("IHE_XDM/SUBSET01/METADATA.XML", xxe).build();
            assertThat(refusal(reader(), zip)).isEqualTo(PackageRefusal.MALFORMED_METADATA);
        }

        @Test
        void readShouldRefuseWhenTheMetadataIsNotXds() {
            byte[] zip = new ZipBuilder().entry("IHE_XDM/SUBSET01/METADATA.XML", "<html/>").build();
            assertThat(refusal(reader(), zip)).isEqualTo(PackageRefusal.MALFORMED_METADATA);
        }

        @Test
        void readShouldRefuseWhenTheMetadataIsOverItsLimit() {
            XdmLimits small = new XdmLimits(1000, 128L << 20, 32L << 20, 1000, 100, 1 << 20, 4 << 20, 200, true);
            assertThat(refusal(reader(small), xdm(insCx(INS), Doc.pdf("Document01", "DOC0001.PDF", INS, 100))))
                .isEqualTo(PackageRefusal.METADATA_TOO_LARGE);
        }

        @Test
        void readShouldRefuseWhenThereAreTooManyEntries() {
            ZipBuilder zip = xdmBuilder(insCx(INS), Doc.pdf("Document01", "DOC0001.PDF", INS, 100));
            for (int i = 0; i < 20; i++) {
                zip.entry("extra" + i + ".txt", "x");
            }
            XdmLimits few = new XdmLimits(10, 128L << 20, 32L << 20, 4 << 20, 100, 1 << 20, 4 << 20, 200, true);
            assertThat(refusal(reader(few), zip.build())).isEqualTo(PackageRefusal.TOO_MANY_ENTRIES);
        }

        @Test
        void readShouldRefuseWhenTheMetadataListsTooManyDocuments() {
            Doc[] docs = new Doc[5];
            for (int i = 0; i < docs.length; i++) {
                docs[i] = Doc.pdf("Document0" + i, "DOC000" + i + ".PDF", INS, 100);
            }
            XdmLimits few = new XdmLimits(1000, 128L << 20, 32L << 20, 4 << 20, 100, 1 << 20, 4 << 20, 3, true);
            assertThat(refusal(reader(few), xdm(insCx(INS), docs))).isEqualTo(PackageRefusal.TOO_MANY_DOCUMENTS);
        }

        @Test
        void readShouldRefuseAsCorruptWhenTheZipIsTruncatedInsideAnEntry() {
            byte[] zip = xdm(insCx(INS), Doc.pdf("Document01", "DOC0001.PDF", INS, 100_000));
            assertThat(refusal(reader(), Arrays.copyOf(zip, zip.length / 2))).isEqualTo(PackageRefusal.CORRUPT);
        }

        @Test
        void readShouldRefuseAsCorruptWhenTheZipIsTruncatedAtAnyPoint() {
            byte[] zip = xdm(insCx(INS), Doc.pdf("Document01", "DOC0001.PDF", INS, 2_000));
            for (int length = 0; length < zip.length; length += 7) {
                XdmReadResult result = reader().read(new ByteArrayInputStream(Arrays.copyOf(zip, length)));
                assertThat(result).as("cut at %d of %d", length, zip.length).isInstanceOf(XdmReadResult.Refused.class);
            }
        }

        @Test
        void readShouldRefuseAsCorruptWhenTheZipIsCutAtAnEntryBoundary() {
            Doc doc = Doc.pdf("Document01", "DOC0001.PDF", INS, 1000);
            byte[] complete = xdm(insCx(INS), doc);
            // The same entries without the central directory: a stream cut right after the last entry.
            int centralDirectory = indexOf(complete, new byte[] {'P', 'K', 1, 2});
            assertThat(refusal(reader(), Arrays.copyOf(complete, centralDirectory))).isEqualTo(PackageRefusal.CORRUPT);
        }

        @Test
        void readShouldRefuseAsCorruptWhenTheInputIsNotAZip() {
            assertThat(refusal(reader(), "%PDF-1.7 not a zip".getBytes(StandardCharsets.US_ASCII))).isEqualTo(PackageRefusal.CORRUPT);
            assertThat(refusal(reader(), new byte[0])).isEqualTo(PackageRefusal.CORRUPT);
        }

        @Test
        void readShouldRefuseAsCorruptWhenAByteOfAnEntryIsAltered() {
            Doc doc = Doc.pdf("Document01", "DOC0001.PDF", INS, 5000);
            byte[] zip = xdm(insCx(INS), doc);
            int at = indexOf(zip, Arrays.copyOfRange(doc.content, 0, 9));
            byte[] altered = zip.clone();
            if (at >= 0) {
                altered[at + 2000] ^= 1;
            } else {
                altered[zip.length / 2] ^= 1;
            }
            assertThat(refusal(reader(), altered)).isEqualTo(PackageRefusal.CORRUPT);
        }

        @Test
        void readShouldRefuseAsTemporaryIoErrorWhenTheStreamFails() {
            InputStream failing = new FilterInputStream(new ByteArrayInputStream(xdm(insCx(INS), Doc.pdf("D", "D.PDF", INS, 100_000)))) {
                private int reads;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (++reads > 3) {
                        throw new IOException("connection reset");
                    }
                    return super.read(b, off, len);
                }
            };
            XdmReadResult result = reader().read(failing);
            assertThat(result).isEqualTo(new XdmReadResult.Refused(PackageRefusal.IO_ERROR));
            assertThat(PackageRefusal.IO_ERROR.temporary()).isTrue();
        }

        @Test
        void readShouldLeaveNoTemporaryFileWhenThePackageIsRefused() throws IOException {
            Doc big = Doc.pdf("Document01", "DOC0001.PDF", INS, 2_000_000);
            byte[] zip = xdmBuilder(insCx(INS), big).entry("../evil", "x").build();
            XdmLimits noMemory = new XdmLimits(1000, 128L << 20, 32L << 20, 4 << 20, 100, 1 << 20, 0, 200, true);
            assertThat(refusal(reader(noMemory), zip)).isEqualTo(PackageRefusal.UNSAFE_ENTRY_NAME);
            try (Stream<Path> left = Files.list(spoolDirectory)) {
                assertThat(left).isEmpty();
            }
        }
    }

    @Test
    void readShouldLeaveTheCallersStreamOpenWhenDone() {
        boolean[] closed = {false};
        InputStream input = new FilterInputStream(new ByteArrayInputStream(xdm(insCx(INS), Doc.pdf("D", "D.PDF", INS, 100)))) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        XdmReadResult result = reader().read(input);
        ((XdmReadResult.Read) result).xdmPackage().close();
        assertThat(closed[0]).isFalse();
    }

    @Test
    void isXdmFileNameShouldMatchTheConventionalNameInAnyCase() {
        assertThat(XdmPackageReader.isXdmFileName("IHE_XDM.ZIP")).isTrue();
        assertThat(XdmPackageReader.isXdmFileName("ihe_xdm.zip")).isTrue();
        assertThat(XdmPackageReader.isXdmFileName("archive.zip")).isFalse();
        assertThat(XdmPackageReader.isXdmFileName(null)).isFalse();
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static boolean containsSubsequence(byte[] haystack, byte[] needle) {
        return indexOf(haystack, needle) >= 0;
    }

    /** Gives at most 1 to 7 bytes per read, as a slow network would. */
    static final class TricklingInputStream extends FilterInputStream {
        private int next;

        TricklingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            next = next % 7 + 1;
            return super.read(b, off, Math.min(len, next));
        }
    }
}
