package org.santegateway.server;

import java.time.Clock;

import org.apache.james.GuiceJamesServer;
import org.santegateway.server.startup.StartupErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the gateway: {@code java -jar sante-gateway.jar}, with the configuration directory and
 * data directory from {@link GatewaySettings}. A startup failure prints one line naming the
 * file and setting at fault and exits with status 1; the full trace is logged at DEBUG.
 */
public final class GatewayMain {
    private GatewayMain() {
    }

    public static void main(String[] args) {
        GatewaySettings settings = GatewaySettings.fromEnvironment();
        configureProcess(settings);
        Logger logger = LoggerFactory.getLogger(GatewayMain.class);
        long start = System.nanoTime();
        GuiceJamesServer server = null;
        try {
            server = GatewayServer.create(settings, GatewayServer.prepareStart(settings, Clock.systemUTC()));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "gateway-shutdown"));
            logger.info("Gateway started in {} ms (configuration {}, data {})",
                (System.nanoTime() - start) / 1_000_000, settings.configDirectory(), settings.dataDirectory());
        } catch (Exception e) {
            logger.debug("Startup failure", e);
            System.err.println("Gateway not started: " + StartupErrors.describe(e));
            if (server != null) {
                try {
                    server.stop();
                } catch (RuntimeException ignored) {
                    // already failing: the message above is what matters
                }
            }
            System.exit(1);
        }
    }

    /** Process-wide settings, applied before any logger or TLS object exists. */
    static void configureProcess(GatewaySettings settings) {
        // Client-initiated TLS renegotiation is a denial-of-service lever and never needed here.
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        System.setProperty("working.directory", settings.dataDirectory().toString());
        System.setProperty(GatewaySettings.DATA_PROPERTY, settings.dataDirectory().toString());
        // James would call System.exit with a stack trace; main reports a one-line reason instead.
        System.setProperty("james.exit.on.startup.error", "false");
        if (System.getProperty("logback.configurationFile") == null) {
            java.nio.file.Path logback = settings.file("logback.xml");
            if (java.nio.file.Files.exists(logback)) {
                System.setProperty("logback.configurationFile", logback.toString());
            }
        }
    }
}
