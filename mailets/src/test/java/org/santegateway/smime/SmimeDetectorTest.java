package org.santegateway.smime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Base64;
import java.util.List;

import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

class SmimeDetectorTest {
    private final TestPki pki = TestPki.get();
    private final SmimeOutbound outbound = new SmimeOutbound(Clock.systemUTC());

    @Test
    void detectShouldFindNothingInAPlainMessage() {
        assertThat(SmimeDetector.detect(TestMessages.parse(TestMessages.MULTIPART))).isEqualTo(SmimeProtection.NONE);
    }

    @Test
    void detectShouldFindNothingWithoutContentType() {
        assertThat(SmimeDetector.detect(TestMessages.parse("From: a@b.fr\r\n\r\nBonjour\r\n"))).isEqualTo(SmimeProtection.NONE);
    }

    @Test
    void detectShouldFindNothingWhenContentTypeIsUnparsable() {
        assertThat(SmimeDetector.detect(withContentType("text/plain; ===", "Bonjour"))).isEqualTo(SmimeProtection.NONE);
    }

    @Test
    void detectShouldRecogniseAClientSignedMessage() throws Exception {
        MimeMessage signed = TestMessages.reparse(outbound.sign(TestMessages.parse(TestMessages.SIMPLE), pki.alice.signingIdentity()));

        assertThat(SmimeDetector.detect(signed)).isEqualTo(SmimeProtection.SIGNED);
        assertThat(SmimeDetector.detect(signed).isProtected()).isTrue();
    }

    @Test
    void detectShouldIgnoreAPgpSignedMessage() {
        MimeMessage pgp = withContentType("multipart/signed; protocol=\"application/pgp-signature\"; micalg=pgp-sha256; boundary=x", "--x--");

        assertThat(SmimeDetector.detect(pgp)).isEqualTo(SmimeProtection.NONE);
    }

    @Test
    void detectShouldRecogniseAClientEncryptedMessage() throws Exception {
        MimeMessage encrypted = TestMessages.reparse(outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE), List.of(pki.bob.recipient())));

        assertThat(SmimeDetector.detect(encrypted)).isEqualTo(SmimeProtection.ENCRYPTED);
    }

    @Test
    void detectShouldReadTheSmimeTypeParameter() {
        assertThat(SmimeDetector.detect(withContentType("application/pkcs7-mime; smime-type=enveloped-data", "x"))).isEqualTo(SmimeProtection.ENCRYPTED);
        assertThat(SmimeDetector.detect(withContentType("application/x-pkcs7-mime; smime-type=signed-data", "x"))).isEqualTo(SmimeProtection.OPAQUE_SIGNED);
        assertThat(SmimeDetector.detect(withContentType("application/pkcs7-mime; smime-type=compressed-data", "x"))).isEqualTo(SmimeProtection.COMPRESSED);
    }

    @Test
    void detectShouldLookAtTheDataWhenSmimeTypeIsMissing() throws Exception {
        MimeMessage encrypted = outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE), List.of(pki.bob.recipient()));
        String body = new String(TestMessages.rawBody(encrypted), java.nio.charset.StandardCharsets.US_ASCII);

        MimeMessage withoutType = TestMessages.parse("From: a@b.fr\r\nMIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; name=smime.p7m\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n" + body);

        assertThat(SmimeDetector.detect(withoutType)).isEqualTo(SmimeProtection.ENCRYPTED);
    }

    @Test
    void detectShouldRecogniseAnOctetStreamNamedP7m() throws Exception {
        MimeMessage encrypted = outbound.encrypt(TestMessages.parse(TestMessages.SIMPLE), List.of(pki.bob.recipient()));
        String body = new String(TestMessages.rawBody(encrypted), java.nio.charset.StandardCharsets.US_ASCII);

        MimeMessage octetStream = TestMessages.parse("From: a@b.fr\r\nMIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\n"
            + "Content-Disposition: attachment; filename=\"smime.p7m\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + body);

        assertThat(SmimeDetector.detect(octetStream)).isEqualTo(SmimeProtection.ENCRYPTED);
    }

    @Test
    void detectShouldFindNothingInAnOctetStreamP7mThatIsNotCms() {
        MimeMessage fake = TestMessages.parse("From: a@b.fr\r\nMIME-Version: 1.0\r\nContent-Type: application/octet-stream; name=x.p7m\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString("not cms".getBytes()) + "\r\n");

        assertThat(SmimeDetector.detect(fake)).isEqualTo(SmimeProtection.NONE);
    }

    @Test
    void detectShouldFindNothingInAnEmptyPkcs7Body() {
        assertThat(SmimeDetector.detect(withContentType("application/pkcs7-mime", ""))).isEqualTo(SmimeProtection.NONE);
    }

    private static MimeMessage withContentType(String contentType, String body) {
        return TestMessages.parse("From: a@b.fr\r\nMIME-Version: 1.0\r\nContent-Type: " + contentType + "\r\n\r\n" + body + "\r\n");
    }
}
