package org.santegateway.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

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
        // Java reads it once, at the JVM's start: temporary files go there whatever is set later.
        Path processTemporaryDirectory = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        configureProcess(settings);
        Logger logger = LoggerFactory.getLogger(GatewayMain.class);
        Path temporaryDirectory = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        if (!processTemporaryDirectory.equals(temporaryDirectory)) {
            logger.warn("Messages of more than 100 KB in transit are kept in temporary files in {}, outside the data directory:"
                + " start the gateway with ./gateway-start, or with -Djava.io.tmpdir={}", processTemporaryDirectory, temporaryDirectory);
        }
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

    /**
     * The process's temporary directory, {@code <data>/var/tmp}, emptied: James keeps a message of more than 100 KB in
     * transit in a temporary file (the SMTP data, each mailet's copy), which under the system's {@code /tmp} put
     * message content outside the data directory, whose volume the operator encrypts (README, "Data at rest"), and
     * left it there after a crash. Created readable by the gateway's user only; what a crashed run left is removed.
     * Java takes its temporary directory from the command line only ({@code -Djava.io.tmpdir}, which
     * {@code ./gateway-start} gives); {@link #main} warns when it is elsewhere.
     */
    static Path temporaryDirectory(Path dataDirectory) {
        Path directory = dataDirectory.resolve("var").resolve("tmp");
        try {
            if (Files.isDirectory(directory)) {
                try (Stream<Path> left = Files.walk(directory)) {
                    left.sorted(Comparator.reverseOrder()).filter(path -> !path.equals(directory)).forEach(GatewayMain::delete);
                }
            } else {
                Files.createDirectories(directory);
            }
            if (Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the temporary directory " + directory, e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + path + " left by an earlier run", e);
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
        System.setProperty("java.io.tmpdir", temporaryDirectory(settings.dataDirectory()).toAbsolutePath().toString());
        if (System.getProperty("logback.configurationFile") == null) {
            Path logback = settings.file("logback.xml");
            if (Files.exists(logback)) {
                System.setProperty("logback.configurationFile", logback.toString());
            }
        }
    }
}
