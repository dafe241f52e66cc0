package org.santegateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * A listener bound as James binds it (NIO server channel set first), then {@link LiteralPeerAddresses} installed:
 * the client's host name, asked for as James asks for it when the connection opens, is its address. 127.0.0.1 is
 * {@code localhost} in every hosts file: a lookup would have said so.
 */
class LiteralPeerAddressesTest {
    @Test
    void theHostNameOfAClientShouldBeItsAddressWithoutALookup() throws Exception {
        CompletableFuture<String> hostName = new CompletableFuture<>();
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        try {
            ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                hostName.complete(((InetSocketAddress) ctx.channel().remoteAddress()).getHostName());
                                ctx.close();
                            }
                        });
                    }
                });
            LiteralPeerAddresses.install(bootstrap);
            Channel server = bootstrap.bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
            try (Socket client = new Socket(InetAddress.getByName("127.0.0.1"), ((InetSocketAddress) server.localAddress()).getPort())) {
                assertThat(hostName.get(10, TimeUnit.SECONDS)).isEqualTo("127.0.0.1");
            } finally {
                server.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void anAddressShouldKeepItsPortAndBytes() throws Exception {
        InetSocketAddress original = new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 40123);

        InetSocketAddress literal = (InetSocketAddress) LiteralPeerAddresses.literal(original);

        assertThat(literal.getAddress().getAddress()).isEqualTo(original.getAddress().getAddress());
        assertThat(literal.getPort()).isEqualTo(40123);
        assertThat(literal.getHostName()).isEqualTo("2001:db8:0:0:0:0:0:7");
    }
}
