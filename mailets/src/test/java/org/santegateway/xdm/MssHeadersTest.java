package org.santegateway.xdm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.santegateway.cda.CdaFixtures.INS;
import static org.santegateway.xdm.XdmFixtures.insCx;
import static org.santegateway.xdm.XdmFixtures.xdm;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.cda.CdaFixtures;
import org.santegateway.cda.CdaHeaderReader;
import org.santegateway.dmp.ContentSpooler;
import org.santegateway.xdm.XdmFixtures.Doc;

class MssHeadersTest {
    @TempDir
    Path spoolDirectory;

    private XdmPackage read(byte[] zip) {
        XdmReadResult result = new XdmPackageReader(XdmLimits.DEFAULTS, new ContentSpooler(spoolDirectory, 1 << 20), new CdaHeaderReader())
            .read(new ByteArrayInputStream(zip));
        return ((XdmReadResult.Read) result).xdmPackage();
    }

    private static Doc cda(String id, String code, String insRoot, String ins, String metadataPatientCx) {
        Doc doc = Doc.cda(id, id + ".XML", ins).patientCx(metadataPatientCx);
        doc.content(CdaFixtures.bytes(CdaFixtures.cda(insRoot, ins, code, "")));
        return doc.typeCode(code);
    }

    @Test
    void ofShouldGiveTheCodeAndOWhenACdaCarriesAQualifiedIns() {
        try (XdmPackage xdmPackage = read(xdm(insCx(INS), cda("DOC1", "34112-3", CdaFixtures.INS_NIR_OID, INS, insCx(INS))))) {
            assertThat(MssHeaders.of(xdmPackage)).contains(new MssHeaders("34112-3", "O"));
        }
    }

    @Test
    void ofShouldListEachCodeOnceInOrderWhenSeveralCdaArePresent() {
        try (XdmPackage xdmPackage = read(xdm(insCx(INS),
            cda("DOC1", "34112-3", CdaFixtures.INS_NIR_OID, INS, insCx(INS)),
            cda("DOC2", "11488-4", CdaFixtures.INS_NIR_OID, INS, insCx(INS)),
            cda("DOC3", "34112-3", CdaFixtures.INS_NIR_OID, INS, insCx(INS)),
            Doc.pdf("DOC4", "DOC4.PDF", INS, 100)))) {
            assertThat(MssHeaders.of(xdmPackage)).contains(new MssHeaders("34112-3,11488-4", "O"));
        }
    }

    @Test
    void ofShouldGiveNWhenNoQualifiedInsIsPresent() {
        String localId = "IPP-778899^^^&1.2.250.1.999.1.2&ISO";
        try (XdmPackage xdmPackage = read(xdm(localId, cda("DOC1", "11488-4", "1.2.250.1.999.1.2", "IPP-778899", localId)))) {
            assertThat(MssHeaders.of(xdmPackage)).contains(new MssHeaders("11488-4", "N"));
        }
    }

    @Test
    void ofShouldGiveNWhenTheInsIsMalformed() {
        String badIns = INS.substring(0, 13) + "00";
        String cx = badIns + "^^^&" + CdaFixtures.INS_NIR_OID + "&ISO";
        try (XdmPackage xdmPackage = read(xdm(cx, cda("DOC1", "11488-4", CdaFixtures.INS_NIR_OID, badIns, cx)))) {
            assertThat(MssHeaders.of(xdmPackage)).contains(new MssHeaders("11488-4", "N"));
        }
    }

    @Test
    void ofShouldBeAbsentWhenThePackageHasNoCda() {
        try (XdmPackage xdmPackage = read(xdm(insCx(INS), Doc.pdf("DOC1", "DOC1.PDF", INS, 100)))) {
            assertThat(MssHeaders.of(xdmPackage)).isEmpty();
        }
    }

    @Test
    void ofShouldBeAbsentWhenTheOnlyCdaWasRefused() {
        Doc refused = cda("DOC1", "11488-4", CdaFixtures.INS_NIR_OID, INS, insCx(INS)).declaredHash("0".repeat(40));
        try (XdmPackage xdmPackage = read(xdm(insCx(INS), refused))) {
            assertThat(MssHeaders.of(xdmPackage)).isEmpty();
        }
    }

    @Test
    void ofShouldDropACodeWhenItCouldInjectAHeader() {
        try (XdmPackage xdmPackage = read(xdm(insCx(INS),
            cda("DOC1", "11488-4&#13;&#10;Bcc: x@y", CdaFixtures.INS_NIR_OID, INS, insCx(INS)),
            cda("DOC2", "34112-3", CdaFixtures.INS_NIR_OID, INS, insCx(INS))))) {
            assertThat(MssHeaders.of(xdmPackage)).contains(new MssHeaders("34112-3", "O"));
        }
    }

    @Test
    void ofShouldCombinePackagesWhenTheMessageCarriesSeveral() {
        try (XdmPackage first = read(xdm(insCx(INS), Doc.pdf("DOC1", "DOC1.PDF", INS, 100)));
             XdmPackage second = read(xdm(insCx(INS), cda("DOC2", "34112-3", CdaFixtures.INS_NIR_OID, INS, insCx(INS))))) {
            assertThat(MssHeaders.of(List.of(first, second))).isEqualTo(Optional.of(new MssHeaders("34112-3", "O")));
        }
    }
}
