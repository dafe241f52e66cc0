package org.santegateway.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.santegateway.smime.SmimeAssertions.assertRefused;
import static org.santegateway.smime.SmimeAssertions.assertUnwrapped;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.santegateway.smime.SmimeResult.Layer;
import org.santegateway.smime.certificates.ContentEncryption;
import org.santegateway.smime.certificates.EncryptionRecipient;
import org.santegateway.smime.certificates.KeyTransport;
import org.santegateway.smime.certificates.PemCertificateDirectory;
import org.santegateway.smime.certificates.SmimeCapabilities;
import org.santegateway.smime.certificates.VerifiedSigner;
import org.santegateway.smime.cms.SignatureAlgorithm;

/**
 * Interoperability with the {@code openssl cms} command: what we produce, OpenSSL opens and
 * verifies; what OpenSSL produces, we open and verify; and what must be refused is refused.
 */
class SmimeOpenSslInteropTest {
    private static final String CONTENT = "Content-Type: text/plain; charset=us-ascii\r\n\r\nBonjour,\r\n\r\nVoici le compte rendu.\r\n";

    private final TestPki pki = TestPki.get();
    private final SmimeOutbound outbound = new SmimeOutbound(Clock.systemUTC());
    private final SmimeInbound inbound = new SmimeInbound(pki.trust(), Clock.systemUTC());
    private Path work;

