package org.santegateway.smime.cms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AlgorithmPolicyTest {
    private static final ASN1ObjectIdentifier UNKNOWN = new ASN1ObjectIdentifier("1.2.3.4.5");

    private static AlgorithmIdentifier id(ASN1ObjectIdentifier oid) {
        return new AlgorithmIdentifier(oid, DERNull.INSTANCE);
    }

    @Nested
    class Digests {
        @Test
        void checkDigestShouldNameAnAllowedDigest() throws AlgorithmRefusedException {
            assertThat(AlgorithmPolicy.checkDigest(id(NISTObjectIdentifiers.id_sha256))).isEqualTo("SHA-256");
            assertThat(AlgorithmPolicy.checkDigest(id(NISTObjectIdentifiers.id_sha512))).isEqualTo("SHA-512");
        }

        @Test
        void checkDigestShouldRefuseAsWeakWhenSha1() {
            assertThatThrownBy(() -> AlgorithmPolicy.checkDigest(id(OIWObjectIdentifiers.idSHA1)))
                .isInstanceOfSatisfying(AlgorithmRefusedException.class, e -> assertThat(e.isWeak()).isTrue())
                .hasMessage("SHA-1 digest");
        }

        @Test
        void checkDigestShouldRefuseAsUnsupportedWhenUnknown() {
            assertThatThrownBy(() -> AlgorithmPolicy.checkDigest(id(UNKNOWN)))
                .isInstanceOfSatisfying(AlgorithmRefusedException.class, e -> assertThat(e.isWeak()).isFalse())
                .hasMessage("digest algorithm 1.2.3.4.5");
        }
    }

    @Nested
    class Signatures {
        @Test
        void checkSignatureShouldAcceptSha256WithRsa() {
            assertThatCode(() -> AlgorithmPolicy.checkSignature(id(PKCSObjectIdentifiers.sha256WithRSAEncryption))).doesNotThrowAnyException();
        }

        @Test
        void checkSignatureShouldRefuseAsWeakWhenSha1WithRsa() {
            assertThatThrownBy(() -> AlgorithmPolicy.checkSignature(id(PKCSObjectIdentifiers.sha1WithRSAEncryption)))
                .isInstanceOfSatisfying(AlgorithmRefusedException.class, e -> assertThat(e.isWeak()).isTrue())
                .hasMessage("SHA1withRSA signature");
        }
    }

    @Nested
    class ContentEncryption {
        @Test
        void checkContentEncryptionShouldAcceptGcmOnlyInAuthEnvelopedData() throws AlgorithmRefusedException {
            AlgorithmIdentifier gcm = new AlgorithmIdentifier(CMSAlgorithm.AES256_GCM, new GCMParameters(new byte[12], 16));

            assertThat(AlgorithmPolicy.checkContentEncryption(gcm, true)).isEqualTo("AES-256-GCM");
            assertThatThrownBy(() -> AlgorithmPolicy.checkContentEncryption(gcm, false))
                .isInstanceOfSatisfying(AlgorithmRefusedException.class, e -> assertThat(e.isWeak()).isFalse())
                .hasMessage("content encryption " + CMSAlgorithm.AES256_GCM.getId() + " in EnvelopedData");
        }

        @Test
        void checkContentEncryptionShouldAcceptCbcOnlyInEnvelopedData() throws AlgorithmRefusedException {
            AlgorithmIdentifier cbc = new AlgorithmIdentifier(CMSAlgorithm.AES128_CBC, new DEROctetString(new byte[16]));

            assertThat(AlgorithmPolicy.checkContentEncryption(cbc, false)).isEqualTo("AES-128-CBC");
            assertThatThrownBy(() -> AlgorithmPolicy.checkContentEncryption(cbc, true)).isInstanceOf(AlgorithmRefusedException.class);
        }

        @Test
        void checkContentEncryptionShouldRefuseAsWeakWhenTheGcmTagIsShorterThan96Bits() {
            AlgorithmIdentifier shortTag = new AlgorithmIdentifier(CMSAlgorithm.AES256_GCM, new GCMParameters(new byte[12], 8));

            assertThatThrownBy(() -> AlgorithmPolicy.checkContentEncryption(shortTag, true))
                .isInstanceOfSatisfying(AlgorithmRefusedException.class, e -> assertThat(e.isWeak()).isTrue())
                .hasMessage("GCM tag of 8 bytes");
        }

        @Test
        void checkContentEncryptionShouldRefuseAsWeakWhen3des() {
            assertThatThrownBy(() -> AlgorithmPolicy.checkContentEncryption(id(PKCSObjectIdentifiers.des_EDE3_CBC), false))
                .isInstanceOfSatisfying(AlgorithmRefusedException.class, e -> assertThat(e.isWeak()).isTrue())
                .hasMessage("3DES content encryption");
        }
    }

    @Nested
    class KeyTransport {
        @Test
        void checkKeyTransportShouldAcceptRsaPkcs1() {
            assertThatCode(() -> AlgorithmPolicy.checkKeyTransport(id(PKCSObjectIdentifiers.rsaEncryption))).doesNotThrowAnyException();
        }

        @Test
        void checkKeyTransportShouldRefuseAsUnsupportedWhenKeyAgreement() {
            assertThatThrownBy(() -> AlgorithmPolicy.checkKeyTransport(id(UNKNOWN)))
                .isInstanceOfSatisfying(AlgorithmRefusedException.class, e -> assertThat(e.isWeak()).isFalse())
                .hasMessage("key transport 1.2.3.4.5");
        }
    }

    @Nested
    class KeySizes {
        @Test
        void checkKeySizeShouldRefuseAsWeakWhenRsaUnder2048Bits() throws GeneralSecurityException {
            PublicKey small = rsa(1024);

            assertThatThrownBy(() -> AlgorithmPolicy.checkKeySize(small, "signer:"))
                .isInstanceOfSatisfying(AlgorithmRefusedException.class, e -> assertThat(e.isWeak()).isTrue())
                .hasMessage("signer: RSA key of 1024 bits");
        }

        @Test
        void checkKeySizeShouldAcceptRsaOf2048Bits() throws GeneralSecurityException {
            PublicKey key = rsa(2048);

            assertThatCode(() -> AlgorithmPolicy.checkKeySize(key, "signer:")).doesNotThrowAnyException();
        }

        private PublicKey rsa(int bits) throws GeneralSecurityException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair().getPublic();
        }
    }
}
