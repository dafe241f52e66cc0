package org.santegateway.server.imap;

import org.apache.james.imapserver.netty.SwitchableLineBasedFrameDecoder;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.util.AttributeKey;

/**
 * James's IMAP line framer, which also keeps the tag of a command line it refuses as longer than
 * {@code maxLineLength}, so that {@link SpoolingImapRequestDecoder} answers that command with a tagged {@code BAD}
 * (RFC 2683 section 3.2.1) where James wrote an untagged one: the client waiting for the tag then goes on instead of
 * waiting for an answer that never comes. The line is discarded as before, and the refusal sent once it has ended.
 */
public class TagKeepingLineFrameDecoder extends SwitchableLineBasedFrameDecoder {
    /** The tag of the line being discarded as too long, if it starts with one. */
    static final AttributeKey<String> TOO_LONG_LINE_TAG = AttributeKey.valueOf("gatewayTooLongLineTag");
    private static final int LONGEST_TAG = 64;

    private final int maxLength;
    private boolean discarding;

    public TagKeepingLineFrameDecoder(ChannelPipeline pipeline, int maxLength) {
        super(pipeline, maxLength, false);
        this.maxLength = maxLength;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf buffer) throws Exception {
        int end = buffer.indexOf(buffer.readerIndex(), buffer.writerIndex(), (byte) '\n');
        if (!discarding) {
            // The line's length as LineBasedFrameDecoder counts it: without its CRLF, or all that came if no LF yet.
            int lineEnd = end < 0 ? buffer.writerIndex()
                : end > buffer.readerIndex() && buffer.getByte(end - 1) == '\r' ? end - 1 : end;
            if (lineEnd - buffer.readerIndex() > maxLength) {
                ctx.channel().attr(TOO_LONG_LINE_TAG).set(tag(buffer));
                discarding = end < 0;
            }
        } else if (end >= 0) {
            discarding = false;
        }
        return super.decode(ctx, buffer);
    }

    /** The line's first word when it is a valid tag (RFC 3501: ASTRING-CHAR but '+'), or null. */
    private static String tag(ByteBuf buffer) {
        StringBuilder tag = new StringBuilder();
        for (int i = buffer.readerIndex(); i < buffer.writerIndex() && tag.length() <= LONGEST_TAG; i++) {
            char c = (char) (buffer.getByte(i) & 0xff);
            if (c == ' ') {
                return tag.length() == 0 ? null : tag.toString();
            }
            if (c <= ' ' || c >= 0x7f || "(){%*\"\\+".indexOf(c) >= 0) {
                return null;
            }
            tag.append(c);
        }
        return null;
    }
}
