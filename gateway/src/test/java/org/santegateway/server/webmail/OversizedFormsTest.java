package org.santegateway.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Forms over the aggregation limit, fed as the HTTP codec delivers them (1 MB chunks): the text fields before and after
 * a 25 MB file come out in a small form marked over the limit; a body that is not multipart, or goes beyond the
 * ceiling, gets the 413 page; smaller requests pass untouched.
 */
class OversizedFormsTest {
    static final long LIMIT = 11_000_000;
    static final long CEILING = 51_000_000;

    final AtomicInteger pages = new AtomicInteger();
    final EmbeddedChannel channel = new EmbeddedChannel(new OversizedForms(LIMIT, CEILING, pages::incrementAndGet));

    static HttpRequest request(long length) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/conversations/m-1-2/reponse");
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, "multipart/form-data; boundary=XyZ");
        request.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
        return request;
    }

    void feed(byte[] body) {
        channel.writeInbound(request(body.length));
        int chunk = 1_000_000;
        for (int offset = 0; offset < body.length; offset += chunk) {
            int size = Math.min(chunk, body.length - offset);
            if (offset + size >= body.length) {
                channel.writeInbound(new DefaultLastHttpContent(Unpooled.copiedBuffer(body, offset, size)));
            } else {
                channel.writeInbound(new DefaultHttpContent(Unpooled.copiedBuffer(body, offset, size)));
            }
        }
    }

    static byte[] form(int fileBytes) {
        String before = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\njeton\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"texte\"\r\n\r\nMerci docteur, voici mes examens.\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"fichiers\"; filename=\"examens.pdf\"\r\nContent-Type: application/pdf\r\n\r\n";
        String after = "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"apres\"\r\n\r\ncôté après\r\n--XyZ--\r\n";
        byte[] head = before.getBytes(StandardCharsets.UTF_8);
        byte[] tail = after.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + fileBytes + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        java.util.Arrays.fill(body, head.length, head.length + fileBytes, (byte) 'a');
        System.arraycopy(tail, 0, body, head.length + fileBytes, tail.length);
        return body;
    }

    @Test
    void theFieldsAroundALargeFileShouldComeOutMarkedOverTheLimit() {
        feed(form(25_000_000));

        FullHttpRequest out = channel.readInbound();
        String body = out.content().toString(StandardCharsets.UTF_8);
        assertThat(out.uri()).isEqualTo("/conversations/m-1-2/reponse");
        assertThat(out.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/x-www-form-urlencoded");
        assertThat(body).contains("csrf=jeton").contains("texte=Merci%20docteur%2C%20voici%20mes%20examens.").contains("apres=c%C3%B4t%C3%A9%20apr%C3%A8s")
            .contains(WebRequest.OVER_LIMIT + "=1").doesNotContain("aaaa");
        assertThat(out.content().readableBytes()).isLessThan(1_000);
        assertThat(pages).hasValue(0);
        out.release();
    }

    @Test
    void aBodyThatIsNoFormShouldGetThePageAndNothingPiledUp() {
        feed(new byte[12_000_000]);

        assertThat(pages).hasValue(1);
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void aFormBeyondTheCeilingShouldGetThePage() {
        feed(form(60_000_000));

        assertThat(pages).hasValue(1);
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void aSmallFormShouldPassUntouched() {
        HttpRequest small = request(1_000);
        channel.writeInbound(small);

        assertThat((Object) channel.readInbound()).isSameAs(small);
    }

    @Test
    void aTextFieldOverOneMegabyteShouldGetThePage() {
        String head = "--XyZ\r\nContent-Disposition: form-data; name=\"texte\"\r\n\r\n";
        byte[] text = new byte[12_000_000];
        java.util.Arrays.fill(text, (byte) 'b');
        byte[] body = new byte[head.length() + text.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, body, 0, head.length());
        System.arraycopy(text, 0, body, head.length(), text.length);

        feed(body);

        assertThat(pages).hasValue(1);
        assertThat((Object) channel.readInbound()).isNull();
    }
}
