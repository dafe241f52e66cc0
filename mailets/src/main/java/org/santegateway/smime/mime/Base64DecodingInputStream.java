package org.santegateway.smime.mime;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Decodes MIME base64 in blocks, without allocating per block: line breaks and any other
 * non-alphabet byte are ignored (RFC 2045 section 6.8), padding ends the data, a missing final
 * padding is tolerated, a truncated quantum or data after the padding is an error. The JDK's
 * {@code Base64.getMimeDecoder().wrap()} reads its source one byte at a time, which measured here
 * as a large part of the time spent opening a 100 KB message.
 */
public final class Base64DecodingInputStream extends FilterInputStream {
    private static final int BLOCK = 64 * 1024;
    private static final int IGNORED = -1;
    private static final int PAD = -2;
    private static final int[] DECODE = new int[256];

    static {
        Arrays.fill(DECODE, IGNORED);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            DECODE[alphabet.charAt(i)] = i;
        }
        DECODE['='] = PAD;
    }

    private final byte[] raw = new byte[BLOCK];
    private final byte[] decoded = new byte[BLOCK / 4 * 3 + 3];
    private int position;
    private int limit;
    private int quantum;
    private int quantumLength;
    private boolean padded;
    private boolean finished;

    public Base64DecodingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        while (position == limit) {
            if (finished) {
                return -1;
            }
            fill();
        }
        return decoded[position++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == limit) {
            if (finished) {
                return -1;
            }
            fill();
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(decoded, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n) {
            if (position == limit) {
                if (finished) {
                    break;
                }
                fill();
                continue;
            }
            int step = (int) Math.min(n - skipped, limit - position);
            position += step;
            skipped += step;
        }
        return skipped;
    }

    @Override
    public int available() {
        return limit - position;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void fill() throws IOException {
        position = 0;
        limit = 0;
        int n = in.read(raw, 0, BLOCK);
        if (n < 0) {
            finish();
            return;
        }
        for (int i = 0; i < n; i++) {
            int value = DECODE[raw[i] & 0xff];
            if (value >= 0) {
                if (padded) {
                    throw new IOException("base64 data after the padding");
                }
                quantum = quantum << 6 | value;
                if (++quantumLength == 4) {
                    decoded[limit++] = (byte) (quantum >> 16);
                    decoded[limit++] = (byte) (quantum >> 8);
                    decoded[limit++] = (byte) quantum;
                    quantum = 0;
                    quantumLength = 0;
                }
            } else if (value == PAD && !padded) {
                padded = true;
                flushPartialQuantum();
            }
        }
    }

    private void finish() throws IOException {
        finished = true;
        if (!padded) {
            flushPartialQuantum();
        }
    }

    /** Writes the bytes of a final quantum of 2 or 3 characters; 1 character cannot be decoded. */
    private void flushPartialQuantum() throws IOException {
        if (quantumLength == 1) {
            throw new IOException("truncated base64 data");
        }
        if (quantumLength == 2) {
            decoded[limit++] = (byte) (quantum >> 4);
        } else if (quantumLength == 3) {
            decoded[limit++] = (byte) (quantum >> 10);
            decoded[limit++] = (byte) (quantum >> 2);
        }
        quantum = 0;
        quantumLength = 0;
    }
}
