package org.santegateway.server.logging;

import java.net.SocketAddress;

import org.apache.james.protocols.netty.HandlerConstants;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Stands just before James's core handler of a connection and takes the failures the client
 * causes (TLS handshake failures, resets) out of James's hands: James's protocol handlers log
 * whatever reaches their {@code exceptionCaught} at ERROR (SMTP) or WARN (IMAP) with its whole
 * stack trace, so any client could fill the log with them. Here they become one line and a count
 * in {@link PeerFailures}; the connection is closed. Everything else goes on to James.
 *
 * <p>A handshake failure is reported once, when Netty's SslHandler signals it, with the first
 * failure seen on the connection as its reason (a reset arrives before the "closed during the
 * handshake" signal it causes). One instance per connection.
 */
public class PeerFailureHandler extends ChannelInboundHandlerAdapter {
    public static final String NAME = "peerFailureHandler";

    private final PeerFailures failures;
    private SocketAddress client;
    private Throwable failure;
    private boolean reported;

    public PeerFailureHandler(PeerFailures failures) {
        this.failures = failures;
    }

    /** Adds a handler to a pipeline James has just set up (its core handler is in place). */
    public static void install(ChannelPipeline pipeline, PeerFailures failures) {
        pipeline.addBefore(HandlerConstants.CORE_HANDLER, NAME, new PeerFailureHandler(failures));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        client = ctx.channel().remoteAddress();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent completion && !completion.isSuccess() && !reported) {
            reported = true;
            failures.handshakeFailed(client, failure != null ? failure : completion.cause());
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (!PeerFailures.isCausedByClient(cause)) {
            super.exceptionCaught(ctx, cause);
            return;
        }
        if (failure == null) {
            failure = cause;
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (failure != null && !reported) {
            reported = true;
            failures.dropped(client, failure);
        }
        super.channelInactive(ctx);
    }
}
