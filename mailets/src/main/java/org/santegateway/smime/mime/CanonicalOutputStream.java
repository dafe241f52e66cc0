package org.santegateway.smime.mime;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes MIME text in canonical form for signing (RFC 8551 section 3.1.1): a bare LF becomes
 * CRLF; CRLF passes unchanged; everything else is untouched. Content that already uses CRLF (what
 * SMTP delivers and James stores) goes through as is, in runs.
 */
public final class CanonicalOutputStream extends FilterOutputStream {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] CRLF = {CR, LF};

    private boolean lastWasCr;

    public CanonicalOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        if (b == LF && !lastWasCr) {
            out.write(CRLF);
        } else {
            out.write(b);
        }
        lastWasCr = b == CR;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int runStart = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == LF) {
                boolean precededByCr = i > offset ? bytes[i - 1] == CR : lastWasCr;
                if (!precededByCr) {
                    out.write(bytes, runStart, i - runStart);
                    out.write(CR);
                    runStart = i;
                }
            }
        }
        out.write(bytes, runStart, end - runStart);
        if (length > 0) {
            lastWasCr = bytes[end - 1] == CR;
        }
    }

    /** Does not close the underlying stream: what follows the signed part goes to it. */
    @Override
    public void close() throws IOException {
        flush();
    }
}
