package org.santegateway.server.imap;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.DecodingException;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.decode.ImapRequestLineReader;
import org.apache.james.imap.message.Literal;
import org.apache.james.imapserver.netty.NettyConstants;
import org.apache.james.imapserver.netty.NettyImapRequestLineReader;
import org.apache.james.imapserver.netty.NettyStreamImapRequestLineReader;
import org.apache.james.protocols.netty.LineHandlerAware;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;

/**
 * James 3.8.1's IMAP request decoder ({@code ImapRequestFrameDecoder}), with a command sent right after a literal, in
 * the same read, decoded as a command, once, in the order sent (RFC 3501 section 5.5; LITERAL+, RFC 7888).
 *
 * <p>James's decoder fails that two ways, and either way lines of a message being uploaded run as IMAP commands in
 * the user's session:</p>
 * <ul>
 *   <li>A literal larger than {@code inMemorySizeLimit} is handed, with every byte that arrives while it is awaited,
 *   to a writer on another thread, which keeps the bytes the command needs and drops the rest, then decodes the
 *   command from the file there. A command pipelined after it (mbsync and imaptest send their next APPEND without
 *   waiting) is lost and the next message is read as commands; when bytes arrive as the file completes, the command
 *   is decoded a second time: a second tagged answer ({@code OK} then {@code NO}), and strict clients abort.</li>
 *   <li>When a command awaits its literal, James's decoder removes the line framer from within its decode; the
 *   framer hands what it still holds to the decoder there and then, before the decoder has marked the command's
 *   first byte to be read again: a small literal sent with its command ({@code {n+}}) and followed by a longer line
 *   is read as commands of its own.</li>
 * </ul>
 *
 * <p>Here the file takes exactly the bytes of the command up to the end of its literal, written as they arrive on
 * the connection's own thread (a page-cache write per read); the command is decoded from the file as soon as it is
 * whole and the bytes after it are decoded next, in the order they came; the framer is removed once the read has
 * been decoded ({@link #channelRead}). Everything else is James's decoder: the same readers, the same
 * {@code NEEDED_DATA} record (read by {@link PreAuthenticationLiteralGuard}), the same line framing switched off
 * while a literal is read, the same line handlers (IDLE, AUTHENTICATE). A command line longer than
 * {@code maxLineLength} is answered with a tagged {@code BAD} ({@link #exceptionCaught}). A command refused before its
 * non-synchronizing literal was read has that literal and the rest of the command skipped ({@link UnreadLiterals}):
 * James read them as commands.</p>
 */
public class SpoolingImapRequestDecoder extends ByteToMessageDecoder implements NettyConstants, LineHandlerAware {
    /** James's key for the size of the command awaited, from the first byte of its line to the end of its literal. */
    static final String NEEDED_DATA = PreAuthenticationLiteralGuard.NEEDED_DATA;
    private static final boolean RETRY = true;

    private final ImapDecoder decoder;
    private final int inMemorySizeLimit;
    private final int literalSizeLimit;
    private final int maxFrameLength;
    private final Deque<ChannelInboundHandlerAdapter> behaviourOverrides = new ConcurrentLinkedDeque<>();
    private boolean framingEnabled = true;
    /** The line framer is to be removed once the current read has been decoded (see {@link #channelRead}). */
    private boolean framerRemovalPending;
    /** The literal being written to a file, touched on the channel's event loop only. */
    private Spool spool;
    /** A refused command's unread literal being skipped, touched on the channel's event loop only. */
    private UnreadLiterals skip;
    /** The connection is being closed: what still comes is not read. */
    private boolean closing;

    public SpoolingImapRequestDecoder(ImapDecoder decoder, int inMemorySizeLimit, int literalSizeLimit, int maxFrameLength) {
        this.decoder = decoder;
        this.inMemorySizeLimit = inMemorySizeLimit;
        this.literalSizeLimit = literalSizeLimit;
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        // Replacing James's decoder on an open channel: its attachment (the decode state) is kept if it has one.
        ctx.channel().attr(FRAME_DECODE_ATTACHMENT_ATTRIBUTE_KEY).setIfAbsent(new ConcurrentHashMap<>());
        super.handlerAdded(ctx);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.channel().attr(FRAME_DECODE_ATTACHMENT_ATTRIBUTE_KEY).set(new ConcurrentHashMap<>());
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        discardSpool();
        super.channelInactive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        discardSpool();
    }

