package org.santegateway.server;

import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.internal.SocketUtils;

/**
 * The connections of the SMTP and IMAP listeners know their client by its address only: no reverse DNS lookup.
 *
 * <p>James 3.8.1 asks for the client's host name as each connection opens ({@code InetSocketAddress.getHostName()},
 * for its logging context: {@code ProtocolMDCContextFactory}, {@code IMAPMDCContext}), on the listener's I/O thread.
 * That is a reverse DNS lookup, and every connection served by that thread waits for it: with a resolver that does not
 * answer, the greeting of every client came 5 s late (seen here on each listener, about one connection in fifty),
 * and whoever runs the reverse zone of the client's address (any attacker with an IPv6 prefix) decides how long the
 * listener stands still. The connections accepted here carry their address with its literal form as host name
 * ({@link InetAddress#getByAddress(String, byte[])}): what asks for the name gets the address, at once. Logs hold
 * the address (masked by the log layouts, as before), which is what a name lookup that fails gives anyway.</p>
 *
 * <p>James binds its listeners with Netty's {@link NioServerSocketChannel} and offers no setting for the channel class;
 * {@link #install} replaces the bootstrap's channel factory from {@code configureBootstrap}, just before the bind.
 * Should a Netty upgrade move that field, the listener does not start (rather than start with the lookups).</p>
 */
public final class LiteralPeerAddresses {
    private static final Logger LOGGER = LoggerFactory.getLogger(LiteralPeerAddresses.class);

    private LiteralPeerAddresses() {
    }

    /** Makes the bootstrap accept {@link PeerChannel}s. */
    public static void install(ServerBootstrap bootstrap) {
        try {
            Field channelFactory = AbstractBootstrap.class.getDeclaredField("channelFactory");
            channelFactory.setAccessible(true);
            channelFactory.set(bootstrap, new ReflectiveChannelFactory<>(ServerChannel.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("The listener's channel class could not be set (Netty's ServerBootstrap changed?)", e);
        }
    }

    /** The address with its literal form as host name; anything else as it is. */
    static SocketAddress literal(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            InetAddress ip = inet.getAddress();
            try {
                return new InetSocketAddress(InetAddress.getByAddress(ip.getHostAddress(), ip.getAddress()), inet.getPort());
            } catch (UnknownHostException e) {
                // Only for an address of a wrong length, which a connected socket does not have.
                return address;
            }
        }
        return address;
    }

    /** {@link NioServerSocketChannel}, accepting {@link PeerChannel}s. */
    public static final class ServerChannel extends NioServerSocketChannel {
        @Override
        protected int doReadMessages(List<Object> accepted) throws Exception {
            SocketChannel socket = SocketUtils.accept(javaChannel());
            if (socket == null) {
                return 0;
            }
            try {
                accepted.add(new PeerChannel(this, socket));
                return 1;
            } catch (RuntimeException e) {
                LOGGER.warn("An accepted connection could not be set up: {}", e.getClass().getSimpleName());
                socket.close();
                return 0;
            }
        }
    }

    /** An accepted connection whose remote address needs no lookup for its host name. */
    static final class PeerChannel extends NioSocketChannel {
        PeerChannel(Channel parent, SocketChannel socket) {
            super(parent, socket);
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return literal(super.remoteAddress0());
        }
    }
}
