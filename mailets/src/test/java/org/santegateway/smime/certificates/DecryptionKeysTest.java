package org.santegateway.smime.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;
import org.santegateway.smime.TestPki;

class DecryptionKeysTest {
    private final TestPki pki = TestPki.get();
    private final DecryptionKeys keys = DecryptionKeys.of(List.of(pki.alice.decryptionKey(), pki.bob.decryptionKey()));

    @Test
    void findByIssuerAndSerialShouldMatchWhateverTheNameSpelling() {
        X500Principal respelled = new X500Principal(pki.bob.certificate().getIssuerX500Principal().getName(X500Principal.RFC1779).toLowerCase());

        assertThat(keys.findByIssuerAndSerial(respelled, pki.bob.certificate().getSerialNumber()))
            .hasValueSatisfying(key -> assertThat(key.certificate()).isEqualTo(pki.bob.certificate()));
    }

    @Test
    void findByIssuerAndSerialShouldFindNothingForAnotherSerial() {
        assertThat(keys.findByIssuerAndSerial(pki.bob.certificate().getIssuerX500Principal(), java.math.BigInteger.TEN)).isEmpty();
    }

    @Test
    void findBySubjectKeyIdentifierShouldMatchTheCertificateExtension() {
        byte[] extension = pki.alice.certificate().getExtensionValue(Extension.subjectKeyIdentifier.getId());
        byte[] ski = ASN1OctetString.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getOctets();

        assertThat(keys.findBySubjectKeyIdentifier(ski)).hasValueSatisfying(key -> assertThat(key.certificate()).isEqualTo(pki.alice.certificate()));
        assertThat(keys.findBySubjectKeyIdentifier(new byte[] {1, 2, 3})).isEmpty();
    }

    @Test
    void toStringShouldNameOnlyTheSerial() {
        assertThat(pki.alice.decryptionKey().toString()).startsWith("DecryptionKey[serial=").doesNotContain("Alice");
    }
}
