package org.santegateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * The listener-wide limit ({@code connectionLimit}) and what the handlers after the limits hear of a refused
 * connection, on netty's embedded channels (all from the same address, which has no limit here). The limit per
 * address, on a real listener: {@link ConnectionLimitsIntegrationTest}.
 */
class ConnectionLimitsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void overTheListenerLimitAClientShouldRead421AndBeClosedAndTheNextHandlersShouldNeverHearOfIt() {
        ConnectionLimits limits = ConnectionLimits.forListener(2, 0, Optional.of(ConnectionLimits.Replies.SMTP), "smtpserver-test", registry).orElseThrow();
        Greeter first = new Greeter();
        Greeter second = new Greeter();
        Greeter third = new Greeter();
        EmbeddedChannel one = new EmbeddedChannel(limits, first);
        EmbeddedChannel two = new EmbeddedChannel(limits, second);
        EmbeddedChannel three = new EmbeddedChannel(limits, third);

        assertThat(first.active).isTrue();
        assertThat(second.active).isTrue();
        assertThat(written(three)).isEqualTo("421 4.3.2 Too many connections, try again later\r\n");
        assertThat(three.isOpen()).isFalse();
        assertThat(third.active).isFalse();
        assertThat(third.inactive).as("no end of a connection it never saw start").isFalse();
        assertThat(registry.counter("gateway.connections.refused", "listener", "smtpserver-test", "reason", "connection_limit").count())
            .isEqualTo(1.0);

        one.close();
        assertThat(first.inactive).isTrue();
        Greeter fourth = new Greeter();
        new EmbeddedChannel(limits, fourth);
        assertThat(fourth.active).as("a place freed by a close, the refused connection counted back too").isTrue();
        two.close();
    }

    @Test
    void whatARefusedClientSendsBeforeTheCloseShouldNeverReachTheProtocol() {
        ConnectionLimits limits = ConnectionLimits.forListener(0, 1, Optional.of(ConnectionLimits.Replies.SMTP), "smtpserver-test", registry).orElseThrow();
        new EmbeddedChannel(limits, new Greeter());
        Greeter protocol = new Greeter();
        // The refusal is still being written (a slow client): the connection is open, and the client talks.
        EmbeddedChannel refused = new EmbeddedChannel(new HeldWrites(), limits, protocol);
        ByteBuf command = Unpooled.copiedBuffer("EHLO client.example\r\n", StandardCharsets.US_ASCII);

        refused.writeInbound(command);

        assertThat(refused.isOpen()).isTrue();
        assertThat(protocol.read).isFalse();
        assertThat(command.refCnt()).as("released").isZero();
        assertThat(refused.config().isAutoRead()).isFalse();
    }

    @Test
    void onAnImplicitTlsListenerTheConnectionShouldBeClosedWithoutAPlainTextByte() {
        ConnectionLimits limits = ConnectionLimits.forListener(1, 0, Optional.empty(), "smtpserver-tls", registry).orElseThrow();
        new EmbeddedChannel(limits, new Greeter());
        EmbeddedChannel refused = new EmbeddedChannel(limits, new Greeter());

        assertThat((Object) refused.readOutbound()).isNull();
        assertThat(refused.isOpen()).isFalse();
    }

    @Test
    void aListenerWithoutLimitsShouldGetNoHandler() {
        assertThat(ConnectionLimits.forListener(0, 0, Optional.of(ConnectionLimits.Replies.IMAP), "smtpserver-free", registry)).isEmpty();
    }

    @Test
    void theCountPerAddressShouldLeaveNothingBehindOnceAllAreClosed() {
        ConnectionLimits limits = ConnectionLimits.forListener(0, 5, Optional.of(ConnectionLimits.Replies.IMAP), "smtpserver-test", registry).orElseThrow();
        EmbeddedChannel one = new EmbeddedChannel(limits, new Greeter());
        EmbeddedChannel two = new EmbeddedChannel(limits, new Greeter());
        String address = String.valueOf(one.remoteAddress());
        assertThat(limits.openFrom(address)).isEqualTo(2);

        one.close();
        two.close();

        assertThat(limits.openFrom(address)).isZero();
    }

    private static String written(EmbeddedChannel channel) {
        ByteBuf buffer = channel.readOutbound();
        try {
            return buffer.toString(StandardCharsets.US_ASCII);
        } finally {
            buffer.release();
        }
    }

    /** A client that has not read yet: writes stay pending, their promises not completed. */
    private static final class HeldWrites extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
            ReferenceCountUtil.release(message);
        }
    }

    /** Stands for the protocol's handlers after the limits: records what it hears. */
    private static final class Greeter extends ChannelInboundHandlerAdapter {
        boolean active;
        boolean inactive;
        boolean read;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            read = true;
            ReferenceCountUtil.release(message);
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            active = true;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inactive = true;
        }
    }
}
