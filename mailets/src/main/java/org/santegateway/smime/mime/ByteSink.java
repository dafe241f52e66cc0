package org.santegateway.smime.mime;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

import javax.mail.util.SharedByteArrayInputStream;

/**
 * A growable byte buffer whose content is shared, not copied, with the message built on it
 * (a {@link SharedByteArrayInputStream} over the same array). Optionally bounded: writing past the
 * limit throws {@link LimitExceededException}.
 */
public final class ByteSink extends OutputStream {
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private byte[] buffer;
    private int count;
    private final long limit;

    public ByteSink(int initialCapacity) {
        this(initialCapacity, MAX_ARRAY);
    }

    public ByteSink(int initialCapacity, long limit) {
        this.buffer = new byte[Math.max(64, initialCapacity)];
        this.limit = Math.min(limit, MAX_ARRAY);
    }

    /** Thrown when the content would exceed the limit. */
    public static final class LimitExceededException extends java.io.IOException {
        private static final long serialVersionUID = 1L;

        LimitExceededException(long limit) {
            super("content larger than " + limit + " bytes");
        }
    }

    @Override
    public void write(int b) throws LimitExceededException {
        ensure(1);
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws LimitExceededException {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, count, length);
        count += length;
    }

    public void write(String ascii) throws LimitExceededException {
        int length = ascii.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            buffer[count++] = (byte) ascii.charAt(i);
        }
    }

    /** Reads the stream to its end into this sink; content of exactly the limit is accepted. */
    public void readFrom(InputStream in) throws java.io.IOException {
        while (true) {
            if (count >= limit) {
                if (in.read() < 0) {
                    return;
                }
                throw new LimitExceededException(limit);
            }
            if (count == buffer.length) {
                ensure(1);
            }
            int n = in.read(buffer, count, (int) Math.min(buffer.length, limit) - count);
            if (n < 0) {
                return;
            }
            count += n;
        }
    }

    private void ensure(int more) throws LimitExceededException {
        long needed = (long) count + more;
        if (needed > limit) {
            throw new LimitExceededException(limit);
        }
        if (needed > buffer.length) {
            long grown = Math.max(needed, Math.min((long) buffer.length * 2, limit));
            buffer = Arrays.copyOf(buffer, (int) Math.min(grown, MAX_ARRAY));
        }
    }

    public int size() {
        return count;
    }

    public byte[] array() {
        return buffer;
    }

    /** A stream over {@code [from, size())} sharing this sink's array. */
    public SharedByteArrayInputStream shared(int from) {
        return new SharedByteArrayInputStream(buffer, from, count - from);
    }
}
