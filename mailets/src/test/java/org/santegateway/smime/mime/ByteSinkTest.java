package org.santegateway.smime.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class ByteSinkTest {
    @Test
    void readFromShouldAcceptContentOfExactlyTheLimit() throws IOException {
        ByteSink sink = new ByteSink(16, 100);

        sink.readFrom(new ByteArrayInputStream(new byte[100]));

        assertThat(sink.size()).isEqualTo(100);
    }

    @Test
    void readFromShouldRefuseOneByteOverTheLimitWhateverTheInitialCapacity() {
        for (int capacity : new int[] {1, 64, 1000}) {
            ByteSink sink = new ByteSink(capacity, 100);

            assertThatThrownBy(() -> sink.readFrom(new ByteArrayInputStream(new byte[101]))).isInstanceOf(ByteSink.LimitExceededException.class);
            assertThat(sink.size()).isLessThanOrEqualTo(100);
        }
    }

    @Test
    void readFromShouldKeepEveryByteWhenTheStreamTrickles() throws IOException {
        byte[] content = new byte[70_000];
        Arrays.fill(content, (byte) 7);
        content[69_999] = 9;
        InputStream trickle = new ByteArrayInputStream(content) {
            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                return super.read(buffer, offset, Math.min(3, length));
            }
        };
        ByteSink sink = new ByteSink(16);

        sink.readFrom(trickle);

        assertThat(Arrays.copyOf(sink.array(), sink.size())).isEqualTo(content);
    }

    @Test
    void writeShouldRefuseToGrowPastTheLimit() throws IOException {
        ByteSink sink = new ByteSink(8, 10);
        sink.write(new byte[10], 0, 10);

        assertThatThrownBy(() -> sink.write(1)).isInstanceOf(ByteSink.LimitExceededException.class);
    }

    @Test
    void sharedShouldExposeTheContentWithoutCopy() throws IOException {
        ByteSink sink = new ByteSink(8);
        sink.write("headers\r\n\r\nbody");

        assertThat(new String(sink.shared(11).readAllBytes())).isEqualTo("body");
    }
}
