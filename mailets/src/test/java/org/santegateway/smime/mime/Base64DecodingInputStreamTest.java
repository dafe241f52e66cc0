package org.santegateway.smime.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;

class Base64DecodingInputStreamTest {
    @Test
    void readShouldDecodeMimeBase64WhateverTheLengthAndChunking() throws IOException {
        Random random = new Random(3);
        for (int length : new int[] {0, 1, 2, 3, 4, 57, 58, 100_000, 200_003}) {
            byte[] content = new byte[length];
            random.nextBytes(content);
            byte[] mime = Base64.getMimeEncoder().encode(content);
            for (int chunk : new int[] {1, 5, 76, 65_536, Integer.MAX_VALUE}) {
                assertThat(new Base64DecodingInputStream(chunked(mime, chunk)).readAllBytes()).as("%d bytes, chunks of %d", length, chunk)
                    .isEqualTo(content);
            }
        }
    }

    @Test
    void readShouldIgnoreLineBreaksAndOtherNonAlphabetBytes() throws IOException {
        byte[] text = "Qm9u\r\nam91\n ci\tw=\r\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(new String(new Base64DecodingInputStream(new ByteArrayInputStream(text)).readAllBytes(), StandardCharsets.US_ASCII))
            .isEqualTo("Bonjour,");
    }

    @Test
    void readShouldAcceptAMissingFinalPadding() throws IOException {
        assertThat(new Base64DecodingInputStream(new ByteArrayInputStream("Qm9uam91cg".getBytes(StandardCharsets.US_ASCII))).readAllBytes())
            .isEqualTo("Bonjour".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void readShouldFailOnATruncatedQuantum() {
        assertThatThrownBy(() -> new Base64DecodingInputStream(new ByteArrayInputStream("Qm9uQ".getBytes(StandardCharsets.US_ASCII))).readAllBytes())
            .isInstanceOf(IOException.class);
    }

    @Test
    void readShouldFailOnPaddingInTheMiddle() {
        assertThatThrownBy(() -> new Base64DecodingInputStream(new ByteArrayInputStream("Qm8=Qm9u".getBytes(StandardCharsets.US_ASCII))).readAllBytes())
            .isInstanceOf(IOException.class);
    }

    private static InputStream chunked(byte[] bytes, int chunk) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return super.read(buffer, offset, Math.min(chunk, length));
            }
        };
    }
}
