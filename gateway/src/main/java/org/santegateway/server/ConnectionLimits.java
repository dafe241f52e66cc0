package org.santegateway.server;

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
import io.netty.util.ReferenceCountUtil;

/**
 * A listener's {@code connectionLimit} and {@code connectionLimitPerIP}, answered as mail servers answer them: a
 * last line in place of the greeting (SMTP, RFC 5321 3.8: {@code 421}; IMAP, RFC 3501 7.1.5: {@code * BYE}), then the
 * close. James's own limit handlers close a connection over a limit without a word, which a peer's MTA logs as a lost
 * connection and a mail client shows as a network error. Same count as James (a connection counts from the moment it
 * is accepted until it closes, whether it was refused or not), one instance per listener, in place of James's two
 * handlers. On an implicit-TLS listener nothing can be said before the TLS handshake: the connection is closed as
 * James closes it.
 *
 * <p>A listener may also limit the new connections of one address per minute ({@code connectionRatePerIP},
 * {@link ConnectionRate}): refused the same way, with the same words as the limit of connections open at once.</p>
 */
@ChannelHandler.Sharable
public final class ConnectionLimits extends ChannelInboundHandlerAdapter {
    public static final String NAME = "gatewayConnectionLimits";
    /** The element of a listener in smtpserver.xml and imapserver.xml: new connections a minute from one address. */
    public static final String RATE_PER_ADDRESS = "connectionRatePerIP";
    private static final Logger LOGGER = LoggerFactory.getLogger(ConnectionLimits.class);
    private static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf(ConnectionLimits.class, "refused");

    /** What a client over a limit reads before the close, in the listener's protocol (CRLF included). */
    public record Replies(String overAddressLimit, String overListenerLimit) {
        public static final Replies SMTP = new Replies("421 4.7.0 Too many connections from your address, try again later\r\n",
            "421 4.3.2 Too many connections, try again later\r\n");
        public static final Replies IMAP = new Replies("* BYE Too many connections from your address, try again later\r\n",
            "* BYE Too many connections, try again later\r\n");
    }

    private final int total;
    private final int perAddress;
    private final Optional<ConnectionRate> rate;
    private final Optional<Replies> replies;
    private final String listener;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentMap<String, Integer> openByAddress = new ConcurrentHashMap<>();
    private final Counter refusedForAddress;
    private final Counter refusedForTotal;
    private final Counter refusedForRate;

    private ConnectionLimits(int total, int perAddress, int perAddressPerMinute, Optional<Replies> replies, String listener,
                             MeterRegistry registry) {
        this.total = total;
        this.perAddress = perAddress;
        this.rate = perAddressPerMinute > 0 ? Optional.of(new ConnectionRate(perAddressPerMinute)) : Optional.empty();
        this.replies = replies;
        this.listener = listener;
        this.refusedForAddress = refused(registry, listener, "per_address_limit");
        this.refusedForTotal = refused(registry, listener, "connection_limit");
        this.refusedForRate = refused(registry, listener, "per_address_rate");
    }

    /**
     * The limits of a listener ({@code 0} or less: none), or nothing when it has neither.
     *
     * @param replies what to say before the close; none on a listener whose greeting is not in clear (implicit TLS)
     */
    public static Optional<ConnectionLimits> forListener(int total, int perAddress, Optional<Replies> replies, String listener,
                                                         MeterRegistry registry) {
        return forListener(total, perAddress, 0, replies, listener, registry);
    }

    /**
     * The limits of a listener ({@code 0} or less: none), or nothing when it has none.
     *
     * @param perAddressPerMinute new connections a minute from one client address
     * @param replies what to say before the close; none on a listener whose greeting is not in clear (implicit TLS)
     */
    public static Optional<ConnectionLimits> forListener(int total, int perAddress, int perAddressPerMinute, Optional<Replies> replies,
                                                         String listener, MeterRegistry registry) {
        if (total <= 0 && perAddress <= 0 && perAddressPerMinute <= 0) {
            return Optional.empty();
        }
        return Optional.of(new ConnectionLimits(total, perAddress, perAddressPerMinute, replies, listener, registry));
    }

    private static Counter refused(MeterRegistry registry, String listener, String reason) {
        return Counter.builder("gateway.connections.refused")
            .description("Connections closed on accept, by reason")
            .tag("listener", listener)
            .tag("reason", reason)
            .register(registry);
    }

    /** In place of James's limit handlers, at the head of the pipeline where James puts them. */
    public void install(ChannelPipeline pipeline) {
        if (pipeline.get(HandlerConstants.CONNECTION_LIMIT_HANDLER) != null) {
            pipeline.remove(HandlerConstants.CONNECTION_LIMIT_HANDLER);
        }
        if (pipeline.get(HandlerConstants.CONNECTION_LIMIT_PER_IP_HANDLER) != null) {
            pipeline.remove(HandlerConstants.CONNECTION_LIMIT_PER_IP_HANDLER);
        }
        pipeline.addFirst(NAME, this);
    }

    /** Connections open now from one client address (counted as the limit counts them). */
    public int openFrom(String address) {
        return openByAddress.getOrDefault(address, 0);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        int all = open.incrementAndGet();
        String address = address(ctx);
        int fromAddress = openByAddress.merge(address, 1, Integer::sum);
        if (perAddress > 0 && fromAddress > perAddress) {
            refuse(ctx, refusedForAddress, replies.map(Replies::overAddressLimit), "for its client address");
        } else if (total > 0 && all > total) {
            refuse(ctx, refusedForTotal, replies.map(Replies::overListenerLimit), "in all");
        } else if (rate.isPresent() && !rate.get().admit(address)) {
            refuse(ctx, refusedForRate, replies.map(Replies::overAddressLimit), "a minute for its client address");
        } else {
            super.channelActive(ctx);
        }
    }

    private void refuse(ChannelHandlerContext ctx, Counter counter, Optional<String> reply, String limit) {
        counter.increment();
        LOGGER.debug("Connection to {} refused: too many connections {}", listener, limit);
        // The handlers after this one never hear of the connection: neither its start nor its end.
        ctx.channel().attr(REFUSED).set(Boolean.TRUE);
        ctx.channel().config().setAutoRead(false);
        reply.ifPresentOrElse(
            line -> ctx.writeAndFlush(Unpooled.copiedBuffer(line, StandardCharsets.US_ASCII)).addListener(ChannelFutureListener.CLOSE),
            ctx::close);
    }

    /** What a refused client sent before the close was seen: dropped, the protocol's handlers have no session for it. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
        if (ctx.channel().attr(REFUSED).get() != null) {
            ReferenceCountUtil.release(message);
            return;
        }
        super.channelRead(ctx, message);
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
