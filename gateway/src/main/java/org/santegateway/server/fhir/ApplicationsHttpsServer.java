package org.santegateway.server.fhir;

import java.util.Optional;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.lifecycle.api.Startable;
import org.santegateway.login.CertificateLogins;
import org.santegateway.pki.TlsPolicy;
import org.santegateway.server.ConnectionLimits;
import org.santegateway.server.agenda.AppointmentEndpoint;
import org.santegateway.server.dmp.MhdEndpoint;
import org.santegateway.server.https.HttpsListener;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.trust.TrustSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.SslContext;
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
    private final MeterRegistry registry;
    private HttpsListener listener;

    @Inject
    public ApplicationsHttpsServer(ApplicationsHttpsSettings settings, TrustSettings trust, CertificateLogins logins, MhdEndpoint mhd,
                                   AppointmentEndpoint appointments, FileSystem fileSystem, MeterRegistry registry) {
        this.appointments = appointments;
        this.settings = settings;
        this.trust = trust;
        this.logins = logins;
        this.mhd = mhd;
        this.fileSystem = fileSystem;
        this.registry = registry;
    }

    public synchronized void start() throws Exception {
        if (!settings.enabled()) {
            LOGGER.info("Applications' HTTPS listener disabled ({}=false)", ApplicationsHttpsSettings.ENABLED);
            return;
        }
        SslContext ssl = HttpsListener.serverTls(fileSystem, settings.privateKey(), settings.certificates(), trust.anchorCertificates());
        // One per listener: it counts the listener's connections. Implicit TLS: nothing can be said before the close.
        ConnectionLimits limits = ConnectionLimits.forListener(settings.maxConnections(), settings.maxConnectionsPerClient(), Optional.empty(),
            "applications-https", registry).orElseThrow();
        try {
            listener = HttpsListener.bind("applications-https", settings.bind(), settings.port(), 1, 4, 500,
                workers -> new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                            .addLast(new ReadTimeoutHandler(120))
                            .addLast(ssl.newHandler(channel.alloc()))
                            .addLast(new HttpServerCodec(8192, 16384, 16384))
                            .addLast(new HttpServerKeepAliveHandler())
                            .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                            .addLast(new ApplicationsHttpHandler(logins, mhd, appointments, workers));
                        limits.install(channel.pipeline());
                    }
                });
        } catch (Exception e) {
            throw GatewayProperties.failure(ApplicationsHttpsSettings.PORT, "cannot listen on " + settings.bind() + ":" + settings.port()
                + " (" + e.getMessage() + ")");
        }
        LOGGER.info("Applications' HTTPS (IHE MHD, appointments; client certificates) listening on port {}", port());
    }

    /** The bound port (useful when configured with port 0); -1 when not listening. */
    public int port() {
        HttpsListener current = listener;
        return current == null ? -1 : current.port();
    }

    @PreDestroy
    public synchronized void stop() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
    }
}
