package org.santegateway.server.webmail;

import java.util.List;
import java.util.Optional;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.lifecycle.api.Startable;
import org.santegateway.pki.TlsPolicy;
import org.santegateway.server.ConnectionLimits;
import org.santegateway.server.autoconfig.ClientAutoconfig;
import org.santegateway.server.dmp.MhdEndpoint;
import org.santegateway.server.https.HttpsListener;
import org.santegateway.server.settings.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.SslContext;
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
    private final MeterRegistry registry;
    private HttpsListener listener;

    @Inject
    public WebmailServer(WebmailSettings settings, WebmailPages pages, ClientAutoconfig autoconfig, MhdEndpoint mhd, FileSystem fileSystem,
                         MeterRegistry registry) {
        this.mhd = mhd;
        this.settings = settings;
        this.pages = pages;
        this.autoconfig = autoconfig;
        this.fileSystem = fileSystem;
        this.registry = registry;
    }

    public synchronized void start() throws Exception {
        if (!settings.enabled()) {
            LOGGER.info("Patient webmail disabled ({}=false)", WebmailSettings.ENABLED);
            return;
        }
        SslContext ssl = HttpsListener.serverTls(fileSystem, settings.privateKey(), settings.certificates(), List.of());
        int maxContent = settings.maxUpload() + 1_000_000;
        // One per listener: it counts the listener's connections. Implicit TLS: nothing can be said before the close.
        ConnectionLimits limits = ConnectionLimits.forListener(settings.maxConnections(), settings.maxConnectionsPerClient(), Optional.empty(),
            "webmail", registry).orElseThrow();
        try {
            listener = HttpsListener.bind("webmail", settings.bind(), settings.port(), 2, 8, 1000, workers -> new ChannelInitializer<SocketChannel>() {
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
                    limits.install(channel.pipeline());
                }
            });
        } catch (Exception e) {
            throw GatewayProperties.failure(WebmailSettings.PORT, "cannot listen on " + settings.bind() + ":" + settings.port()
                + " (" + e.getMessage() + ")");
        }
        LOGGER.info("Patient webmail listening on HTTPS port {}", port());
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
