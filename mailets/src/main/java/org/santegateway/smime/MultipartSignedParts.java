package org.santegateway.smime;

/**
 * Finds the two body parts of a multipart/signed body as exact byte ranges of the buffer, without
 * re-serialising anything: the signature covers the first part's bytes as transmitted (RFC 1847),
 * which a MIME parser that rebuilds headers could alter. Delimiter lines may end with CRLF or a
 * bare LF (OpenSSL writes LF) and carry trailing white space; the line break before a delimiter
 * belongs to the delimiter.
 *
 * @param firstStart  first byte of the signed part (its headers)
 * @param firstEnd    end (exclusive) of the signed part
 * @param secondStart first byte of the signature part
 * @param secondEnd   end (exclusive) of the signature part
 */
record MultipartSignedParts(int firstStart, int firstEnd, int secondStart, int secondEnd) {

    static MultipartSignedParts split(byte[] buffer, int start, int end, String boundary) throws Refusal {
        byte[] delimiter = ("--" + boundary).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Delimiter first = next(buffer, start, end, delimiter);
        if (first == null || first.closing) {
            throw malformed("no opening boundary");
        }
        Delimiter second = next(buffer, first.contentStart, end, delimiter);
        if (second == null || second.closing) {
            throw malformed("no signature part");
        }
        Delimiter closing = next(buffer, second.contentStart, end, delimiter);
        if (closing == null) {
            throw malformed("no closing boundary");
        }
        if (!closing.closing) {
            throw malformed("more than two parts");
        }
        return new MultipartSignedParts(first.contentStart, second.lineStart - lineBreakBefore(buffer, second.lineStart, first.contentStart),
            second.contentStart, closing.lineStart - lineBreakBefore(buffer, closing.lineStart, second.contentStart));
    }

    private record Delimiter(int lineStart, int contentStart, boolean closing) {
    }

    /** The next line at or after {@code from} that is a delimiter line; null if none. */
    private static Delimiter next(byte[] buffer, int from, int end, byte[] delimiter) {
        int lineStart = from;
        while (lineStart < end) {
            int lineEnd = indexOf(buffer, (byte) '\n', lineStart, end);
            int contentEnd = lineEnd < 0 ? end : lineEnd;
            if (startsWith(buffer, lineStart, contentEnd, delimiter)) {
                int after = lineStart + delimiter.length;
                boolean closing = after + 2 <= contentEnd && buffer[after] == '-' && buffer[after + 1] == '-';
                int rest = closing ? after + 2 : after;
                if (isWhiteSpace(buffer, rest, contentEnd)) {
                    return new Delimiter(lineStart, lineEnd < 0 ? end : lineEnd + 1, closing);
                }
            }
            if (lineEnd < 0) {
                return null;
            }
            lineStart = lineEnd + 1;
        }
        return null;
    }

    /** 2 for CRLF, 1 for LF, 0 at the very start of the part. */
    private static int lineBreakBefore(byte[] buffer, int lineStart, int partStart) {
        if (lineStart <= partStart || buffer[lineStart - 1] != '\n') {
            return 0;
        }
        return lineStart - 2 >= partStart && buffer[lineStart - 2] == '\r' ? 2 : 1;
    }

    private static int indexOf(byte[] buffer, byte b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (buffer[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] buffer, int from, int end, byte[] prefix) {
        if (end - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buffer[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWhiteSpace(byte[] buffer, int from, int end) {
        for (int i = from; i < end; i++) {
            if (buffer[i] != ' ' && buffer[i] != '\t' && buffer[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private static Refusal malformed(String what) {
        return new Refusal(SmimeFailure.MALFORMED, "multipart/signed: " + what);
    }
}
