package org.santegateway.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.santegateway.smime.SmimeAssertions.assertUnwrapped;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.santegateway.smime.SmimeResult.Layer;
import org.santegateway.smime.certificates.ContentEncryption;
import org.santegateway.smime.certificates.KeyTransport;
import org.santegateway.smime.certificates.SigningIdentity;
import org.santegateway.smime.cms.SignatureAlgorithm;

/** What {@link SmimeOutbound} produces, {@link SmimeInbound} opens, byte for byte. */
class SmimeRoundTripTest {
    private final TestPki pki = TestPki.get();
    private final SmimeOutbound outbound = new SmimeOutbound(Clock.systemUTC());
    private final SmimeInbound inbound = new SmimeInbound(pki.trust(), Clock.systemUTC());

    @Nested
    class Signing {
        @Test
        void signShouldProduceMultipartSignedThatVerifies() throws Exception {
            MimeMessage original = TestMessages.parse(TestMessages.SIMPLE);

            MimeMessage signed = TestMessages.reparse(outbound.sign(original, pki.alice.signingIdentity()));
            SmimeResult.Unwrapped unwrapped = assertUnwrapped(inbound.unwrap(signed, pki.keysOf()));

            ContentType contentType = new ContentType(signed.getContentType());
            assertThat(contentType.getBaseType()).isEqualTo("multipart/signed");
            assertThat(contentType.getParameter("protocol")).isEqualTo("application/pkcs7-signature");
            assertThat(contentType.getParameter("micalg")).isEqualTo("sha-256");
            assertThat(unwrapped.layers()).containsExactly(Layer.SIGNATURE_VERIFIED);
            assertThat(unwrapped.wasEncrypted()).isFalse();
            assertThat(unwrapped.signer()).hasValueSatisfying(signer -> {
                assertThat(signer.certificate()).isEqualTo(pki.alice.certificate());
                assertThat(signer.subjectDn()).isEqualTo("C=FR,O=Hopital A,CN=Alice Martin");
                assertThat(signer.path()).containsExactly(pki.alice.certificate());
                assertThat(signer.signingTime()).isPresent();
            });
            assertThat(TestMessages.rawBody(unwrapped.message())).isEqualTo(TestMessages.rawBody(original));
            assertThat(unwrapped.message().getContentType()).isEqualTo("text/plain; charset=us-ascii");
        }

        @Test
        void signShouldKeepTheOuterHeadersOutside() throws Exception {
            MimeMessage signed = outbound.sign(TestMessages.parse(TestMessages.SIMPLE), pki.alice.signingIdentity());

            assertThat(signed.getSubject()).isEqualTo("Compte rendu");
            assertThat(signed.getMessageID()).isEqualTo("<cr-1@hopital-a.fr>");
            assertThat(signed.getHeader("Content-Transfer-Encoding")).isNull();
            assertThat(TestMessages.reparse(signed).getMessageID()).isEqualTo("<cr-1@hopital-a.fr>");
        }

        @Test
        void signShouldKeepEveryByteOfAMultipartMessage() throws Exception {
            MimeMessage original = TestMessages.parse(TestMessages.MULTIPART);

            MimeMessage signed = TestMessages.reparse(outbound.sign(original, pki.alice.signingIdentity()));
            SmimeResult.Unwrapped unwrapped = assertUnwrapped(inbound.unwrap(signed, pki.keysOf()));

            assertThat(TestMessages.rawBody(unwrapped.message())).isEqualTo(TestMessages.rawBody(original));
            assertThat(new ContentType(unwrapped.message().getContentType()).getParameter("boundary")).isEqualTo("outer");
        }

        @Test
        void signShouldNotModifyTheInputMessage() throws Exception {
            MimeMessage original = TestMessages.parse(TestMessages.SIMPLE);
            byte[] before = TestMessages.bytes(original);

            outbound.sign(original, pki.alice.signingIdentity());

            assertThat(TestMessages.bytes(original)).isEqualTo(before);
        }

        @Test
        void signShouldReencodeEightBitContentSoThatTheSignatureSurvivesTransport() throws Exception {
            String eightBit = TestMessages.SIMPLE.replace("charset=us-ascii", "charset=utf-8").replace("7bit", "8bit")
                .replace("Voici le compte rendu.", "Voici le compte rendu de l'échographie.");
            MimeMessage original = TestMessages.parse(eightBit);

            MimeMessage signed = outbound.sign(original, pki.alice.signingIdentity());
            byte[] wire = TestMessages.bytes(signed);
            SmimeResult.Unwrapped unwrapped = assertUnwrapped(inbound.unwrap(TestMessages.parse(wire), pki.keysOf()));

            for (byte b : wire) {
                assertThat(b).isPositive();
            }
            assertThat(unwrapped.message().getEncoding()).isEqualTo("quoted-printable");
            assertThat(TestMessages.text(unwrapped.message())).contains("compte rendu de l'échographie.");
        }

