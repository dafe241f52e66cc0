package org.santegateway.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

import javax.mail.internet.MimeMessage;

import org.bouncycastle.cms.CMSAlgorithm;
import org.junit.jupiter.api.Test;
import org.santegateway.smime.certificates.ContentEncryption;
import org.santegateway.smime.cms.AlgorithmRefusedException;
import org.santegateway.smime.mime.ByteSink;

/** The decryption layer of the inbound engine, on the DER of an envelope. */
class EnvelopeDecryptorTest {
    private final TestPki pki = TestPki.get();
    private final SmimeOutbound outbound = new SmimeOutbound(Clock.systemUTC());
    private final EnvelopeDecryptor decryptor = new EnvelopeDecryptor(new SecureRandom(), SmimeInbound.DEFAULT_MAX_CONTENT_BYTES);

    @Test
    void decryptShouldReturnThePlaintextEntityAndNameGcmWhenAuthEnvelopedData() throws Exception {
        MimeMessage encrypted = outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE), List.of(pki.bob.recipient()));

        EnvelopeDecryptor.Decrypted decrypted = decryptor.decrypt(der(encrypted), true, pki.keysOf(pki.bob));

        assertThat(decrypted.algorithm()).isEqualTo("AES-256-GCM");
        assertThat(decrypted.content().headersView().get("Content-Type")).startsWith("text/plain");
        assertThat(new String(decrypted.content().body().readAllBytes(), StandardCharsets.UTF_8)).contains("Voici le compte rendu.");
    }

    @Test
    void decryptShouldNameCbcWhenEnvelopedData() throws Exception {
        MimeMessage encrypted = outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE),
            List.of(pki.bob.recipient().withContentEncryption(ContentEncryption.AES_256_CBC)));

        EnvelopeDecryptor.Decrypted decrypted = decryptor.decrypt(der(encrypted), false, pki.keysOf(pki.bob));

        assertThat(decrypted.algorithm()).isEqualTo("AES-256-CBC");
    }

    @Test
    void decryptShouldRefuseAsNotDecryptableWhenNoKeyIsHeldForAnyRecipient() throws Exception {
        MimeMessage encrypted = outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE), List.of(pki.alice.recipient()));

        assertThatThrownBy(() -> decryptor.decrypt(der(encrypted), true, pki.keysOf(pki.bob)))
            .isInstanceOfSatisfying(Refusal.class, refusal -> assertThat(refusal.failure()).isEqualTo(SmimeFailure.CANNOT_DECRYPT))
            .hasMessage("no held key for any of the 1 recipients");
    }

    @Test
    void decryptShouldRefuseAsAnIntegrityFailureWhenTheGcmCiphertextWasAltered() throws Exception {
        MimeMessage encrypted = outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE), List.of(pki.bob.recipient()));

        assertThatThrownBy(() -> decryptor.decrypt(der(TestMessages.withEncryptedContentTampered(encrypted)), true, pki.keysOf(pki.bob)))
            .isInstanceOfSatisfying(Refusal.class, refusal -> assertThat(refusal.failure()).isEqualTo(SmimeFailure.INTEGRITY))
            .hasMessageContaining("AES-256-GCM authentication tag");
    }

    @Test
    void decryptShouldRefuseAWeakContentEncryptionBeforeLookingForAKey() throws Exception {
        MimeMessage encrypted = RawCms.enveloped(CMSAlgorithm.DES_EDE3_CBC, 192, pki.bob.certificate());

        assertThatThrownBy(() -> decryptor.decrypt(der(encrypted), false, pki.keysOf()))
            .isInstanceOfSatisfying(AlgorithmRefusedException.class, e -> assertThat(e.isWeak()).isTrue())
            .hasMessage("3DES content encryption");
    }

    @Test
    void decryptShouldStopWhenThePlaintextIsLargerThanTheLimit() throws Exception {
        EnvelopeDecryptor small = new EnvelopeDecryptor(new SecureRandom(), 16);
        MimeMessage encrypted = outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE), List.of(pki.bob.recipient()));

        assertThatThrownBy(() -> small.decrypt(der(encrypted), true, pki.keysOf(pki.bob))).isInstanceOf(ByteSink.LimitExceededException.class);
    }

    private static InputStream der(MimeMessage encrypted) {
        return new ByteArrayInputStream(Base64.getMimeDecoder().decode(TestMessages.rawBody(encrypted)));
    }
}
