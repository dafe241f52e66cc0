package org.santegateway.server.smtp;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.protocols.netty.HandlerConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.AttributeKey;

/**
 * The SMTP listener's {@code connectionLimit} and {@code connectionLimitPerIP}, answered as an SMTP server answers
 * them (RFC 5321, 3.8: a {@code 421} reply, then the close): James's own limit handlers close a connection over the
 * limit without a word, which a peer's MTA logs as "connection lost" with nothing to tell an operator why. Same count
 * as James (a connection counts from the moment it is accepted until it closes, whether it was refused or not), one
 * instance per listener, in place of James's two handlers. On an implicit-TLS listener nothing can be said before the
 * TLS handshake: the connection is closed as James closes it.
 */
@ChannelHandler.Sharable
final class SmtpConnectionLimits extends ChannelInboundHandlerAdapter {
    static final String NAME = "gatewayConnectionLimits";
    static final String TOO_MANY_FROM_ADDRESS = "421 4.7.0 Too many connections from your address, try again later\r\n";
    static final String TOO_MANY = "421 4.3.2 Too many connections, try again later\r\n";
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpConnectionLimits.class);
    private static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf(SmtpConnectionLimits.class, "refused");

    private final int total;
    private final int perAddress;
    private final boolean plainGreeting;
    private final String listener;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentMap<String, Integer> openByAddress = new ConcurrentHashMap<>();
    private final Counter refusedForAddress;
    private final Counter refusedForTotal;

    private SmtpConnectionLimits(int total, int perAddress, boolean plainGreeting, String listener, MeterRegistry registry) {
        this.total = total;
        this.perAddress = perAddress;
        this.plainGreeting = plainGreeting;
        this.listener = listener;
        this.refusedForAddress = refused(registry, listener, "per_address_limit");
        this.refusedForTotal = refused(registry, listener, "connection_limit");
    }

    /**
     * The limits of a listener ({@code 0} or less: none), or nothing when it has neither.
     *
     * @param plainGreeting whether the greeting is sent in clear (no TLS or STARTTLS), so that a refusal can be too
     */
    static Optional<SmtpConnectionLimits> forListener(int total, int perAddress, boolean plainGreeting, String listener,
                                                      MeterRegistry registry) {
        if (total <= 0 && perAddress <= 0) {
            return Optional.empty();
        }
        return Optional.of(new SmtpConnectionLimits(total, perAddress, plainGreeting, listener, registry));
    }

    private static Counter refused(MeterRegistry registry, String listener, String reason) {
        return Counter.builder("gateway.connections.refused")
            .description("Connections closed on accept, by reason")
            .tag("listener", listener)
            .tag("reason", reason)
            .register(registry);
    }

    /** In place of James's limit handlers, at the head of the pipeline where James puts them. */
    void install(ChannelPipeline pipeline) {
        if (pipeline.get(HandlerConstants.CONNECTION_LIMIT_HANDLER) != null) {
            pipeline.remove(HandlerConstants.CONNECTION_LIMIT_HANDLER);
        }
        if (pipeline.get(HandlerConstants.CONNECTION_LIMIT_PER_IP_HANDLER) != null) {
            pipeline.remove(HandlerConstants.CONNECTION_LIMIT_PER_IP_HANDLER);
        }
        pipeline.addFirst(NAME, this);
    }

    /** Connections open now from one client address (counted as the limit counts them). */
    int openFrom(String address) {
        return openByAddress.getOrDefault(address, 0);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        int all = open.incrementAndGet();
        int fromAddress = openByAddress.merge(address(ctx), 1, Integer::sum);
        if (perAddress > 0 && fromAddress > perAddress) {
            refuse(ctx, refusedForAddress, TOO_MANY_FROM_ADDRESS, "for its client address");
        } else if (total > 0 && all > total) {
            refuse(ctx, refusedForTotal, TOO_MANY, "in all");
        } else {
            super.channelActive(ctx);
        }
    }

    private void refuse(ChannelHandlerContext ctx, Counter counter, String reply, String limit) {
        counter.increment();
        LOGGER.debug("Connection to {} refused: too many connections {}", listener, limit);
        // The handlers after this one never hear of the connection: neither its start nor its end.
        ctx.channel().attr(REFUSED).set(Boolean.TRUE);
        if (plainGreeting) {
            ctx.writeAndFlush(Unpooled.copiedBuffer(reply, StandardCharsets.US_ASCII)).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        open.decrementAndGet();
        // No entry left behind for an address with no connection open.
        openByAddress.computeIfPresent(address(ctx), (address, count) -> count > 1 ? count - 1 : null);
        if (ctx.channel().attr(REFUSED).get() == null) {
            super.channelInactive(ctx);
        }
    }

    private static String address(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null
            ? remote.getAddress().getHostAddress()
            : String.valueOf(ctx.channel().remoteAddress());
    }
}