    @BeforeEach
    void createWorkDirectory() throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        work = Files.createTempDirectory(target, "smime-interop-");
    }

    @Nested
    class OursOpenedByOpenSsl {
        @Test
        void signAndEncryptShouldBeDecryptedAndVerifiedByOpenSsl() throws Exception {
            MimeMessage message = outbound.signAndEncrypt(TestMessages.parse(TestMessages.SIMPLE), pki.alice.signingIdentity(),
                List.of(pki.bob.recipient()));
            write("message.eml", message);

            openssl("cms", "-decrypt", "-in", "message.eml", "-recip", pem(pki.bob), "-inkey", key(pki.bob), "-out", "decrypted.eml");
            // openssl cms takes the CRLs from the CA file.
            Files.writeString(work.resolve("ca-and-crl.pem"), Files.readString(pki.ca.certificateFile()) + Files.readString(pki.crlFile));
            OpenSsl.Result verified = openssl("cms", "-verify", "-in", "decrypted.eml", "-CAfile", "ca-and-crl.pem", "-crl_check",
                "-out", "content.eml");

            assertThat(verified.output()).contains("Verification successful");
            assertThat(read("content.eml")).contains("Voici le compte rendu.");
            assertThat(read("decrypted.eml")).contains("micalg=sha-256");
        }

        @Test
        void cbcEncryptionShouldBeDecryptedByOpenSsl() throws Exception {
            MimeMessage message = outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE),
                List.of(pki.bob.recipient().withContentEncryption(ContentEncryption.AES_256_CBC)));
            write("message.eml", message);

            openssl("cms", "-decrypt", "-in", "message.eml", "-recip", pem(pki.bob), "-inkey", key(pki.bob), "-out", "decrypted.eml");
            OpenSsl.Result structure = openssl("cms", "-cmsout", "-print", "-in", "message.eml");

            assertThat(read("decrypted.eml")).contains("Voici le compte rendu.");
            assertThat(structure.output()).contains("pkcs7-envelopedData").contains("aes-256-cbc").contains("rsaesOaep");
        }

        @Test
        void gcmEncryptionShouldUseAuthEnvelopedDataWithOaepSha256() throws Exception {
            write("message.eml", outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE), List.of(pki.bob.recipient())));

            OpenSsl.Result structure = openssl("cms", "-cmsout", "-print", "-in", "message.eml");
            openssl("cms", "-decrypt", "-in", "message.eml", "-recip", pem(pki.bob), "-inkey", key(pki.bob), "-out", "decrypted.eml");

            assertThat(structure.output()).contains("id-smime-ct-authEnvelopedData").contains("aes-256-gcm").contains("rsaesOaep")
                .contains("sha256").doesNotContain("sha1");
            assertThat(read("decrypted.eml")).contains("Voici le compte rendu.");
        }

        @Test
        void aPeerThatAnnouncedOnlyCbcAndNoOaepShouldGetAes256CbcWithPkcs1ThatOpenSslDecrypts() throws Exception {
            // What OpenSSL's own signature announces (its default SMIMECapabilities: AES-CBC, no GCM, no OAEP), learnt...
            VerifiedSigner peer = assertUnwrapped(inbound.unwrap(opensslSigned("-md", "sha256"), pki.keysOf())).signer().orElseThrow();
            assertThat(peer.capabilities().announced()).hasValueSatisfying(oids -> assertThat(oids).doesNotContain("1.2.840.113549.1.1.7"));
            PemCertificateDirectory directory = PemCertificateDirectory.of(java.util.Map.of(), Clock.systemUTC(), 10);
            directory.learn(peer);
            // ...chooses what we encrypt a reply with.
            EncryptionRecipient recipient = directory.findEncryptionRecipient("alice@hopital-a.fr").orElseThrow();
            write("message.eml", outbound.signAndEncrypt(TestMessages.parse(TestMessages.SIMPLE), pki.bob.signingIdentity(), List.of(recipient)));

            OpenSsl.Result structure = openssl("cms", "-cmsout", "-print", "-in", "message.eml");
            openssl("cms", "-decrypt", "-in", "message.eml", "-recip", pem(pki.alice), "-inkey", key(pki.alice), "-out", "decrypted.eml");
            OpenSsl.Result verified = openssl("cms", "-verify", "-in", "decrypted.eml", "-CAfile", pem(pki.ca), "-out", "content.eml");

            assertThat(recipient.contentEncryption()).isEqualTo(ContentEncryption.AES_256_CBC);
            assertThat(recipient.keyTransport()).isEqualTo(KeyTransport.RSA_PKCS1_V1_5);
            assertThat(structure.output()).contains("pkcs7-envelopedData").contains("aes-256-cbc").contains("rsaEncryption")
                .doesNotContain("rsaesOaep");
            assertThat(verified.output()).contains("Verification successful");
            assertThat(read("content.eml")).contains("Voici le compte rendu.");
        }

        @Test
        void aPeerThatAnnouncedCbcAndOaepShouldGetAes256CbcWithOaepThatOpenSslDecrypts() throws Exception {
            SmimeCapabilities announced = SmimeCapabilities.of(List.of("2.16.840.1.101.3.4.1.42", "1.2.840.113549.1.1.7"));
            PemCertificateDirectory directory = PemCertificateDirectory.of(java.util.Map.of(), Clock.systemUTC(), 10);
            directory.learn(new VerifiedSigner(pki.alice.certificate(), List.of(), java.util.Optional.empty(), "SHA-256", announced));
            write("message.eml", outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE),
                List.of(directory.findEncryptionRecipient("alice@hopital-a.fr").orElseThrow())));

            OpenSsl.Result structure = openssl("cms", "-cmsout", "-print", "-in", "message.eml");
            openssl("cms", "-decrypt", "-in", "message.eml", "-recip", pem(pki.alice), "-inkey", key(pki.alice), "-out", "decrypted.eml");

            assertThat(structure.output()).contains("aes-256-cbc").contains("rsaesOaep");
            assertThat(read("decrypted.eml")).contains("Voici le compte rendu.");
        }

        @Test
        void pkcs1KeyTransportShouldBeDecryptedByOpenSsl() throws Exception {
            write("message.eml", outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE),
                List.of(pki.bob.recipient().withKeyTransport(KeyTransport.RSA_PKCS1_V1_5))));

            openssl("cms", "-decrypt", "-in", "message.eml", "-recip", pem(pki.bob), "-inkey", key(pki.bob), "-out", "decrypted.eml");

            assertThat(read("decrypted.eml")).contains("Voici le compte rendu.");
        }

        @Test
        void encryptionForTwoRecipientsShouldBeDecryptedByEach() throws Exception {
            write("message.eml", outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE), List.of(pki.alice.recipient(), pki.bob.recipient())));

            openssl("cms", "-decrypt", "-in", "message.eml", "-recip", pem(pki.alice), "-inkey", key(pki.alice), "-out", "alice.eml");
            openssl("cms", "-decrypt", "-in", "message.eml", "-recip", pem(pki.bob), "-inkey", key(pki.bob), "-out", "bob.eml");

            assertThat(read("alice.eml")).contains("Voici le compte rendu.");
            assertThat(read("bob.eml")).contains("Voici le compte rendu.");
        }

        @Test
        void signatureOfAMultipartMessageShouldBeVerifiedByOpenSsl() throws Exception {
            write("message.eml", outbound.sign(TestMessages.parse(TestMessages.MULTIPART), pki.alice.signingIdentity()));

            OpenSsl.Result verified = openssl("cms", "-verify", "-in", "message.eml", "-CAfile", pem(pki.ca), "-out", "content.eml");

            assertThat(verified.output()).contains("Verification successful");
            assertThat(read("content.eml")).contains("JVBERi0xLjcKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFI+PgpzdHJlYW0K");
        }

        @Test
        void signatureOfABareLineFeedMessageShouldBeVerifiedByOpenSsl() throws Exception {
            write("message.eml", outbound.sign(TestMessages.parse(TestMessages.SIMPLE.replace("\r\n", "\n")), pki.alice.signingIdentity()));

            OpenSsl.Result verified = openssl("cms", "-verify", "-in", "message.eml", "-CAfile", pem(pki.ca), "-out", "content.eml");

            assertThat(verified.output()).contains("Verification successful");
        }

        @Test
        void signatureOfAnEightBitMessageShouldBeVerifiedByOpenSsl() throws Exception {
            String eightBit = TestMessages.SIMPLE.replace("charset=us-ascii", "charset=utf-8").replace("7bit", "8bit")
                .replace("compte rendu.", "compte rendu de l'échographie.");
            write("message.eml", outbound.sign(TestMessages.parse(eightBit), pki.alice.signingIdentity()));

            OpenSsl.Result verified = openssl("cms", "-verify", "-in", "message.eml", "-CAfile", pem(pki.ca), "-out", "content.eml");

            assertThat(verified.output()).contains("Verification successful");
            assertThat(read("content.eml")).contains("=C3=A9chographie");
        }

        @Test
        void pssSignatureShouldBeVerifiedByOpenSsl() throws Exception {
            SmimeOutbound pss = new SmimeOutbound(SignatureAlgorithm.SHA256_WITH_RSA_PSS, Clock.systemUTC(), new java.security.SecureRandom());
            write("message.eml", pss.sign(TestMessages.parse(TestMessages.SIMPLE), pki.alice.signingIdentity()));

            OpenSsl.Result verified = openssl("cms", "-verify", "-in", "message.eml", "-CAfile", pem(pki.ca), "-out", "content.eml");
            OpenSsl.Result structure = openssl("cms", "-cmsout", "-print", "-in", "message.eml");

            assertThat(verified.output()).contains("Verification successful");
            assertThat(structure.output()).contains("rsassaPss");
        }

        @Test
        void tamperedSignedMessageShouldBeRefusedByOpenSsl() throws Exception {
            byte[] signed = TestMessages.bytes(outbound.sign(TestMessages.parse(TestMessages.SIMPLE), pki.alice.signingIdentity()));
            Files.write(work.resolve("message.eml"), new String(signed, StandardCharsets.US_ASCII)
                .replace("Voici le compte rendu.", "Voici le compte rendu!").getBytes(StandardCharsets.US_ASCII));

            OpenSsl.Result verified = OpenSsl.run(work, "cms", "-verify", "-in", "message.eml", "-CAfile", pem(pki.ca), "-out", "content.eml");

            assertThat(verified.succeeded()).isFalse();
        }
    }

    @Nested
    class OpenSslOpenedByUs {
        @Test
        void openSslSignatureShouldBeVerified() throws Exception {
            SmimeResult.Unwrapped unwrapped = assertUnwrapped(inbound.unwrap(opensslSigned("-md", "sha256"), pki.keysOf()));

            assertThat(unwrapped.layers()).containsExactly(Layer.SIGNATURE_VERIFIED);
            assertThat(unwrapped.signer()).hasValueSatisfying(signer -> {
                assertThat(signer.certificate()).isEqualTo(pki.alice.certificate());
                assertThat(signer.digestAlgorithm()).isEqualTo("SHA-256");
                assertThat(signer.emailAddresses()).containsExactly("alice@hopital-a.fr");
            });
            assertThat(TestMessages.text(unwrapped.message())).contains("Voici le compte rendu.");
            assertThat(unwrapped.message().getSubject()).isEqualTo("Compte rendu");
        }

        @Test
        void openSslSignatureShouldAnnounceCapabilitiesWithoutGcm() throws Exception {
            SmimeResult.Unwrapped unwrapped = assertUnwrapped(inbound.unwrap(opensslSigned("-md", "sha256"), pki.keysOf()));

            // OpenSSL's default SMIMECapabilities list AES-CBC (and older ciphers), no AES-GCM: a
            // reply is encrypted in AES-256-CBC, which such a client reads.
            assertThat(unwrapped.signer().orElseThrow().capabilities().announced())
                .hasValueSatisfying(oids -> assertThat(oids).contains("2.16.840.1.101.3.4.1.42").doesNotContain("2.16.840.1.101.3.4.1.46"));
            assertThat(unwrapped.signer().orElseThrow().capabilities().contentEncryption()).isEqualTo(ContentEncryption.AES_256_CBC);
        }

        @Test
        void openSslSignatureWithoutCapabilitiesShouldGetTheDefault() throws Exception {
            SmimeResult.Unwrapped unwrapped = assertUnwrapped(inbound.unwrap(opensslSigned("-md", "sha256", "-nosmimecap"), pki.keysOf()));

            assertThat(unwrapped.signer().orElseThrow().capabilities()).isEqualTo(SmimeCapabilities.NONE_ANNOUNCED);
            assertThat(unwrapped.signer().orElseThrow().capabilities().contentEncryption()).isEqualTo(ContentEncryption.AES_256_GCM);
        }

        @Test
        void openSslOpaqueSignatureShouldBeVerified() throws Exception {
            SmimeResult.Unwrapped unwrapped = assertUnwrapped(inbound.unwrap(opensslSigned("-md", "sha256", "-nodetach"), pki.keysOf()));

            assertThat(unwrapped.layers()).containsExactly(Layer.SIGNATURE_VERIFIED);
            assertThat(TestMessages.text(unwrapped.message())).contains("Voici le compte rendu.");
        }

        @Test
        void openSslAes256GcmWithOaepShouldBeDecrypted() throws Exception {
            MimeMessage encrypted = opensslEncrypted(CONTENT, pki.bob, "-aes-256-gcm", "-keyopt", "rsa_padding_mode:oaep");

            SmimeResult.Unwrapped unwrapped = assertUnwrapped(inbound.unwrap(encrypted, pki.keysOf(pki.bob)));

            assertThat(unwrapped.layers()).containsExactly(Layer.DECRYPTED);
            assertThat(unwrapped.contentEncryption()).contains("AES-256-GCM");
            assertThat(TestMessages.text(unwrapped.message())).contains("Voici le compte rendu.");
        }

        @Test
        void openSslAes256GcmWithOaepSha256ShouldBeDecrypted() throws Exception {
            MimeMessage encrypted = opensslEncrypted(CONTENT, pki.bob, "-aes-256-gcm", "-keyopt", "rsa_padding_mode:oaep",
                "-keyopt", "rsa_oaep_md:sha256", "-keyopt", "rsa_mgf1_md:sha256");

            SmimeResult.Unwrapped unwrapped = assertUnwrapped(inbound.unwrap(encrypted, pki.keysOf(pki.bob)));

            assertThat(TestMessages.text(unwrapped.message())).contains("Voici le compte rendu.");
        }

        @Test
        void openSslAes256GcmWithPkcs1ShouldBeDecrypted() throws Exception {
            MimeMessage encrypted = opensslEncrypted(CONTENT, pki.bob, "-aes-256-gcm");

            assertThat(TestMessages.text(assertUnwrapped(inbound.unwrap(encrypted, pki.keysOf(pki.bob))).message()))
                .contains("Voici le compte rendu.");
        }

        @Test
        void openSslAes256CbcWithPkcs1ShouldBeDecrypted() throws Exception {
            MimeMessage encrypted = opensslEncrypted(CONTENT, pki.bob, "-aes-256-cbc");

            SmimeResult.Unwrapped unwrapped = assertUnwrapped(inbound.unwrap(encrypted, pki.keysOf(pki.bob)));

            assertThat(unwrapped.contentEncryption()).contains("AES-256-CBC");
            assertThat(TestMessages.text(unwrapped.message())).contains("Voici le compte rendu.");
        }

        @Test
        void openSslAes256CbcWithOaepShouldBeDecrypted() throws Exception {
            MimeMessage encrypted = opensslEncrypted(CONTENT, pki.bob, "-aes-256-cbc", "-keyopt", "rsa_padding_mode:oaep");

            assertThat(TestMessages.text(assertUnwrapped(inbound.unwrap(encrypted, pki.keysOf(pki.bob))).message()))
                .contains("Voici le compte rendu.");
        }

        @Test
        void openSslSignedThenEncryptedShouldBeDecryptedAndVerified() throws Exception {
            Files.writeString(work.resolve("content.eml"), CONTENT, StandardCharsets.US_ASCII);
            openssl("cms", "-sign", "-md", "sha256", "-in", "content.eml", "-signer", pem(pki.alice), "-inkey", key(pki.alice), "-out", "signed.eml");
            MimeMessage encrypted = opensslEncrypted(read("signed.eml"), pki.bob, "-aes-256-gcm", "-keyopt", "rsa_padding_mode:oaep");

            SmimeResult.Unwrapped unwrapped = assertUnwrapped(inbound.unwrap(encrypted, pki.keysOf(pki.bob)));

            assertThat(unwrapped.layers()).containsExactly(Layer.DECRYPTED, Layer.SIGNATURE_VERIFIED);
            assertThat(unwrapped.signedThenEncrypted()).isTrue();
            assertThat(unwrapped.signer()).hasValueSatisfying(signer -> assertThat(signer.certificate()).isEqualTo(pki.alice.certificate()));
            assertThat(TestMessages.text(unwrapped.message())).contains("Voici le compte rendu.");
            assertThat(unwrapped.message().getHeader("From", null)).isEqualTo("alice@hopital-a.fr");
        }

        @Test
        void tamperedOpenSslSignatureShouldBeRefused() throws Exception {
            byte[] signed = TestMessages.bytes(opensslSigned("-md", "sha256"));
            MimeMessage tampered = TestMessages.parse(new String(signed, StandardCharsets.US_ASCII)
                .replace("Voici le compte rendu.", "Voici le compte rendu!").getBytes(StandardCharsets.US_ASCII));

            assertRefused(inbound.unwrap(tampered, pki.keysOf()), SmimeFailure.INTEGRITY);
        }

        @Test
        void openSslGcmCiphertextWithOneByteFlippedShouldBeAnIntegrityFailure() throws Exception {
            MimeMessage encrypted = opensslEncrypted(CONTENT, pki.bob, "-aes-256-gcm", "-keyopt", "rsa_padding_mode:oaep");
            MimeMessage tampered = TestMessages.withEncryptedContentTampered(encrypted);

            SmimeResult.Refused refused = assertRefused(inbound.unwrap(tampered, pki.keysOf(pki.bob)), SmimeFailure.INTEGRITY);

            assertThat(refused.detail()).contains("authentication tag");
            // OpenSSL itself refuses it too: the flipped byte is in the content, not in the recipient entry.
            Files.write(work.resolve("tampered.eml"), TestMessages.bytes(tampered));
            assertThat(OpenSsl.run(work, "cms", "-decrypt", "-in", "tampered.eml", "-recip", pem(pki.bob), "-inkey", key(pki.bob),
                "-out", "out.eml").succeeded()).isFalse();
        }

        @Test
        void openSslCbcCiphertextWithOneByteFlippedInItsPaddingShouldBeAnIntegrityFailure() throws Exception {
            MimeMessage encrypted = opensslEncrypted(CONTENT, pki.bob, "-aes-256-cbc", "-keyopt", "rsa_padding_mode:oaep");

            assertRefused(inbound.unwrap(TestMessages.withCbcPaddingTampered(encrypted), pki.keysOf(pki.bob)), SmimeFailure.INTEGRITY);
        }

        @Test
        void signatureByAnUnknownCaShouldBeRefused() throws Exception {
            assertRefused(inbound.unwrap(opensslSignedBy(pki.stranger, "-md", "sha256"), pki.keysOf()), SmimeFailure.UNKNOWN_CA);
        }

        @Test
        void signatureByARevokedCertificateShouldBeRefused() throws Exception {
            assertRefused(inbound.unwrap(opensslSignedBy(pki.revoked, "-md", "sha256"), pki.keysOf()), SmimeFailure.REVOKED);
        }

        @Test
        void signatureByAnExpiredCertificateShouldBeRefused() throws Exception {
            assertRefused(inbound.unwrap(opensslSignedBy(pki.expired, "-md", "sha256"), pki.keysOf()), SmimeFailure.CERTIFICATE_EXPIRED);
        }

        @Test
        void sha1SignatureShouldBeRefused() throws Exception {
            SmimeResult.Refused refused = assertRefused(inbound.unwrap(opensslSigned("-md", "sha1"), pki.keysOf()), SmimeFailure.WEAK_ALGORITHM);

            assertThat(refused.detail()).contains("SHA-1");
        }

        @Test
        void tripleDesEncryptionShouldBeRefused() throws Exception {
            MimeMessage encrypted = opensslEncrypted(CONTENT, pki.bob, "-des3");

            SmimeResult.Refused refused = assertRefused(inbound.unwrap(encrypted, pki.keysOf(pki.bob)), SmimeFailure.WEAK_ALGORITHM);

            assertThat(refused.detail()).contains("3DES");
        }

        @Test
        void messageForAnotherRecipientShouldNotBeDecrypted() throws Exception {
            MimeMessage encrypted = opensslEncrypted(CONTENT, pki.alice, "-aes-256-gcm");

            SmimeResult.Refused refused = assertRefused(inbound.unwrap(encrypted, pki.keysOf(pki.bob)), SmimeFailure.CANNOT_DECRYPT);

            assertThat(refused.detail()).contains("no held key");
        }
    }

    private MimeMessage opensslSigned(String... options) throws Exception {
        return opensslSignedBy(pki.alice, options);
    }

    private MimeMessage opensslSignedBy(TestPki.Issued signer, String... options) throws Exception {
        Files.writeString(work.resolve("content.eml"), CONTENT, StandardCharsets.US_ASCII);
        List<String> arguments = new java.util.ArrayList<>(List.of("cms", "-sign", "-in", "content.eml", "-signer", pem(signer),
            "-inkey", key(signer), "-from", "alice@hopital-a.fr", "-to", "bob@operateur-b.fr", "-subject", "Compte rendu", "-out", "signed.eml"));
        arguments.addAll(List.of(options));
        openssl(arguments.toArray(String[]::new));
        return TestMessages.parse(Files.readAllBytes(work.resolve("signed.eml")));
    }

    private MimeMessage opensslEncrypted(String content, TestPki.Issued recipient, String... options) throws Exception {
        Files.writeString(work.resolve("plain.eml"), content, StandardCharsets.US_ASCII);
        List<String> arguments = new java.util.ArrayList<>(List.of("cms", "-encrypt", "-in", "plain.eml", "-out", "encrypted.eml",
            "-from", "alice@hopital-a.fr", "-to", "bob@operateur-b.fr", "-subject", "Compte rendu"));
        List<String> extra = new java.util.ArrayList<>(List.of(options));
        // -keyopt applies to the -recip before it: cipher options first, then the recipient and its options.
        List<String> keyOptions = new java.util.ArrayList<>();
        for (int i = 0; i < extra.size(); i++) {
            if (extra.get(i).equals("-keyopt")) {
                keyOptions.add(extra.get(i));
                keyOptions.add(extra.get(++i));
            } else {
                arguments.add(extra.get(i));
            }
        }
        arguments.add("-recip");
        arguments.add(pem(recipient));
        arguments.addAll(keyOptions);
        openssl(arguments.toArray(String[]::new));
        return TestMessages.parse(Files.readAllBytes(work.resolve("encrypted.eml")));
    }


    private OpenSsl.Result openssl(String... arguments) throws Exception {
        return OpenSsl.runOrFail(work, arguments);
    }

    private void write(String name, MimeMessage message) throws IOException {
        Files.write(work.resolve(name), TestMessages.bytes(message));
    }

    private String read(String name) throws IOException {
        return Files.readString(work.resolve(name), StandardCharsets.ISO_8859_1);
    }

    private static String pem(TestPki.Issued issued) {
        return issued.certificateFile().toString();
    }

    private static String key(TestPki.Issued issued) {
        return issued.keyFile().toString();
    }
}
