package org.santegateway.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;

import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.santegateway.smime.InboundMime.Entity;
import org.santegateway.smime.cms.AlgorithmRefusedException;

/** The signature layer of the inbound engine: detached and opaque signatures, signers and their paths. */
class SignatureVerifierTest {
    private final TestPki pki = TestPki.get();
    private final SmimeOutbound outbound = new SmimeOutbound(Clock.systemUTC());
    private final SignatureVerifier verifier = new SignatureVerifier(pki::trust, Clock.systemUTC(), SmimeInbound.DEFAULT_MAX_CONTENT_BYTES);

    @Nested
    class Detached {
        @Test
        void verifyDetachedShouldReturnTheSignedPartAsASliceOfTheReceivedBuffer() throws Exception {
            MimeMessage signed = TestMessages.reparse(outbound.sign(TestMessages.parse(TestMessages.SIMPLE), pki.alice.signingIdentity()));
            Entity body = InboundMime.readBody(signed, SmimeInbound.DEFAULT_MAX_CONTENT_BYTES);

            SignatureVerifier.Verified verified = verifier.verifyDetached(new ContentType(signed.getContentType()), body);

            assertThat(verified.content().buffer()).isSameAs(body.buffer());
            assertThat(verified.signer().certificate()).isEqualTo(pki.alice.certificate());
            assertThat(verified.signer().digestAlgorithm()).isEqualTo("SHA-256");
            assertThat(new String(verified.content().body().readAllBytes(), StandardCharsets.UTF_8)).contains("Voici le compte rendu.");
        }

        @Test
        void verifyDetachedShouldRefuseAsMalformedWhenTheBoundaryIsMissing() throws Exception {
            MimeMessage signed = RawCms.signed("SHA256withRSA", pki.alice.privateKey(), pki.alice.certificate());
            Entity body = InboundMime.readBody(signed, SmimeInbound.DEFAULT_MAX_CONTENT_BYTES);

            assertThatThrownBy(() -> verifier.verifyDetached(new ContentType("multipart/signed; protocol=\"application/pkcs7-signature\""), body))
                .isInstanceOfSatisfying(Refusal.class, refusal -> assertThat(refusal.failure()).isEqualTo(SmimeFailure.MALFORMED))
                .hasMessage("multipart/signed without boundary");
        }

        @Test
        void verifyDetachedShouldRefuseASha1SignatureAsWeak() throws Exception {
            MimeMessage signed = RawCms.signed("SHA1withRSA", pki.alice.privateKey(), pki.alice.certificate());
            Entity body = InboundMime.readBody(signed, SmimeInbound.DEFAULT_MAX_CONTENT_BYTES);

            assertThatThrownBy(() -> verifier.verifyDetached(new ContentType(signed.getContentType()), body))
                .isInstanceOfSatisfying(AlgorithmRefusedException.class, e -> assertThat(e.isWeak()).isTrue());
        }

        @Test
        void verifyDetachedShouldRefuseASignerOfAnotherCaAsUnknown() throws Exception {
            MimeMessage signed = TestMessages.reparse(outbound.sign(TestMessages.parse(TestMessages.SIMPLE), pki.stranger.signingIdentity()));
            Entity body = InboundMime.readBody(signed, SmimeInbound.DEFAULT_MAX_CONTENT_BYTES);

            assertThatThrownBy(() -> verifier.verifyDetached(new ContentType(signed.getContentType()), body))
                .isInstanceOfSatisfying(Refusal.class, refusal -> assertThat(refusal.failure()).isEqualTo(SmimeFailure.UNKNOWN_CA));
        }
    }

    @Nested
    class Opaque {
        @Test
        void verifyOpaqueShouldReturnTheEncapsulatedContentAndItsSigner() throws Exception {
            SignatureVerifier.Verified verified = verifier.verifyOpaque(new ByteArrayInputStream(opaque(pki.alice)));

            assertThat(verified.signer().certificate()).isEqualTo(pki.alice.certificate());
            assertThat(verified.content().headersView().get("Content-Type")).isEqualTo("text/plain; charset=us-ascii");
            assertThat(new String(verified.content().body().readAllBytes(), StandardCharsets.US_ASCII)).contains("Voici le compte rendu.");
        }

        @Test
        void verifyOpaqueShouldRefuseARevokedSigner() {
            assertThatThrownBy(() -> verifier.verifyOpaque(new ByteArrayInputStream(opaque(pki.revoked))))
                .isInstanceOfSatisfying(Refusal.class, refusal -> assertThat(refusal.failure()).isEqualTo(SmimeFailure.REVOKED));
        }

        @Test
        void verifyOpaqueShouldAskForTheTrustInForceForEachMessage() throws Exception {
            AtomicInteger asked = new AtomicInteger();
            SignatureVerifier counting = new SignatureVerifier(() -> {
                asked.incrementAndGet();
                return pki.trust();
            }, Clock.systemUTC(), SmimeInbound.DEFAULT_MAX_CONTENT_BYTES);

            counting.verifyOpaque(new ByteArrayInputStream(opaque(pki.alice)));
            counting.verifyOpaque(new ByteArrayInputStream(opaque(pki.alice)));

            assertThat(asked).hasValue(2);
        }

        private byte[] opaque(TestPki.Issued signer) throws Exception {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().setProvider(RawCms.BC).build())
                .build(new JcaContentSignerBuilder("SHA256withRSA").setProvider(RawCms.BC).build(signer.privateKey()), signer.certificate()));
            generator.addCertificates(new JcaCertStore(List.of(signer.certificate())));
            return generator.generate(new CMSProcessableByteArray(RawCms.ENTITY.getBytes(StandardCharsets.US_ASCII)), true).getEncoded();
        }
    }
}
