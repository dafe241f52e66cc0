package org.santegateway.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.santegateway.smime.SmimeAssertions.assertRefused;
import static org.santegateway.smime.SmimeAssertions.assertUnwrapped;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import javax.mail.internet.MimeMessage;

import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSCompressedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.jcajce.ZlibCompressor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.santegateway.pki.RevocationPolicy;
import org.santegateway.pki.VerificationTrust;
import org.santegateway.smime.SmimeResult.Layer;
import org.santegateway.smime.certificates.ContentEncryption;
import org.santegateway.smime.certificates.DecryptionKey;
import org.santegateway.smime.certificates.DecryptionKeys;
import org.santegateway.smime.certificates.KeyTransport;

/** The inbound engine's refusals: every way a message can fail, and what is not S/MIME at all. */
class SmimeInboundTest {
    private final TestPki pki = TestPki.get();
    private final SmimeOutbound outbound = new SmimeOutbound(Clock.systemUTC());
    private final SmimeInbound inbound = new SmimeInbound(pki.trust(), Clock.systemUTC());

    @Test
    void unwrapShouldReturnTheSameMessageWhenItIsNotSmime() {
        MimeMessage plain = TestMessages.parse(TestMessages.MULTIPART);

        SmimeResult.Unwrapped unwrapped = assertUnwrapped(inbound.unwrap(plain, pki.keysOf(pki.bob)));

        assertThat(unwrapped.message()).isSameAs(plain);
        assertThat(unwrapped.layers()).isEmpty();
        assertThat(unwrapped.signer()).isEmpty();
    }

    @Test
    void unwrapShouldReportTheInnermostSignerOfATripleWrappedMessage() throws Exception {
        MimeMessage inner = outbound.signAndEncrypt(TestMessages.parse(TestMessages.SIMPLE), pki.alice.signingIdentity(), List.of(pki.bob.recipient()));
        MimeMessage outer = TestMessages.reparse(outbound.sign(inner, pki.bob.signingIdentity()));

        SmimeResult.Unwrapped unwrapped = assertUnwrapped(inbound.unwrap(outer, pki.keysOf(pki.bob)));

        assertThat(unwrapped.layers()).containsExactly(Layer.SIGNATURE_VERIFIED, Layer.DECRYPTED, Layer.SIGNATURE_VERIFIED);
        assertThat(unwrapped.signer()).hasValueSatisfying(signer -> assertThat(signer.certificate()).isEqualTo(pki.alice.certificate()));
        assertThat(TestMessages.text(unwrapped.message())).contains("Voici le compte rendu.");
    }

    @Nested
    class Tampering {
        @Test
        void unwrapShouldRefuseSignedContentModifiedInTransit() throws Exception {
            String signed = new String(TestMessages.bytes(outbound.sign(TestMessages.parse(TestMessages.SIMPLE), pki.alice.signingIdentity())),
                StandardCharsets.US_ASCII);

            SmimeResult result = inbound.unwrap(TestMessages.parse(signed.replace("Voici le", "Voila le")), pki.keysOf());

            SmimeResult.Refused refused = assertRefused(result, SmimeFailure.INTEGRITY);
            assertThat(refused.detail()).contains("does not match the digest");
        }

        @Test
        void unwrapShouldRefuseASignatureMovedOntoAnotherContent() throws Exception {
            MimeMessage signed = outbound.sign(TestMessages.parse(TestMessages.SIMPLE), pki.alice.signingIdentity());
            String text = new String(TestMessages.bytes(signed), StandardCharsets.US_ASCII);

            MimeMessage swapped = TestMessages.parse(text.replace("Content-Type: text/plain; charset=us-ascii", "Content-Type: text/html; charset=us-ascii"));

            assertRefused(inbound.unwrap(swapped, pki.keysOf()), SmimeFailure.INTEGRITY);
        }

        @Test
        void unwrapShouldRefuseASignatureValueThatDoesNotVerifyAsABadSignature() throws Exception {
            // Alice's certificate in the message, Bob's key made the signature: the digest matches, the signature does not.
            MimeMessage signed = RawCms.signed("SHA256withRSA", pki.bob.privateKey(), pki.alice.certificate());

            assertRefused(inbound.unwrap(signed, pki.keysOf()), SmimeFailure.BAD_SIGNATURE);
        }