        @Test
        void signShouldCanonicaliseBareLineFeeds() throws Exception {
            MimeMessage original = TestMessages.parse(TestMessages.SIMPLE.replace("\r\n", "\n"));

            MimeMessage signed = TestMessages.reparse(outbound.sign(original, pki.alice.signingIdentity()));

            SmimeResult.Unwrapped unwrapped = assertUnwrapped(inbound.unwrap(signed, pki.keysOf()));
            assertThat(new String(TestMessages.rawBody(unwrapped.message()), StandardCharsets.US_ASCII)).contains("Bonjour,\r\n\r\nVoici");
        }

        @Test
        void signShouldSignAMessageBuiltInMemory() throws Exception {
            MimeMessage built = new MimeMessage(TestMessages.SESSION);
            built.setFrom("alice@hopital-a.fr");
            built.setSubject("Construit");
            built.setText("Texte construit en memoire.");

            MimeMessage signed = outbound.sign(built, pki.alice.signingIdentity());

            SmimeResult.Unwrapped unwrapped = assertUnwrapped(inbound.unwrap(TestMessages.reparse(signed), pki.keysOf()));
            assertThat(TestMessages.text(unwrapped.message())).isEqualTo("Texte construit en memoire.");
        }

        @Test
        void signWithPssShouldVerify() throws Exception {
            SmimeOutbound pss = new SmimeOutbound(SignatureAlgorithm.SHA256_WITH_RSA_PSS, Clock.systemUTC(), new SecureRandom());

            MimeMessage signed = TestMessages.reparse(pss.sign(TestMessages.parse(TestMessages.SIMPLE), pki.alice.signingIdentity()));

            assertThat(assertUnwrapped(inbound.unwrap(signed, pki.keysOf())).signer()).isPresent();
        }
    }

    @Nested
    class Encryption {
        @Test
        void encryptShouldUseAes256GcmAuthEnvelopedDataByDefault() throws Exception {
            MimeMessage encrypted = TestMessages.reparse(outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE), List.of(pki.bob.recipient())));

            SmimeResult.Unwrapped unwrapped = assertUnwrapped(inbound.unwrap(encrypted, pki.keysOf(pki.bob)));