    /**
     * Removes the line framer, when a command awaits its literal, only after the read is decoded: the framer hands
     * what it still holds to this handler as it is removed, decoded then after what came before it.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        super.channelRead(ctx, msg);
        if (framerRemovalPending) {
            framerRemovalPending = false;
            ctx.pipeline().remove(FRAMER);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (closing) {
            // Nothing more is read from a connection being closed.
            in.skipBytes(in.readableBytes());
            return;
        }
        if (skip != null) {
            skipUnreadLiteral(ctx, in);
            return;
        }
        ChannelInboundHandlerAdapter override = behaviourOverrides.peekFirst();
        if (override != null) {
            override.channelRead(ctx, in);
            return;
        }
        Map<String, Object> attachment = ctx.channel().attr(FRAME_DECODE_ATTACHMENT_ATTRIBUTE_KEY).get();
        if (spool != null) {
            spoolAndDecode(ctx, in, out, attachment);
            return;
        }
        Integer needed = (Integer) attachment.get(NEEDED_DATA);
        if (needed != null && needed != NettyImapRequestLineReader.NotEnoughDataException.UNKNOWN_SIZE && needed > in.readableBytes()) {
            if (inMemorySizeLimit > 0 && needed > inMemorySizeLimit) {
                spool = Spool.create(needed);
                spoolAndDecode(ctx, in, out, attachment);
            }
            // Otherwise the literal is read from memory once the cumulated bytes hold all of it.
            return;
        }
        int readerIndex = in.readerIndex();
        LiteralTrackingReader reader = new LiteralTrackingReader(ctx.channel(), in, needed != null, literalSizeLimit);
        try {
            decode(ctx, reader, needed != null, attachment, out);
        } catch (NettyImapRequestLineReader.NotEnoughDataException e) {
            // Not all of the command yet: decoded again from its first byte when more has come.
            in.readerIndex(readerIndex);
            attachment.put(NEEDED_DATA, e.getNeededSize());
            disableFraming();
            return;
        }
        if (reader.lastLiteralEnd != in.readerIndex()) {
            long unread = UnreadLiterals.announcedAtEnd(in, readerIndex, in.readerIndex());
            if (unread == UnreadLiterals.UNREADABLE) {
                refuseUnreadableLiteral(ctx);
            } else if (unread >= 0) {
                // The command was answered (refused) without its non-synchronizing literal being read: the literal and
                // the rest of its command are skipped, never read as commands.
                skip = new UnreadLiterals(unread);
                disableFraming();
            }
        }
    }

    /**
     * Skips what {@code in} holds of the unread literal and the rest of its command; once the command has ended, the
     * line framer is back and the bytes after it are decoded as the next command.
     */
    private void skipUnreadLiteral(ChannelHandlerContext ctx, ByteBuf in) {
        long next = skip.skip(in);
        if (next == UnreadLiterals.UNREADABLE) {
            skip = null;
            refuseUnreadableLiteral(ctx);
        } else if (skip.done()) {
            skip = null;
            enableFraming(ctx);
        }
    }

    /** An unread literal announced with a size beyond any IMAP number: the command's end cannot be found. */
    private void refuseUnreadableLiteral(ChannelHandlerContext ctx) {
        closing = true;
        ctx.writeAndFlush(Unpooled.copiedBuffer("* BYE Literal size out of range\r\n", StandardCharsets.US_ASCII))
            .addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Writes to the file what {@code in} holds of the awaited command, no more; once the file holds all of it, the
     * command is decoded from it, and the bytes left in {@code in} are decoded after it by the next call.
     */
    private void spoolAndDecode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out, Map<String, Object> attachment) throws Exception {
        try {
            spool.write(in);
        } catch (IOException e) {
            discardSpool();
            throw e;
        }
        if (!spool.complete()) {
            return;
        }
        File file = spool.close();
        spool = null;
        try {
            decode(ctx, new NettyStreamImapRequestLineReader(ctx.channel(), file, RETRY), true, attachment, out);
        } catch (Exception e) {
            // The command was not decoded: nothing will read or delete the file.
            Files.deleteIfExists(file.toPath());
            throw e;
        }
    }

