package org.santegateway.server.https;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.apache.james.filesystem.api.FileSystem;
import org.santegateway.pki.PemFiles;
import org.santegateway.pki.TlsPolicy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * An HTTPS listener the gateway runs itself (the webmail, the applications' listener) on Netty: its event loops, the
 * worker pool its pages block on (mailbox and database calls), the bound channel; and the TLS context of every such
 * listener ({@link TlsPolicy}, the server's PEM key and chain, client certificates required against given anchors or
 * not asked for).
 */
public final class HttpsListener {
    private final EventLoopGroup boss;
    private final EventLoopGroup io;
    private final ExecutorService workers;
    private final Channel channel;

    private HttpsListener(EventLoopGroup boss, EventLoopGroup io, ExecutorService workers, Channel channel) {
        this.boss = boss;
        this.io = io;
        this.workers = workers;
        this.channel = channel;
    }

    /**
     * Binds the listener.
     *
     * @param name     the prefix of the worker threads' names
     * @param pipeline the channel initializer, given the worker pool
     */
    public static HttpsListener bind(String name, String address, int port, int ioThreads, int workerThreads, int queued,
                                     Function<ExecutorService, ChannelInitializer<SocketChannel>> pipeline) throws InterruptedException {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService workers = new ThreadPoolExecutor(workerThreads, workerThreads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queued),
            runnable -> {
                Thread thread = new Thread(runnable, name + "-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        EventLoopGroup boss = new NioEventLoopGroup(1);
        EventLoopGroup io = new NioEventLoopGroup(ioThreads);
        try {
            Channel channel = new ServerBootstrap()
                .group(boss, io)
                .channel(NioServerSocketChannel.class)
                .childHandler(pipeline.apply(workers))
                .bind(new InetSocketAddress(address, port))
                .sync()
                .channel();
            return new HttpsListener(boss, io, workers, channel);
        } catch (InterruptedException | RuntimeException e) {
            shutdown(boss, io, workers);
            throw e;
        }
    }

    /**
     * The server side of TLS: the key and chain (PEM, leaf first) and, when {@code clientAnchors} is not empty, a client
     * certificate required in the handshake, chaining to one of them.
     */
    public static SslContext serverTls(FileSystem fileSystem, String privateKey, String certificates, List<X509Certificate> clientAnchors)
        throws IOException {
        File keyFile = fileSystem.getFile(privateKey);
        File certificateFile = fileSystem.getFile(certificates);
        PrivateKey key = PemFiles.privateKey(keyFile.toPath());
        List<X509Certificate> chain = PemFiles.certificates(certificateFile.toPath());
        SslContextBuilder builder = SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
            .sslProvider(SslProvider.JDK)
            .protocols(TlsPolicy.PROTOCOLS)
            .ciphers(TlsPolicy.CIPHER_SUITES);
        if (clientAnchors.isEmpty()) {
            return builder.clientAuth(ClientAuth.NONE).build();
        }
        return builder.trustManager(clientAnchors.toArray(X509Certificate[]::new)).clientAuth(ClientAuth.REQUIRE).build();
    }

    /** The bound port (useful when configured with port 0). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public void close() {
        channel.close().syncUninterruptibly();
        shutdown(boss, io, workers);
    }

    private static void shutdown(EventLoopGroup boss, EventLoopGroup io, ExecutorService workers) {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownNow();
    }
}
