package org.santegateway.smime.certificates;

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
import org.santegateway.smime.TestPki;

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

    @Test
    void learntCapabilitiesShouldChooseTheContentEncryption() {
        PemCertificateDirectory directory = PemCertificateDirectory.of(Map.of("operateur-b.fr", pki.alice.certificate()), Clock.systemUTC(), 10);

        directory.learn(signer(pki.bob, CBC_ONLY));

        assertThat(directory.findEncryptionRecipient("bob@operateur-b.fr")).hasValueSatisfying(recipient -> {
            assertThat(recipient.certificate()).isEqualTo(pki.bob.certificate());
            assertThat(recipient.contentEncryption()).isEqualTo(ContentEncryption.AES_256_CBC);
            // It announced no OAEP either.
            assertThat(recipient.keyTransport()).isEqualTo(KeyTransport.RSA_PKCS1_V1_5);
        });
        // Another address of the domain is encrypted for the domain's certificate, with the default.
        assertThat(directory.findEncryptionRecipient("secretariat@operateur-b.fr")).hasValueSatisfying(recipient -> {
            assertThat(recipient.contentEncryption()).isEqualTo(ContentEncryption.AES_256_GCM);
            assertThat(recipient.keyTransport()).isEqualTo(KeyTransport.RSA_OAEP_SHA256);
        });
    }

    @Test
    void laterCapabilitiesOfTheSameCertificateShouldReplaceEarlierOnes() {
        PemCertificateDirectory directory = PemCertificateDirectory.of(Map.of(), Clock.systemUTC(), 10);

        directory.learn(signer(pki.bob, CBC_ONLY));
        directory.learn(signer(pki.bob, SmimeCapabilities.of(List.of("2.16.840.1.101.3.4.1.46"))));

        assertThat(directory.findEncryptionRecipient("bob@operateur-b.fr").orElseThrow().contentEncryption())
            .isEqualTo(ContentEncryption.AES_256_GCM);
    }

    @Test
    void learntCertificatesShouldSurviveARestart(@TempDir Path directory) throws IOException {
        PemCertificateDirectory before = PemCertificateDirectory.load(Map.of(), new LearnedCertificateFiles(directory), Clock.systemUTC(), 10);
        before.learn(signer(pki.bob, CBC_ONLY));
        before.learn(signer(pki.alice));

        PemCertificateDirectory after = PemCertificateDirectory.load(Map.of(), new LearnedCertificateFiles(directory), Clock.systemUTC(), 10);

        assertThat(after.findEncryptionRecipient("bob@operateur-b.fr")).contains(
            new EncryptionRecipient(pki.bob.certificate(), ContentEncryption.AES_256_CBC, KeyTransport.RSA_PKCS1_V1_5));
        assertThat(after.findEncryptionRecipient("alice@hopital-a.fr")).contains(EncryptionRecipient.of(pki.alice.certificate()));
        // The files are named by a hash: a listing of the directory names nobody.
        try (var files = Files.list(directory)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                .hasSize(2).allSatisfy(name -> assertThat(name).matches("[0-9a-f]{64}\\.pem"));
        }
    }

    @Test
    void announcedOaepShouldSurviveARestart(@TempDir Path directory) throws IOException {
        PemCertificateDirectory before = PemCertificateDirectory.load(Map.of(), new LearnedCertificateFiles(directory), Clock.systemUTC(), 10);
        before.learn(signer(pki.bob, SmimeCapabilities.of(List.of("2.16.840.1.101.3.4.1.42", "1.2.840.113549.1.1.7"))));

        PemCertificateDirectory after = PemCertificateDirectory.load(Map.of(), new LearnedCertificateFiles(directory), Clock.systemUTC(), 10);

        assertThat(after.findEncryptionRecipient("bob@operateur-b.fr")).contains(
            new EncryptionRecipient(pki.bob.certificate(), ContentEncryption.AES_256_CBC, KeyTransport.RSA_OAEP_SHA256));
    }

    @Test
    void aFileWrittenBeforeKeyTransportWasKeptShouldGetPkcs1ForCbcAndOaepForGcm(@TempDir Path directory) throws IOException {
        LearnedCertificateFiles files = new LearnedCertificateFiles(directory);
        PemCertificateDirectory.load(Map.of(), files, Clock.systemUTC(), 10).learn(signer(pki.bob, CBC_ONLY));
        PemCertificateDirectory.load(Map.of(), files, Clock.systemUTC(), 10).learn(signer(pki.alice));
        for (String address : List.of("bob@operateur-b.fr", "alice@hopital-a.fr")) {
            Path file = directory.resolve(LearnedCertificateFiles.fileName(address));
            Files.writeString(file, Files.readString(file).replaceAll("key-transport: [A-Z0-9_]+\n", ""));
            assertThat(Files.readString(file)).doesNotContain("key-transport");
        }

        assertThat(files.loadAll().get("bob@operateur-b.fr").keyTransport()).isEqualTo(KeyTransport.RSA_PKCS1_V1_5);
        assertThat(files.loadAll().get("alice@hopital-a.fr").keyTransport()).isEqualTo(KeyTransport.RSA_OAEP_SHA256);
    }

    @Test
    void aDamagedOrMisplacedLearntFileShouldBeSkippedNotStopTheStart(@TempDir Path directory) throws IOException {
        LearnedCertificateFiles files = new LearnedCertificateFiles(directory);
        PemCertificateDirectory.load(Map.of(), files, Clock.systemUTC(), 10).learn(signer(pki.bob));
        PemCertificateDirectory.load(Map.of(), files, Clock.systemUTC(), 10).learn(signer(pki.alice));
        Path bob = directory.resolve(LearnedCertificateFiles.fileName("bob@operateur-b.fr"));
        Path alice = directory.resolve(LearnedCertificateFiles.fileName("alice@hopital-a.fr"));
        // Bob's file truncated; Alice's certificate moved under another address's name.
        Files.writeString(bob, Files.readString(bob).substring(0, 200));
        Files.move(alice, directory.resolve(LearnedCertificateFiles.fileName("mallory@operateur-b.fr")));
        Path halfWritten = Files.writeString(directory.resolve(".learnt-123.tmp"), "address: bob@operateur-b.fr\n");

        PemCertificateDirectory after = PemCertificateDirectory.load(Map.of(), files, Clock.systemUTC(), 10);

        assertThat(after.learnedCount()).isZero();
        assertThat(halfWritten).doesNotExist();
    }

    @Test
    void changedCapabilitiesShouldReplaceTheKeptEntryOnDisk(@TempDir Path directory) throws IOException {
        LearnedCertificateFiles files = new LearnedCertificateFiles(directory);
        PemCertificateDirectory.load(Map.of(), files, Clock.systemUTC(), 10).learn(signer(pki.bob, CBC_ONLY));

        PemCertificateDirectory.load(Map.of(), files, Clock.systemUTC(), 10).learn(signer(pki.bob));

        assertThat(files.loadAll()).containsOnlyKeys("bob@operateur-b.fr");
        assertThat(files.loadAll().get("bob@operateur-b.fr").contentEncryption()).isEqualTo(ContentEncryption.AES_256_GCM);
    }

    private static final SmimeCapabilities CBC_ONLY = SmimeCapabilities.of(List.of("2.16.840.1.101.3.4.1.42", "2.16.840.1.101.3.4.1.2"));

    private static VerifiedSigner signer(TestPki.Issued issued, SmimeCapabilities capabilities) {
        return new VerifiedSigner(issued.certificate(), List.of(issued.certificate()), Optional.empty(), "SHA-256", capabilities);
    }

    private static VerifiedSigner signer(TestPki.Issued issued) {
        return new VerifiedSigner(issued.certificate(), List.of(issued.certificate()), Optional.empty(), "SHA-256");
    }
}
