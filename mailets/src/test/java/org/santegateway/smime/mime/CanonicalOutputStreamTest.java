package org.santegateway.smime.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

class CanonicalOutputStreamTest {
    @Test
    void writeShouldTurnBareLineFeedsIntoCrlf() throws IOException {
        assertThat(canonical("a\nb\n\nc")).isEqualTo("a\r\nb\r\n\r\nc");
    }

    @Test
    void writeShouldLeaveCrlfUnchanged() throws IOException {
        assertThat(canonical("a\r\nb\r\n")).isEqualTo("a\r\nb\r\n");
    }

    @Test
    void writeShouldLeaveABareCarriageReturnUnchanged() throws IOException {
        assertThat(canonical("a\rb")).isEqualTo("a\rb");
    }

    @Test
    void writeShouldNotDoubleTheCarriageReturnWhenCrlfIsSplitAcrossWrites() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CanonicalOutputStream canonical = new CanonicalOutputStream(out);

        canonical.write("a\r".getBytes(StandardCharsets.US_ASCII));
        canonical.write("\nb\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("a\r\nb\r\n");
    }

    @Test
    void writeShouldGiveTheSameBytesWhateverTheChunking() throws IOException {
        byte[] input = new byte[20_000];
        Random random = new Random(7);
        for (int i = 0; i < input.length; i++) {
            int r = random.nextInt(10);
            input[i] = (byte) (r == 0 ? '\n' : r == 1 ? '\r' : 'a' + r);
        }
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        new CanonicalOutputStream(whole).write(input);

        for (int chunk : new int[] {1, 2, 3, 7, 64, 4096}) {
            ByteArrayOutputStream chunked = new ByteArrayOutputStream();
            CanonicalOutputStream canonical = new CanonicalOutputStream(chunked);
            for (int offset = 0; offset < input.length; offset += chunk) {
                if (chunk == 1) {
                    canonical.write(input[offset]);
                } else {
                    canonical.write(input, offset, Math.min(chunk, input.length - offset));
                }
            }
            assertThat(chunked.toByteArray()).as("chunks of %d", chunk).isEqualTo(whole.toByteArray());
        }
    }

    private static String canonical(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CanonicalOutputStream canonical = new CanonicalOutputStream(out);
        canonical.write(text.getBytes(StandardCharsets.US_ASCII));
        canonical.close();
        return out.toString(StandardCharsets.US_ASCII);
    }
}