            assertThat(new ContentType(encrypted.getContentType()).getParameter("smime-type")).isEqualTo("authEnveloped-data");
            assertThat(unwrapped.layers()).containsExactly(Layer.DECRYPTED);
            assertThat(unwrapped.contentEncryption()).contains("AES-256-GCM");
            assertThat(unwrapped.signer()).isEmpty();
            assertThat(TestMessages.text(unwrapped.message())).contains("Voici le compte rendu.");
        }

        @Test
        void encryptShouldNotLeaveTheContentInClear() throws Exception {
            byte[] wire = TestMessages.bytes(outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE), List.of(pki.bob.recipient())));

            assertThat(new String(wire, StandardCharsets.US_ASCII)).doesNotContain("Voici").doesNotContain("text/plain");
        }

        @Test
        void encryptShouldUseAes256CbcWhenOneRecipientNeedsIt() throws Exception {
            MimeMessage encrypted = TestMessages.reparse(outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE),
                List.of(pki.alice.recipient(), pki.bob.recipient().withContentEncryption(ContentEncryption.AES_256_CBC))));

            assertThat(new ContentType(encrypted.getContentType()).getParameter("smime-type")).isEqualTo("enveloped-data");
            assertThat(assertUnwrapped(inbound.unwrap(encrypted, pki.keysOf(pki.alice))).contentEncryption()).contains("AES-256-CBC");
            assertThat(assertUnwrapped(inbound.unwrap(encrypted, pki.keysOf(pki.bob))).contentEncryption()).contains("AES-256-CBC");
        }

        @Test
        void encryptShouldBeOpenedByEachRecipientWhateverItsKeyTransport() throws Exception {
            MimeMessage encrypted = TestMessages.reparse(outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE),
                List.of(pki.alice.recipient().withKeyTransport(KeyTransport.RSA_PKCS1_V1_5), pki.bob.recipient())));

            assertThat(TestMessages.text(assertUnwrapped(inbound.unwrap(encrypted, pki.keysOf(pki.alice))).message())).contains("Voici");
            assertThat(TestMessages.text(assertUnwrapped(inbound.unwrap(encrypted, pki.keysOf(pki.bob))).message())).contains("Voici");
        }

        @Test
        void signAndEncryptShouldPutTheSignatureInsideTheEnvelope() throws Exception {
            MimeMessage original = TestMessages.parse(TestMessages.MULTIPART);

            MimeMessage encrypted = TestMessages.reparse(outbound.signAndEncrypt(original, pki.alice.signingIdentity(), List.of(pki.bob.recipient())));
            SmimeResult.Unwrapped unwrapped = assertUnwrapped(inbound.unwrap(encrypted, pki.keysOf(pki.bob)));

            assertThat(unwrapped.layers()).containsExactly(Layer.DECRYPTED, Layer.SIGNATURE_VERIFIED);
            assertThat(unwrapped.signedThenEncrypted()).isTrue();
            assertThat(unwrapped.signer()).hasValueSatisfying(signer -> assertThat(signer.certificate()).isEqualTo(pki.alice.certificate()));
            assertThat(TestMessages.rawBody(unwrapped.message())).isEqualTo(TestMessages.rawBody(original));
            assertThat(unwrapped.message().getSubject()).isEqualTo("Documents");
            assertThat(unwrapped.message().getMessageID()).isEqualTo("<docs-1@hopital-a.fr>");
        }

        @Test
        void signAndEncryptShouldCarryAMultiMegabyteAttachmentIntact() throws Exception {
            byte[] attachment = new byte[3 * 1024 * 1024 + 17];
            new Random(42).nextBytes(attachment);
            String message = "From: alice@hopital-a.fr\r\nTo: bob@operateur-b.fr\r\nSubject: Imagerie\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nCliches.\r\n--b\r\n"
                + "Content-Type: application/dicom\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(attachment) + "\r\n--b--\r\n";
            MimeMessage original = TestMessages.parse(message);

            MimeMessage encrypted = TestMessages.reparse(outbound.signAndEncrypt(original, pki.alice.signingIdentity(), List.of(pki.bob.recipient())));
            SmimeResult.Unwrapped unwrapped = assertUnwrapped(inbound.unwrap(encrypted, pki.keysOf(pki.bob)));

            assertThat(TestMessages.rawBody(unwrapped.message())).isEqualTo(TestMessages.rawBody(original));
        }

        @Test
        void signAndEncryptShouldBeOpenedWhenTheCiphertextArrivesOneByteAtATime() throws Exception {
            byte[] wire = TestMessages.bytes(outbound.signAndEncrypt(TestMessages.parse(TestMessages.SIMPLE), pki.alice.signingIdentity(),
                List.of(pki.bob.recipient())));
            MimeMessage trickling = new MimeMessage(TestMessages.SESSION, new java.io.ByteArrayInputStream(wire)) {
                @Override
                public java.io.InputStream getRawInputStream() throws javax.mail.MessagingException {
                    java.io.InputStream raw = super.getRawInputStream();
                    return new java.io.FilterInputStream(raw) {
                        @Override
                        public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
                            return super.read(buffer, offset, Math.min(1, length));
                        }
                    };
                }
            };

            SmimeResult.Unwrapped unwrapped = assertUnwrapped(inbound.unwrap(trickling, pki.keysOf(pki.bob)));

            assertThat(unwrapped.layers()).containsExactly(Layer.DECRYPTED, Layer.SIGNATURE_VERIFIED);
        }
    }

    @Nested
    class OutboundRefusals {
        @Test
        void signShouldRefuseAnExpiredSigningCertificate() {
            assertThatThrownBy(() -> outbound.sign(TestMessages.parse(TestMessages.SIMPLE), pki.expired.signingIdentity()))
                .isInstanceOfSatisfying(SmimeException.class, e -> assertThat(e.failure()).isEqualTo(SmimeFailure.SIGNER_UNUSABLE))
                .hasMessageContaining("expired");
        }

        @Test
        void signShouldRefuseAKeyThatDoesNotMatchTheCertificate() {
            SigningIdentity mismatched = SigningIdentity.of(pki.bob.privateKey(), pki.alice.certificate());

            assertThatThrownBy(() -> outbound.sign(TestMessages.parse(TestMessages.SIMPLE), mismatched))
                .isInstanceOfSatisfying(SmimeException.class, e -> assertThat(e.failure()).isEqualTo(SmimeFailure.SIGNER_UNUSABLE))
                .hasMessageContaining("does not match");
        }

        @Test
        void signShouldRefuseAKeyUnder2048Bits() {
            assertThatThrownBy(() -> outbound.sign(TestMessages.parse(TestMessages.SIMPLE), pki.weakKey.signingIdentity()))
                .isInstanceOfSatisfying(SmimeException.class, e -> assertThat(e.failure()).isEqualTo(SmimeFailure.SIGNER_UNUSABLE))
                .hasMessageContaining("1024 bits");
        }

        @Test
        void signShouldRefuseACertificateNotMeantForMail() {
            assertThatThrownBy(() -> outbound.sign(TestMessages.parse(TestMessages.SIMPLE), pki.serverOnly.signingIdentity()))
                .isInstanceOfSatisfying(SmimeException.class, e -> assertThat(e.failure()).isEqualTo(SmimeFailure.SIGNER_UNUSABLE))
                .hasMessageContaining("email protection");
        }

        @Test
        void encryptShouldRefuseAnExpiredRecipientCertificate() {
            assertThatThrownBy(() -> outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE), List.of(pki.bob.recipient(), pki.expired.recipient())))
                .isInstanceOfSatisfying(SmimeException.class, e -> assertThat(e.failure()).isEqualTo(SmimeFailure.RECIPIENT_UNUSABLE))
                .hasMessageContaining("recipient certificate 2");
        }

        @Test
        void encryptShouldRefuseARecipientKeyUnder2048Bits() {
            assertThatThrownBy(() -> outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE), List.of(pki.weakKey.recipient())))
                .isInstanceOfSatisfying(SmimeException.class, e -> assertThat(e.failure()).isEqualTo(SmimeFailure.RECIPIENT_UNUSABLE));
        }

        @Test
        void encryptShouldRejectAnEmptyRecipientList() {
            assertThatThrownBy(() -> outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
