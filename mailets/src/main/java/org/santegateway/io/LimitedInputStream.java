package org.santegateway.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read and fails past a limit, so that no input of any size is read in full.
 * Parsers that wrap the {@link IOException} in their own (StAX does) can still tell a limit from
 * a broken stream with {@link #exceeded()}.
 */
public final class LimitedInputStream extends FilterInputStream {
    private final long limit;
    private long count;
    private boolean exceeded;

    public LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    /** Whether reading went past the limit. */
    public boolean exceeded() {
        return exceeded;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        // Never asks for more than one byte past the limit.
        int n = super.read(bytes, offset, (int) Math.min(length, Math.max(1, limit + 1 - count)));
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes would not be counted.
        throw new IOException("skip not supported");
    }

    private void count(int n) throws IOException {
        count += n;
        if (count > limit) {
            exceeded = true;
            throw new IOException("input larger than " + limit + " bytes");
        }
    }
}
