package org.santegateway.server.imap;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imapserver.netty.NettyConstants;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Closes an IMAP connection that announces a large literal before logging in, before any continuation is sent
 * when the announcing line arrives whole (the usual case). James 3.8.1
 * answers any literal up to {@code literalSizeLimit} (30 MiB here) with a continuation and buffers
 * it (to a temporary file past {@code inMemorySizeLimit}) whatever the session state, so an
 * anonymous client could make the server store megabytes per connection. Nothing legitimate needs
 * more than a few kilobytes before authentication (a LOGIN literal).
 *
 * <p>It sits just before James's request decoder and reads the size the decoder records when it
 * waits for a literal ({@code NEEDED_DATA}, the size of the whole command so far).
 */
@ChannelHandler.Sharable
public class PreAuthenticationLiteralGuard extends ChannelInboundHandlerAdapter {
    public static final String NAME = "preAuthenticationLiteralGuard";
    /** James's key for the bytes its decoder waits for (package-private in ImapRequestFrameDecoder). */
    static final String NEEDED_DATA = "NEEDED_DATA";
    static final int DEFAULT_LIMIT = 16 * 1024;
    private static final byte[] BYE = "* BYE Literal too large before authentication\r\n".getBytes(StandardCharsets.US_ASCII);

    private final int limit;

    public PreAuthenticationLiteralGuard(int limit) {
        this.limit = limit;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (announcesOversizedLiteralBeforeLogin(ctx, msg) || awaitsOversizedLiteralBeforeLogin(ctx)) {
            ReferenceCountUtil.release(msg);
            Map<String, Object> attachment = ctx.channel().attr(NettyConstants.FRAME_DECODE_ATTACHMENT_ATTRIBUTE_KEY).get();
            attachment.remove(NEEDED_DATA);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(BYE)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        super.channelRead(ctx, msg);
    }

    /**
     * A command line that announces a literal larger than the limit ({@code {n}} or {@code {n+}} before its CRLF),
     * before login: refused before James's decoder sees it, so that no continuation is ever sent and a client waiting
     * for one reads the BYE instead of streaming its data. A line split across reads is caught by
     * {@link #awaitsOversizedLiteralBeforeLogin} once the decoder waits for the literal.
     */
    private boolean announcesOversizedLiteralBeforeLogin(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buffer) || !notAuthenticated(ctx)) {
            return false;
        }
        int end = buffer.writerIndex();
        for (int i = buffer.readerIndex(); i + 1 < end; i++) {
            if (buffer.getByte(i) == '\r' && buffer.getByte(i + 1) == '\n' && i > buffer.readerIndex() && buffer.getByte(i - 1) == '}') {
                long size = 0;
                int j = i - 2;
                if (j >= buffer.readerIndex() && buffer.getByte(j) == '+') {
                    j--;
                }
                int digits = 0;
                for (; j >= buffer.readerIndex() && Character.isDigit(buffer.getByte(j)); j--, digits++) {
                    if (digits < 12) {
                        size += (long) (buffer.getByte(j) - '0') * pow10(digits);
                    }
                }
                if (digits > 0 && j >= buffer.readerIndex() && buffer.getByte(j) == '{' && (digits >= 12 || size > limit)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long pow10(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }

    private static boolean notAuthenticated(ChannelHandlerContext ctx) {
        ImapSession session = ctx.channel().attr(NettyConstants.IMAP_SESSION_ATTRIBUTE_KEY).get();
        return session != null && session.getState() == ImapSessionState.NON_AUTHENTICATED;
    }

    private boolean awaitsOversizedLiteralBeforeLogin(ChannelHandlerContext ctx) {
        ImapSession session = ctx.channel().attr(NettyConstants.IMAP_SESSION_ATTRIBUTE_KEY).get();
        if (session == null || session.getState() != ImapSessionState.NON_AUTHENTICATED) {
            return false;
        }
        Map<String, Object> attachment = ctx.channel().attr(NettyConstants.FRAME_DECODE_ATTACHMENT_ATTRIBUTE_KEY).get();
        if (attachment == null) {
            return false;
        }
        Object needed = attachment.get(NEEDED_DATA);
        return needed instanceof Integer size && size > limit;
    }
}