    /** As James's decoder: the command, or nothing when the session is gone or logged out (the channel is closed). */
    private void decode(ChannelHandlerContext ctx, ImapRequestLineReader reader, boolean literal, Map<String, Object> attachment,
                        List<Object> out) throws DecodingException {
        ImapSession session = ctx.channel().attr(IMAP_SESSION_ATTRIBUTE_KEY).get();
        if (session == null || session.getState() == ImapSessionState.LOGOUT) {
            if (ctx.channel().isActive()) {
                ctx.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
            return;
        }
        ImapMessage message = decoder.decode(reader, session);
        // A command read up to the end of a literal has nothing more on its line (JAMES-1199).
        if (!literal) {
            reader.consumeLine();
        }
        enableFraming(ctx);
        attachment.clear();
        out.add(message);
    }

    /**
     * A command line longer than {@code maxLineLength}, discarded by the framer: answered {@code <tag> BAD} when the
     * line began with a tag ({@link TagKeepingLineFrameDecoder}), so that the client does not wait for it; otherwise
     * as James answers it (an untagged {@code BAD}).
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (cause instanceof TooLongFrameException) {
            String tag = ctx.channel().attr(TagKeepingLineFrameDecoder.TOO_LONG_LINE_TAG).getAndSet(null);
            if (tag != null) {
                ctx.writeAndFlush(Unpooled.copiedBuffer(tag + " BAD Command line too long (more than " + maxFrameLength
                    + " octets)\r\n", StandardCharsets.US_ASCII));
                return;
            }
        }
        super.exceptionCaught(ctx, cause);
    }

    private void discardSpool() {
        if (spool != null) {
            spool.discard();
            spool = null;
        }
    }

    private void disableFraming() {
        if (framingEnabled) {
            framingEnabled = false;
            framerRemovalPending = true;
        }
    }

    private void enableFraming(ChannelHandlerContext ctx) {
        if (!framingEnabled) {
            framingEnabled = true;
            if (framerRemovalPending) {
                // Still in place.
                framerRemovalPending = false;
                return;
            }
            ctx.pipeline().addBefore(REQUEST_DECODER, FRAMER, new TagKeepingLineFrameDecoder(ctx.pipeline(), maxFrameLength));
        }
    }

    @Override
    public void pushLineHandler(ChannelInboundHandlerAdapter lineHandlerUpstreamHandler) {
        behaviourOverrides.addFirst(lineHandlerUpstreamHandler);
    }

    @Override
    public void popLineHandler() {
        behaviourOverrides.pollFirst();
    }

    /** James's reader of a command in memory, which also tells where the last literal it handed out ended. */
    private static final class LiteralTrackingReader extends NettyImapRequestLineReader {
        private final ByteBuf buffer;
        private int lastLiteralEnd = -1;

        LiteralTrackingReader(Channel channel, ByteBuf buffer, boolean retry, int maxLiteralSize) {
            super(channel, buffer, retry, maxLiteralSize);
            this.buffer = buffer;
        }

        @Override
        public Literal read(int size, boolean extraCRLF) throws DecodingException {
            Literal literal = super.read(size, extraCRLF);
            lastLiteralEnd = buffer.readerIndex();
            return literal;
        }
    }

    /** A temporary file (owner-only, in {@code java.io.tmpdir}) taking a given number of bytes. */
    private static final class Spool {
        private final File file;
        private final OutputStream output;
        private int remaining;

        private Spool(File file, OutputStream output, int size) {
            this.file = file;
            this.output = output;
            this.remaining = size;
        }

        static Spool create(int size) throws IOException {
            File file = Files.createTempFile("imap-literal", ".tmp").toFile();
            try {
                return new Spool(file, new FileOutputStream(file), size);
            } catch (IOException e) {
                Files.deleteIfExists(file.toPath());
                throw e;
            }
        }

        void write(ByteBuf in) throws IOException {
            int length = Math.min(remaining, in.readableBytes());
            in.readBytes(output, length);
            remaining -= length;
        }

        boolean complete() {
            return remaining == 0;
        }

        File close() throws IOException {
            output.close();
            return file;
        }

        void discard() {
            try {
                output.close();
                Files.deleteIfExists(file.toPath());
            } catch (IOException e) {
                // A file left in the temporary directory: nothing else to do on a closed connection.
            }
        }
    }
}
