package org.santegateway.server.webmail;

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

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.lifecycle.api.Startable;
import org.santegateway.pki.PemFiles;
import org.santegateway.pki.TlsPolicy;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.autoconfig.ClientAutoconfig;
import org.santegateway.server.dmp.MhdEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;

/**
 * The webmail's HTTPS listener on Netty, with the TLS policy of the SMTP and IMAP listeners
 * ({@link TlsPolicy}) and the server's certificate. Started and stopped
 * with the James server.
 */
public class WebmailServer implements Startable {
    private static final Logger LOGGER = LoggerFactory.getLogger(WebmailServer.class);

    private final WebmailSettings settings;
    private final WebmailPages pages;
    private final ClientAutoconfig autoconfig;
    private final MhdEndpoint mhd;
    private final FileSystem fileSystem;
    private EventLoopGroup boss;
    private EventLoopGroup io;
    private ExecutorService workers;
    private Channel channel;

    @Inject
    public WebmailServer(WebmailSettings settings, WebmailPages pages, ClientAutoconfig autoconfig, MhdEndpoint mhd, FileSystem fileSystem) {
        this.mhd = mhd;
        this.settings = settings;
        this.pages = pages;
        this.autoconfig = autoconfig;
        this.fileSystem = fileSystem;
    }

    public synchronized void start() throws Exception {
        if (!settings.enabled()) {
            LOGGER.info("Patient webmail disabled ({}=false)", WebmailSettings.ENABLED);
            return;
        }
        SslContext ssl = sslContext();
        AtomicInteger threads = new AtomicInteger();
        workers = new ThreadPoolExecutor(8, 8, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
            runnable -> {
                Thread thread = new Thread(runnable, "webmail-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        boss = new NioEventLoopGroup(1);
        io = new NioEventLoopGroup(2);
        int maxContent = settings.maxUpload() + 1_000_000;
        try {
            channel = bind(ssl, maxContent);
        } catch (Exception e) {
            stop();
            throw GatewayProperties.failure(WebmailSettings.PORT, "cannot listen on " + settings.bind() + ":" + settings.port()
                + " (" + e.getMessage() + ")");
        }
        LOGGER.info("Patient webmail listening on HTTPS port {}", port());
    }

    private Channel bind(SslContext ssl, int maxContent) throws InterruptedException {
        return new ServerBootstrap()
            .group(boss, io)
            .channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    channel.pipeline()
                        .addLast(new ReadTimeoutHandler(120))
                        .addLast(new IdleStateHandler(0, 0, 300))
                        .addLast(ssl.newHandler(channel.alloc()))
                        .addLast(new HttpServerCodec(8192, 16384, 16384))
                        .addLast(new HttpServerKeepAliveHandler())
                        .addLast(new OversizedForms(maxContent, 5L * settings.maxUpload() + 1_000_000,
                            () -> tooLarge(channel.pipeline().lastContext())))
                        .addLast(new HttpObjectAggregator(maxContent) {
                            @Override
                            protected void handleOversizedMessage(io.netty.channel.ChannelHandlerContext ctx, io.netty.handler.codec.http.HttpMessage oversized) {
                                tooLarge(ctx);
                            }
                        })
                        .addLast(new WebmailHttpHandler(pages, autoconfig, mhd, workers));
                }
            })
            .bind(new InetSocketAddress(settings.bind(), settings.port()))
            .sync()
            .channel();
    }

    /**
     * A French page naming the limit rather than the browser's bare "HTTP ERROR 413": for a body beyond what is read at
     * all (a form is streamed up to five times the upload limit, its text kept; see {@link OversizedForms}).
     */
    private void tooLarge(io.netty.channel.ChannelHandlerContext ctx) {
        // Kept open: the rest of the body is discarded (up to a bound), the client reads the page.
        WebmailHttpHandler.write(ctx, WebResponse.html(413, Html.errorPage("Votre envoi est trop volumineux : les pièces "
            + "jointes d'un message ne peuvent dépasser " + settings.maxUpload() / 1_000_000 + " Mo au total. Revenez à la page "
            + "précédente, retirez des pièces jointes et envoyez de nouveau.")), true);
    }

    private SslContext sslContext() throws IOException {
        File keyFile = fileSystem.getFile(settings.privateKey());
        File certificateFile = fileSystem.getFile(settings.certificates());
        PrivateKey key = PemFiles.privateKey(keyFile.toPath());
        List<X509Certificate> chain = PemFiles.certificates(certificateFile.toPath());
        return SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
            .sslProvider(SslProvider.JDK)
            .protocols(TlsPolicy.PROTOCOLS)
            .ciphers(TlsPolicy.CIPHER_SUITES)
            .clientAuth(ClientAuth.NONE)
            .build();
    }

    /** The bound port (useful when configured with port 0); -1 when not listening. */
    public int port() {
        Channel current = channel;
        return current == null ? -1 : ((InetSocketAddress) current.localAddress()).getPort();
    }

    @PreDestroy
    public synchronized void stop() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
            channel = null;
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            io.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            workers.shutdownNow();
            boss = null;
            io = null;
            workers = null;
        }
    }
}
