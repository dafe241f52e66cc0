package org.santegateway.server.fhir;

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
import org.santegateway.login.CertificateLogins;
import org.santegateway.pki.PemFiles;
import org.santegateway.pki.TlsPolicy;
import org.santegateway.server.agenda.AppointmentEndpoint;
import org.santegateway.server.dmp.MhdEndpoint;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.trust.TrustSettings;
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
import io.netty.handler.timeout.ReadTimeoutHandler;

/**
 * The HTTPS listener of certified applications (default port 10443): IHE MHD ({@link MhdEndpoint}) and the agenda's
 * FHIR Appointment ({@link AppointmentEndpoint}) for software that signs in with its TLS client certificate rather than a person's Pro Santé Connect token. The handshake requires a
 * certificate chaining to {@code trust.anchors}, as on the applications' mail ports (10466, 10994); each request then
 * goes through {@link CertificateLogins} ({@link ApplicationsHttpHandler}). TLS policy of every listener
 * ({@link TlsPolicy}); started and stopped with the James server.
 */
public class ApplicationsHttpsServer implements Startable {
    /** Requests carry FHIR queries and appointments, not documents (MHD here reads; it does not publish). */
    static final int MAX_REQUEST_BYTES = 1_000_000;
    private static final Logger LOGGER = LoggerFactory.getLogger(ApplicationsHttpsServer.class);

    private final ApplicationsHttpsSettings settings;
    private final TrustSettings trust;
    private final CertificateLogins logins;
    private final MhdEndpoint mhd;
    private final AppointmentEndpoint appointments;
    private final FileSystem fileSystem;
    private EventLoopGroup boss;
    private EventLoopGroup io;
    private ExecutorService workers;
    private Channel channel;

    @Inject
    public ApplicationsHttpsServer(ApplicationsHttpsSettings settings, TrustSettings trust, CertificateLogins logins, MhdEndpoint mhd,
                                   AppointmentEndpoint appointments, FileSystem fileSystem) {
        this.appointments = appointments;
        this.settings = settings;
        this.trust = trust;
        this.logins = logins;
        this.mhd = mhd;
        this.fileSystem = fileSystem;
    }

    public synchronized void start() throws Exception {
        if (!settings.enabled()) {
            LOGGER.info("Applications' HTTPS listener disabled ({}=false)", ApplicationsHttpsSettings.ENABLED);
            return;
        }
        SslContext ssl = sslContext();
        AtomicInteger threads = new AtomicInteger();
        workers = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(500),
            runnable -> {
                Thread thread = new Thread(runnable, "applications-https-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        boss = new NioEventLoopGroup(1);
        io = new NioEventLoopGroup(1);
        try {
            channel = new ServerBootstrap()
                .group(boss, io)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                            .addLast(new ReadTimeoutHandler(120))
                            .addLast(ssl.newHandler(channel.alloc()))
                            .addLast(new HttpServerCodec(8192, 16384, 16384))
                            .addLast(new HttpServerKeepAliveHandler())
                            .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                            .addLast(new ApplicationsHttpHandler(logins, mhd, appointments, workers));
                    }
                })
                .bind(new InetSocketAddress(settings.bind(), settings.port()))
                .sync()
                .channel();
        } catch (Exception e) {
            stop();
            throw GatewayProperties.failure(ApplicationsHttpsSettings.PORT, "cannot listen on " + settings.bind() + ":" + settings.port()
                + " (" + e.getMessage() + ")");
        }
        LOGGER.info("Applications' HTTPS (IHE MHD, client certificates) listening on port {}", port());
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
            .trustManager(trust.anchorCertificates().toArray(X509Certificate[]::new))
            .clientAuth(ClientAuth.REQUIRE)
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
