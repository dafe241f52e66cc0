package org.santegateway.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

import javax.mail.internet.MimeMessage;

import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.santegateway.smime.InboundMime.Entity;
import org.santegateway.smime.mime.ByteSink;

/** The MIME plumbing of the inbound engine, on its own: entities over a shared buffer, decoding, CMS type peeking. */
class InboundMimeTest {

    @Nested
    class Entities {
        @Test
        void parseShouldSplitHeadersFromABodyThatStaysInTheSameBuffer() throws Exception {
            byte[] buffer = "ignored prefixContent-Type: text/plain\r\nContent-Transfer-Encoding: 7bit\r\n\r\nBonjour\r\ntrailer"
                .getBytes(StandardCharsets.US_ASCII);
            int start = "ignored prefix".length();
            int end = buffer.length - "trailer".length();

            Entity entity = Entity.parse(buffer, start, end);

            assertThat(entity.buffer()).isSameAs(buffer);
            assertThat(entity.headersView().get("Content-Type")).isEqualTo("text/plain");
            assertThat(entity.headersView().encoding()).isEqualTo("7bit");
            assertThat(new String(entity.body().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("Bonjour\r\n");
            assertThat(new String(entity.sharedBody().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("Bonjour\r\n");
        }

        @Test
        void readBodyShouldKeepOnlyTheContentHeadersOfTheMessage() throws Exception {
            MimeMessage message = TestMessages.parse(TestMessages.SIMPLE);

            Entity body = InboundMime.readBody(message, 1024 * 1024);

            assertThat(body.headersView().get("Content-Type")).isEqualTo(message.getHeader("Content-Type", null));
            assertThat(body.headersView().get("From")).isNull();
            assertThat(body.headersView().get("Subject")).isNull();
            assertThat(body.body().readAllBytes()).isEqualTo(TestMessages.rawBody(message));
        }

        @Test
        void readBodyShouldStopWhenTheBodyIsLargerThanTheLimit() {
            MimeMessage message = TestMessages.parse(TestMessages.SIMPLE);

            assertThatThrownBy(() -> InboundMime.readBody(message, 10)).isInstanceOf(ByteSink.LimitExceededException.class);
        }
    }

    @Nested
    class Decoding {
        @Test
        void decodeShouldUndoBase64WrappedOverLines() throws Exception {
            byte[] content = new byte[300];
            for (int i = 0; i < content.length; i++) {
                content[i] = (byte) i;
            }
            byte[] encoded = Base64.getMimeEncoder().encode(content);

            try (InputStream decoded = InboundMime.decode(new ByteArrayInputStream(encoded), " Base64 ")) {
                assertThat(decoded.readAllBytes()).isEqualTo(content);
            }
        }

        @Test
        void decodeShouldUndoQuotedPrintable() throws Exception {
            try (InputStream decoded = InboundMime.decode(TestMessages.stream("caf=C3=A9 =\r\nsoir"), "quoted-printable")) {
                assertThat(new String(decoded.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("café soir");
            }
        }

        @Test
        void decodeShouldPassTheBytesThroughWhenNoEncodingIsNamed() throws Exception {
            try (InputStream decoded = InboundMime.decode(TestMessages.stream("Bonjour"), null)) {
                assertThat(new String(decoded.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("Bonjour");
            }
        }
    }

    @Nested
    class ContentTypePeeking {
        @Test
        void peekContentTypeShouldReadTheCmsTypeAndLeaveTheStreamAtItsStart() throws Exception {
            TestPki pki = TestPki.get();
            MimeMessage encrypted = new SmimeOutbound(Clock.systemUTC()).encrypt(TestMessages.parse(TestMessages.SIMPLE), List.of(pki.bob.recipient()));
            byte[] der = Base64.getMimeDecoder().decode(TestMessages.rawBody(encrypted));
            BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(der), InboundMime.CHUNK);

            assertThat(InboundMime.peekContentType(in)).isEqualTo(CMSObjectIdentifiers.authEnvelopedData);
            assertThat(in.readAllBytes()).isEqualTo(der);
        }

        @Test
        void peekContentTypeShouldRefuseAsMalformedWhenTheBodyIsNotCms() {
            BufferedInputStream in = new BufferedInputStream(TestMessages.stream("Bonjour, ceci n'est pas du CMS"));

            assertThatThrownBy(() -> InboundMime.peekContentType(in))
                .isInstanceOfSatisfying(Refusal.class, refusal -> assertThat(refusal.failure()).isEqualTo(SmimeFailure.MALFORMED))
                .hasMessage("application/pkcs7-mime content is not a CMS ContentInfo");
        }

        @Test
        void peekContentTypeShouldRefuseAsMalformedWhenTheCmsIsTruncated() {
            BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(new byte[] {0x30, (byte) 0x82, 0x10}));

            assertThatThrownBy(() -> InboundMime.peekContentType(in))
                .isInstanceOfSatisfying(Refusal.class, refusal -> assertThat(refusal.failure()).isEqualTo(SmimeFailure.MALFORMED));
        }
    }
}
