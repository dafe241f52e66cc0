package org.santegateway.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemCertificateDirectoryTest {
    private final TestPki pki = TestPki.get();

    @Test
    void findShouldPreferTheAddressCertificateOverTheDomainOne() throws IOException {
        PemCertificateDirectory directory = PemCertificateDirectory.load(Map.of(
            "Alice@Hopital-A.fr", pki.alice.certificateFile(),
            "hopital-a.fr", pki.bob.certificateFile()), Clock.systemUTC(), 10);

        assertThat(directory.findEncryptionCertificate("alice@hopital-a.fr")).contains(pki.alice.certificate());
        assertThat(directory.findEncryptionCertificate("secretariat@HOPITAL-A.FR")).contains(pki.bob.certificate());
        assertThat(directory.findEncryptionCertificate("someone@elsewhere.fr")).isEmpty();
    }

    @Test
    void findShouldSkipAnExpiredCertificateAndFallBackToTheDomain() {
        PemCertificateDirectory directory = PemCertificateDirectory.of(Map.of(
            "expired@hopital-a.fr", pki.expired.certificate(),
            "hopital-a.fr", pki.alice.certificate()), Clock.systemUTC(), 10);

        assertThat(directory.findEncryptionCertificate("expired@hopital-a.fr")).contains(pki.alice.certificate());
    }

    @Test
    void findShouldNotReturnACertificateThatCannotEncrypt() {
        PemCertificateDirectory directory = PemCertificateDirectory.of(Map.of(
            "weak@hopital-a.fr", pki.weakKey.certificate(),
            "postmaster@hopital-a.fr", pki.serverOnly.certificate()), Clock.systemUTC(), 10);

        assertThat(directory.findEncryptionCertificate("weak@hopital-a.fr")).isEmpty();
        assertThat(directory.findEncryptionCertificate("postmaster@hopital-a.fr")).isEmpty();
    }

    @Test
    void learnShouldRememberTheCertificateOfAVerifiedSigner() {
        PemCertificateDirectory directory = PemCertificateDirectory.of(Map.of(), Clock.systemUTC(), 10);

        directory.learn(signer(pki.bob));

        assertThat(directory.findEncryptionCertificate("BOB@operateur-b.fr")).contains(pki.bob.certificate());
    }

    @Test
    void learnShouldNotOverrideAConfiguredAddressCertificate() {
        PemCertificateDirectory directory = PemCertificateDirectory.of(Map.of("bob@operateur-b.fr", pki.alice.certificate()), Clock.systemUTC(), 10);

        directory.learn(signer(pki.bob));

        assertThat(directory.findEncryptionCertificate("bob@operateur-b.fr")).contains(pki.alice.certificate());
    }

    @Test
    void learnShouldStopAtTheConfiguredMaximum() {
        PemCertificateDirectory directory = PemCertificateDirectory.of(Map.of(), Clock.systemUTC(), 1);

        directory.learn(signer(pki.alice));
        directory.learn(signer(pki.bob));

        assertThat(directory.learnedCount()).isEqualTo(1);
        assertThat(directory.findEncryptionCertificate("bob@operateur-b.fr")).isEmpty();
    }

    @Test
    void learnShouldIgnoreACertificateThatCannotEncrypt() {
        PemCertificateDirectory directory = PemCertificateDirectory.of(Map.of(), Clock.systemUTC(), 10);

        directory.learn(signer(pki.serverOnly));

        assertThat(directory.learnedCount()).isZero();
    }

    @Test
    void loadShouldNameTheFileThatIsNotACertificate(@TempDir Path directory) throws IOException {
        Path broken = Files.writeString(directory.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> PemCertificateDirectory.load(Map.of("a@b.fr", broken), Clock.systemUTC(), 10))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("broken.pem");
    }

    private static VerifiedSigner signer(TestPki.Issued issued) {
        return new VerifiedSigner(issued.certificate(), List.of(issued.certificate()), Optional.empty(), "SHA-256");
    }
}
