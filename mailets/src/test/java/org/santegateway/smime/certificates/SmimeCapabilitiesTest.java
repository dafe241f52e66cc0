package org.santegateway.smime.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.smime.SMIMEAttributes;
import org.bouncycastle.asn1.smime.SMIMECapabilitiesAttribute;
import org.bouncycastle.asn1.smime.SMIMECapabilityVector;
import org.bouncycastle.cms.CMSAlgorithm;
import org.junit.jupiter.api.Test;

class SmimeCapabilitiesTest {
    @Test
    void noAttributeShouldGiveTheDefaultGcm() {
        assertThat(SmimeCapabilities.fromSignedAttributes(null)).isEqualTo(SmimeCapabilities.NONE_ANNOUNCED);
        assertThat(SmimeCapabilities.fromSignedAttributes(new AttributeTable(new ASN1EncodableVector())).contentEncryption())
            .isEqualTo(ContentEncryption.AES_256_GCM);
    }

    @Test
    void capabilitiesWithGcmShouldGiveGcm() {
        SmimeCapabilities capabilities = SmimeCapabilities.fromSignedAttributes(table(CMSAlgorithm.AES256_CBC, CMSAlgorithm.AES128_GCM));

        assertThat(capabilities.announced()).contains(List.of(CMSAlgorithm.AES256_CBC.getId(), CMSAlgorithm.AES128_GCM.getId()));
        assertThat(capabilities.contentEncryption()).isEqualTo(ContentEncryption.AES_256_GCM);
    }

    @Test
    void capabilitiesWithoutGcmShouldGiveCbc() {
        assertThat(SmimeCapabilities.fromSignedAttributes(table(CMSAlgorithm.AES256_CBC, CMSAlgorithm.AES128_CBC)).contentEncryption())
            .isEqualTo(ContentEncryption.AES_256_CBC);
    }

    @Test
    void nothingAnnouncedShouldKeepTheDefaultOaep() {
        assertThat(SmimeCapabilities.NONE_ANNOUNCED.keyTransport()).isEqualTo(KeyTransport.RSA_OAEP_SHA256);
    }

    @Test
    void gcmAnnouncedShouldGiveOaepEvenWithoutOaepAnnounced() {
        assertThat(SmimeCapabilities.fromSignedAttributes(table(CMSAlgorithm.AES256_GCM, CMSAlgorithm.AES256_CBC)).keyTransport())
            .isEqualTo(KeyTransport.RSA_OAEP_SHA256);
    }

    @Test
    void onlyCbcAnnouncedShouldGivePkcs1UnlessOaepIsAnnounced() {
        SmimeCapabilities cbcOnly = SmimeCapabilities.fromSignedAttributes(table(CMSAlgorithm.AES256_CBC, CMSAlgorithm.AES128_CBC));
        SmimeCapabilities cbcAndOaep = SmimeCapabilities.fromSignedAttributes(table(CMSAlgorithm.AES256_CBC, PKCSObjectIdentifiers.id_RSAES_OAEP));

        assertThat(cbcOnly.keyTransport()).isEqualTo(KeyTransport.RSA_PKCS1_V1_5);
        assertThat(cbcAndOaep.contentEncryption()).isEqualTo(ContentEncryption.AES_256_CBC);
        assertThat(cbcAndOaep.keyTransport()).isEqualTo(KeyTransport.RSA_OAEP_SHA256);
    }

    @Test
    void capabilitiesListingOnlyWeakCiphersShouldNeverGiveAWeakOne() {
        // The choice is between the two encryptions we send; 3DES is never used.
        assertThat(SmimeCapabilities.fromSignedAttributes(table(CMSAlgorithm.DES_EDE3_CBC, PKCSObjectIdentifiers.RC2_CBC)).contentEncryption())
            .isEqualTo(ContentEncryption.AES_256_CBC);
    }

    @Test
    void malformedAttributeShouldAnnounceNothing() {
        Attribute garbage = new Attribute(SMIMEAttributes.smimeCapabilities, new DERSet(new DERUTF8String("not a sequence")));
        ASN1EncodableVector vector = new ASN1EncodableVector();
        vector.add(garbage);

        assertThat(SmimeCapabilities.fromSignedAttributes(new AttributeTable(vector))).isEqualTo(SmimeCapabilities.NONE_ANNOUNCED);
    }

    @Test
    void aVeryLongListShouldBeCapped() {
        SMIMECapabilityVector capabilities = new SMIMECapabilityVector();
        for (int i = 0; i < 1000; i++) {
            capabilities.addCapability(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.3." + i));
        }
        ASN1EncodableVector vector = new ASN1EncodableVector();
        vector.add(new SMIMECapabilitiesAttribute(capabilities));

        assertThat(SmimeCapabilities.fromSignedAttributes(new AttributeTable(vector)).announced())
            .hasValueSatisfying(oids -> assertThat(oids).hasSize(SmimeCapabilities.MAX_CAPABILITIES));
    }

    private static AttributeTable table(org.bouncycastle.asn1.ASN1ObjectIdentifier... oids) {
        SMIMECapabilityVector capabilities = new SMIMECapabilityVector();
        for (var oid : oids) {
            capabilities.addCapability(oid);
        }
        ASN1EncodableVector vector = new ASN1EncodableVector();
        vector.add(new SMIMECapabilitiesAttribute(capabilities));
        return new AttributeTable(vector);
    }
}