        @Test
        void unwrapShouldNameAGcmCiphertextWithOneByteFlippedAnIntegrityFailure() throws Exception {
            MimeMessage encrypted = outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE), List.of(pki.bob.recipient()));
            assertUnwrapped(inbound.unwrap(encrypted, pki.keysOf(pki.bob)));

            SmimeResult.Refused refused = assertRefused(inbound.unwrap(TestMessages.withEncryptedContentTampered(encrypted), pki.keysOf(pki.bob)),
                SmimeFailure.INTEGRITY);

            assertThat(refused.detail()).contains("AES-256-GCM authentication tag");
        }

        @Test
        void unwrapShouldNameACbcCiphertextWhosePaddingNoLongerChecksAnIntegrityFailure() throws Exception {
            MimeMessage encrypted = outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE),
                List.of(pki.bob.recipient().withContentEncryption(ContentEncryption.AES_256_CBC)));
            assertUnwrapped(inbound.unwrap(encrypted, pki.keysOf(pki.bob)));

            SmimeResult.Refused refused = assertRefused(inbound.unwrap(TestMessages.withCbcPaddingTampered(encrypted), pki.keysOf(pki.bob)),
                SmimeFailure.INTEGRITY);

            assertThat(refused.detail()).contains("AES-256-CBC padding");
        }

        @Test
        void unwrapShouldRefuseWhenTheHeldOaepKeyDoesNotOpenTheEntryAsNotDecryptable() throws Exception {
            MimeMessage encrypted = outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE), List.of(pki.bob.recipient()));
            DecryptionKeys wrongKey = DecryptionKeys.of(List.of(new DecryptionKey(pki.alice.privateKey(), pki.bob.certificate())));

            SmimeResult.Refused refused = assertRefused(inbound.unwrap(encrypted, wrongKey), SmimeFailure.CANNOT_DECRYPT);

            assertThat(refused.detail()).contains("content key does not decrypt");
        }

        @Test
        void unwrapShouldRefuseAMessageForWhichNoKeyIsHeld() throws Exception {
            MimeMessage encrypted = outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE), List.of(pki.alice.recipient()));

            SmimeResult.Refused refused = assertRefused(inbound.unwrap(encrypted, pki.keysOf(pki.bob)), SmimeFailure.CANNOT_DECRYPT);

            assertThat(refused.detail()).isEqualTo("no held key for any of the 1 recipients");
        }

        @Test
        void unwrapShouldRefuseWhenTheHeldPkcs1KeyDoesNotOpenTheEntryAsAlteredContent() throws Exception {
            MimeMessage encrypted = outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE),
                List.of(pki.bob.recipient().withKeyTransport(KeyTransport.RSA_PKCS1_V1_5)));
            // Bob's certificate, Alice's private key: the lookup matches, the key does not open it.
            DecryptionKeys wrongKey = DecryptionKeys.of(List.of(new DecryptionKey(pki.alice.privateKey(), pki.bob.certificate())));

            // Against Bleichenbacher, a PKCS#1 v1.5 key that does not decrypt is replaced by a random
            // one: it surfaces as content failing its tag, exactly as altered content does.
            assertRefused(inbound.unwrap(encrypted, wrongKey), SmimeFailure.INTEGRITY);
        }
    }

    @Nested
    class Certificates {
        @Test
        void unwrapShouldRefuseARevokedSigner() throws Exception {
            MimeMessage signed = outbound.sign(TestMessages.parse(TestMessages.SIMPLE), pki.revoked.signingIdentity());

            assertRefused(inbound.unwrap(signed, pki.keysOf()), SmimeFailure.REVOKED);
        }

        @Test
        void unwrapShouldRefuseWithATemporaryFailureWhenNoCrlIsConfigured() throws Exception {
            SmimeInbound withoutCrl = new SmimeInbound(pki.trustWithCrls(List.of(), RevocationPolicy.REQUIRE_CRL), Clock.systemUTC());
            MimeMessage signed = outbound.sign(TestMessages.parse(TestMessages.SIMPLE), pki.alice.signingIdentity());

            SmimeResult.Refused refused = assertRefused(withoutCrl.unwrap(signed, pki.keysOf()), SmimeFailure.REVOCATION_UNKNOWN);

            assertThat(refused.failure().isTemporary()).isTrue();
        }

        @Test
        void unwrapShouldRefuseWhenTheCrlIsExpired() throws Exception {
            SmimeInbound staleCrl = new SmimeInbound(pki.trustWithCrls(List.of(pki.expiredCrl), RevocationPolicy.REQUIRE_CRL), Clock.systemUTC());
            MimeMessage signed = outbound.sign(TestMessages.parse(TestMessages.SIMPLE), pki.alice.signingIdentity());

            assertRefused(staleCrl.unwrap(signed, pki.keysOf()), SmimeFailure.REVOCATION_UNKNOWN);
        }

        @Test
        void unwrapShouldAcceptWithoutCrlWhenRevocationIsNotChecked() throws Exception {
            SmimeInbound noRevocation = new SmimeInbound(pki.trustWithCrls(List.of(), RevocationPolicy.NONE), Clock.systemUTC());
            MimeMessage signed = outbound.sign(TestMessages.parse(TestMessages.SIMPLE), pki.revoked.signingIdentity());

            assertThat(assertUnwrapped(noRevocation.unwrap(signed, pki.keysOf())).signer()).isPresent();
        }

        @Test
        void unwrapShouldTakeTheCurrentTrustForEachMessage() throws Exception {
            java.util.concurrent.atomic.AtomicReference<VerificationTrust> trust =
                new java.util.concurrent.atomic.AtomicReference<>(pki.trustWithCrls(List.of(), RevocationPolicy.REQUIRE_CRL));
            SmimeInbound refreshed = new SmimeInbound(trust::get, Clock.systemUTC(), SmimeInbound.DEFAULT_MAX_CONTENT_BYTES, new SecureRandom());
            MimeMessage signed = outbound.sign(TestMessages.parse(TestMessages.SIMPLE), pki.alice.signingIdentity());
            assertRefused(refreshed.unwrap(signed, pki.keysOf()), SmimeFailure.REVOCATION_UNKNOWN);

            trust.set(pki.trust());

            assertUnwrapped(refreshed.unwrap(signed, pki.keysOf()));
        }

        @Test
        void unwrapShouldRefuseASignerOfAnUnknownCa() throws Exception {
            MimeMessage signed = outbound.sign(TestMessages.parse(TestMessages.SIMPLE), pki.stranger.signingIdentity());

            assertRefused(inbound.unwrap(signed, pki.keysOf()), SmimeFailure.UNKNOWN_CA);
        }

        @Test
        void unwrapShouldRefuseASignerWhoseCertificateExpiredSinceSigning() throws Exception {
            MimeMessage signed = outbound.sign(TestMessages.parse(TestMessages.SIMPLE), pki.alice.signingIdentity());
            Clock twoYearsLater = Clock.offset(Clock.systemUTC(), Duration.ofDays(730));
            SmimeInbound later = new SmimeInbound(pki.trustWithCrls(List.of(), RevocationPolicy.NONE), twoYearsLater);

            assertRefused(later.unwrap(signed, pki.keysOf()), SmimeFailure.CERTIFICATE_EXPIRED);
        }

        @Test
        void unwrapShouldRefuseASignerCertificateNotMeantForMail() throws Exception {
            MimeMessage signed = RawCms.signed("SHA256withRSA", pki.serverOnly.privateKey(), pki.serverOnly.certificate());

            assertRefused(inbound.unwrap(signed, pki.keysOf()), SmimeFailure.CERTIFICATE_NOT_ALLOWED);
        }

        @Test
        void unwrapShouldAcceptASignatureMadeByBouncyCastleDirectly() throws Exception {
            MimeMessage signed = RawCms.signed("SHA256withRSA", pki.alice.privateKey(), pki.alice.certificate());

            assertThat(assertUnwrapped(inbound.unwrap(signed, pki.keysOf())).signer()).isPresent();
        }
    }

    @Nested
    class WeakAlgorithms {
        @Test
        void unwrapShouldRefuseASha1Signature() throws Exception {
            MimeMessage signed = RawCms.signed("SHA1withRSA", pki.alice.privateKey(), pki.alice.certificate());

            assertThat(assertRefused(inbound.unwrap(signed, pki.keysOf()), SmimeFailure.WEAK_ALGORITHM).detail()).isEqualTo("SHA-1 digest");
        }

        @Test
        void unwrapShouldRefuseAnMd5Signature() throws Exception {
            MimeMessage signed = RawCms.signed("MD5withRSA", pki.alice.privateKey(), pki.alice.certificate());

            assertRefused(inbound.unwrap(signed, pki.keysOf()), SmimeFailure.WEAK_ALGORITHM);
        }

        @Test
        void unwrapShouldRefuseASignerKeyUnder2048Bits() throws Exception {
            MimeMessage signed = RawCms.signed("SHA256withRSA", pki.weakKey.privateKey(), pki.weakKey.certificate());

            assertThat(assertRefused(inbound.unwrap(signed, pki.keysOf()), SmimeFailure.WEAK_ALGORITHM).detail()).contains("1024 bits");
        }

        @Test
        void unwrapShouldRefuseTripleDes() throws Exception {
            MimeMessage encrypted = RawCms.enveloped(CMSAlgorithm.DES_EDE3_CBC, 192, pki.bob.certificate());

            assertThat(assertRefused(inbound.unwrap(encrypted, pki.keysOf(pki.bob)), SmimeFailure.WEAK_ALGORITHM).detail()).contains("3DES");
        }

        @Test
        void unwrapShouldRefuseRc2() throws Exception {
            MimeMessage encrypted = RawCms.enveloped(CMSAlgorithm.RC2_CBC, 128, pki.bob.certificate());

            assertThat(assertRefused(inbound.unwrap(encrypted, pki.keysOf(pki.bob)), SmimeFailure.WEAK_ALGORITHM).detail()).contains("RC2");
        }

        @Test
        void unwrapShouldAcceptAes128Cbc() throws Exception {
            MimeMessage encrypted = RawCms.enveloped(CMSAlgorithm.AES128_CBC, 128, pki.bob.certificate());

            assertThat(assertUnwrapped(inbound.unwrap(encrypted, pki.keysOf(pki.bob))).contentEncryption()).contains("AES-128-CBC");
        }

        @Test
        void unwrapShouldRefuseCompressedData() throws Exception {
            byte[] compressed = new CMSCompressedDataGenerator().generate(
                new CMSProcessableByteArray(RawCms.ENTITY.getBytes(StandardCharsets.US_ASCII)), new ZlibCompressor()).getEncoded();

            assertRefused(inbound.unwrap(RawCms.pkcs7Mime("compressed-data", compressed), pki.keysOf()), SmimeFailure.UNSUPPORTED);
        }
    }

    @Nested
    class Malformed {
        @Test
        void unwrapShouldRefuseAPkcs7BodyThatIsNotCms() {
            MimeMessage garbage = RawCms.pkcs7Mime("enveloped-data", "this is not a CMS structure".getBytes(StandardCharsets.US_ASCII));

            assertRefused(inbound.unwrap(garbage, pki.keysOf(pki.bob)), SmimeFailure.MALFORMED);
        }

        @Test
        void unwrapShouldRefuseATruncatedEnvelope() throws Exception {
            MimeMessage encrypted = outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE), List.of(pki.bob.recipient()));
            byte[] der = Base64.getMimeDecoder().decode(TestMessages.rawBody(encrypted));

            for (int length : new int[] {der.length - 1, der.length - 20, der.length / 2, 200, 30, 3}) {
                MimeMessage truncated = TestMessages.withPkcs7Body(encrypted, java.util.Arrays.copyOf(der, length));

                SmimeResult result = inbound.unwrap(truncated, pki.keysOf(pki.bob));

                assertThat(result).as("truncated to %d bytes", length).isInstanceOf(SmimeResult.Refused.class);
                assertThat(((SmimeResult.Refused) result).failure()).isIn(SmimeFailure.MALFORMED, SmimeFailure.CANNOT_DECRYPT, SmimeFailure.INTEGRITY);
            }
        }

        @Test
        void unwrapShouldRefuseATruncatedSignature() throws Exception {
            String signed = new String(TestMessages.bytes(outbound.sign(TestMessages.parse(TestMessages.SIMPLE), pki.alice.signingIdentity())),
                StandardCharsets.US_ASCII);
            int signatureStart = signed.indexOf("MIA", signed.indexOf("smime.p7s"));
            String truncated = signed.substring(0, signatureStart + 300) + "\r\n--" + boundaryOf(signed) + "--\r\n";

            assertRefused(inbound.unwrap(TestMessages.parse(truncated), pki.keysOf()), SmimeFailure.MALFORMED);
        }

        @Test
        void unwrapShouldRefuseMultipartSignedWithoutSignaturePart() {
            MimeMessage message = TestMessages.parse("From: a@b.fr\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256; boundary=x\r\n\r\n"
                + "--x\r\nContent-Type: text/plain\r\n\r\nBonjour\r\n--x--\r\n");

            assertThat(assertRefused(inbound.unwrap(message, pki.keysOf()), SmimeFailure.MALFORMED).detail()).contains("no signature part");
        }

        @Test
        void unwrapShouldRefuseMultipartSignedWithoutBoundary() {
            MimeMessage message = TestMessages.parse("From: a@b.fr\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"\r\n\r\nBonjour\r\n");

            assertRefused(inbound.unwrap(message, pki.keysOf()), SmimeFailure.MALFORMED);
        }

        @Test
        void unwrapShouldRefuseASecondPartThatIsNotASignature() {
            MimeMessage message = TestMessages.parse("From: a@b.fr\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=x\r\n\r\n"
                + "--x\r\nContent-Type: text/plain\r\n\r\nBonjour\r\n--x\r\nContent-Type: text/plain\r\n\r\nnot a signature\r\n--x--\r\n");

            assertRefused(inbound.unwrap(message, pki.keysOf()), SmimeFailure.MALFORMED);
        }

        @Test
        void unwrapShouldRefuseAnOversizedSignaturePart() {
            String huge = Base64.getMimeEncoder().encodeToString(new byte[1024 * 1024 + 10]);
            MimeMessage message = TestMessages.parse("From: a@b.fr\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=x\r\n\r\n"
                + "--x\r\nContent-Type: text/plain\r\n\r\nBonjour\r\n--x\r\nContent-Type: application/pkcs7-signature\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + huge + "\r\n--x--\r\n");

            assertThat(assertRefused(inbound.unwrap(message, pki.keysOf()), SmimeFailure.MALFORMED).detail()).contains("larger than");
        }

        @Test
        void unwrapShouldRefuseContentOverTheLimit() throws Exception {
            SmimeInbound small = new SmimeInbound(pki::trust, Clock.systemUTC(), 1000, new SecureRandom());
            String big = TestMessages.SIMPLE.replace("Voici le compte rendu.", "x".repeat(900) + "\r\n" + "y".repeat(900));
            MimeMessage encrypted = outbound.encrypt(TestMessages.parse(big), List.of(pki.bob.recipient()));

            assertRefused(small.unwrap(encrypted, pki.keysOf(pki.bob)), SmimeFailure.TOO_LARGE);
        }

        @Test
        void unwrapShouldRefuseTooManyNestedLayers() throws Exception {
            MimeMessage message = TestMessages.parse(TestMessages.SIMPLE);
            for (int i = 0; i <= SmimeInbound.MAX_LAYERS; i++) {
                message = outbound.encrypt(message, List.of(pki.bob.recipient()));
            }

            assertThat(assertRefused(inbound.unwrap(message, pki.keysOf(pki.bob)), SmimeFailure.MALFORMED).detail())
                .contains("nested S/MIME layers");
        }

        @Test
        void unwrapShouldRefuseAnUnparsableContentTypeThatClaimsSmime() {
            MimeMessage message = TestMessages.parse("From: a@b.fr\r\nMIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; ===\r\n\r\nxx\r\n");

            assertRefused(inbound.unwrap(message, pki.keysOf()), SmimeFailure.MALFORMED);
        }
    }

    private static String boundaryOf(String signed) {
        int start = signed.indexOf("boundary=\"") + "boundary=\"".length();
        return signed.substring(start, signed.indexOf('"', start));
    }
}
