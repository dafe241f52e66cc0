package org.santegateway.server.imap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The rest of a command refused before its non-synchronizing literal ({@code {n+}}, RFC 7888) was read: that literal,
 * then the rest of the command's line, then any literal that line announces in turn, and so on to the command's end.
 * The client sent it all without waiting (that is what LITERAL+ is for); none of it may be read as commands. James
 * 3.8.1 read it as commands: an {@code APPEND} refused for its date, its flags or its mailbox name, or any command
 * refused in the session's state, ran the lines of the message it carried (RFC 3501 section 2.2: a literal is part of
 * its command).
 */
final class UnreadLiterals {
    /** A literal announced with a size that is no IMAP number (more than 32 bits): its end cannot be found. */
    static final long UNREADABLE = -2;
    static final long NONE = -1;
    private static final long LARGEST_NUMBER = 0xFFFF_FFFFL;
    /** Enough of a line's end to hold {@code {4294967295+}} CRLF and a digit more. */
    private static final int WINDOW = 16;

    private long remaining;
    private final byte[] tail = new byte[WINDOW];
    private int tailLength;
    private boolean done;

    UnreadLiterals(long literalSize) {
        this.remaining = literalSize;
    }

    /**
     * The size of the non-synchronizing literal announced at the end of the line {@code in[from, to)} (which ends with
     * its LF), {@link #NONE} when the line does not end with one, {@link #UNREADABLE} when its size is out of range.
     */
    static long announcedAtEnd(ByteBuf in, int from, int to) {
        int end = to - 1;
        if (end < from || in.getByte(end) != '\n') {
            return NONE;
        }
        end--;
        if (end >= from && in.getByte(end) == '\r') {
            end--;
        }
        if (end < from + 3 || in.getByte(end) != '}' || in.getByte(end - 1) != '+') {
            return NONE;
        }
        int digitsEnd = end - 1;
        int start = digitsEnd - 1;
        while (start >= from && in.getByte(start) >= '0' && in.getByte(start) <= '9') {
            start--;
        }
        if (start < from || in.getByte(start) != '{' || start == digitsEnd - 1) {
            return NONE;
        }
        if (digitsEnd - start - 1 > 10) {
            return UNREADABLE;
        }
        long size = 0;
        for (int i = start + 1; i < digitsEnd; i++) {
            size = size * 10 + (in.getByte(i) - '0');
        }
        return size > LARGEST_NUMBER ? UNREADABLE : size;
    }

    /**
     * Skips what {@code in} holds of the command's rest; {@link #UNREADABLE} if the rest announces a literal of a size
     * out of range, otherwise {@link #NONE}. {@link #done()} once the command has ended.
     */
    long skip(ByteBuf in) {
        while (in.isReadable() && !done) {
            if (remaining > 0) {
                int length = (int) Math.min(remaining, in.readableBytes());
                in.skipBytes(length);
                remaining -= length;
                continue;
            }
            int lineFeed = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            int end = lineFeed < 0 ? in.writerIndex() : lineFeed + 1;
            keepTail(in, end);
            in.readerIndex(end);
            if (lineFeed >= 0) {
                long next = announcedAtEnd(Unpooled.wrappedBuffer(tail, 0, tailLength), 0, tailLength);
                tailLength = 0;
                if (next == UNREADABLE) {
                    return UNREADABLE;
                }
                if (next == NONE) {
                    done = true;
                } else {
                    remaining = next;
                }
            }
        }
        return NONE;
    }

    boolean done() {
        return done;
    }

    /** Keeps the last {@value #WINDOW} bytes of the line read so far, {@code in} up to {@code end} included. */
    private void keepTail(ByteBuf in, int end) {
        int length = end - in.readerIndex();
        if (length >= WINDOW) {
            in.getBytes(end - WINDOW, tail, 0, WINDOW);
            tailLength = WINDOW;
            return;
        }
        int keep = Math.min(tailLength, WINDOW - length);
        System.arraycopy(tail, tailLength - keep, tail, 0, keep);
        in.getBytes(in.readerIndex(), tail, keep, length);
        tailLength = keep + length;
    }
}
