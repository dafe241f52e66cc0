package org.santegateway.server.login;

import java.net.InetSocketAddress;

import org.apache.james.protocols.netty.HandlerConstants;
import org.santegateway.login.PasswordLogins;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;

/**
 * Closes, as soon as it is accepted, a connection to a login port (SMTP submission, IMAP) from a
 * client address that is locked out for its failed logins ({@link PasswordLogins#isLockedOut}).
 * A locked-out attacker that goes on connecting then costs a TCP accept, not a TLS handshake and a
 * session each time; users of other addresses keep the machine's cores. Counted in
 * {@code gateway.connections.refused{listener,reason=locked_out}}, logged at DEBUG.
 */
@ChannelHandler.Sharable
public class LockedOutClientHandler extends ChannelInboundHandlerAdapter {
    public static final String NAME = "lockedOutClient";
    private static final Logger LOGGER = LoggerFactory.getLogger(LockedOutClientHandler.class);

    private final PasswordLogins logins;
    private final Counter refused;
    private final String listener;

    public LockedOutClientHandler(PasswordLogins logins, MeterRegistry registry, String listener) {
        this.logins = logins;
        this.listener = listener;
        this.refused = Counter.builder("gateway.connections.refused")
            .description("Connections closed on accept, by reason")
            .tag("listener", listener)
            .tag("reason", "locked_out")
            .register(registry);
    }

    /**
     * Puts the handler ahead of the protocol, after the connection limits (which count a
     * connection when it becomes active and uncount it when it closes). A TLS handler ahead of it
     * has done nothing yet: in server mode it waits for the client's hello.
     */
    public void install(ChannelPipeline pipeline) {
        pipeline.addBefore(HandlerConstants.FRAMER, NAME, this);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote && logins.isLockedOut(remote.getAddress())) {
            refused.increment();
            LOGGER.debug("Connection to {} from a locked-out client address closed", listener);
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }
}
