package org.santegateway.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private RabbitMQ broker for integration tests, run from Debian's binaries (package {@code rabbitmq-server},
 * which {@code ./run-tests} installs; the system service is not used): its own node name, base, Mnesia and log
 * directories and Erlang cookie (in a private {@code HOME}) in a fresh temporary directory, its own Erlang port
 * mapper, AMQP on 127.0.0.1 only on a free port, no plugin, and one user for the code under test with a random
 * password.
 *
 * <p>Started with {@code rabbitmq-server}, then {@code rabbitmqctl wait} on its pid file returns once the broker's
 * applications run (or fails when the process dies): nothing here sleeps. {@link #close()} shuts the node down with
 * {@code rabbitmqctl shutdown}, which waits for the process to end, stops its port mapper and removes the
 * directory.</p>
 */
public final class RabbitMqServer implements AutoCloseable {
    public static final String USER = "gateway";
    private static final Path BINARIES = Path.of("/usr/lib/rabbitmq/bin");
    private static final int START_ATTEMPTS = 3;
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path directory;
    private final String nodeName;
    private final String password;
    private final Thread stopAtExit = new Thread(this::close, "rabbitmq-test-server-stop");
    private int amqpPort;
    private int distributionPort;
    private int portMapperPort;
    private Process server;

    private RabbitMqServer(Path directory) {
        this.directory = directory;
        this.nodeName = "gateway-test-" + HexFormat.of().formatHex(randomBytes(4)) + "@localhost";
        this.password = HexFormat.of().formatHex(randomBytes(24));
    }

    /** Starts a broker in a new temporary directory and waits until it accepts work. */
    public static RabbitMqServer start() throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARIES.resolve("rabbitmq-server"))) {
            throw new IllegalStateException("RabbitMQ is not installed (no " + BINARIES + "/rabbitmq-server): run ./run-tests, "
                + "or apt-get install rabbitmq-server");
        }
        RabbitMqServer server = new RabbitMqServer(Files.createTempDirectory("rabbitmq-test-"));
        // A test JVM that exits without closing the broker (a failed fork, Ctrl-C) still stops it.
        Runtime.getRuntime().addShutdownHook(server.stopAtExit);
        try {
            server.prepare();
            server.startOnFreePorts();
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The AMQP URI with this broker's user and password. */
    public String amqpUri() {
        return "amqp://" + USER + ":" + password + "@127.0.0.1:" + amqpPort;
    }

    /** The AMQP URI without credentials, as {@code rabbitmq.properties} takes it with {@link #USER} and {@link #password()}. */
    public String address() {
        return "amqp://127.0.0.1:" + amqpPort;
    }

    public String password() {
        return password;
    }

    public int amqpPort() {
        return amqpPort;
    }

    /** {@code rabbitmqctl list_queues}: each queue's name, ready and unacknowledged messages and consumers. */
    public String queues() throws IOException, InterruptedException {
        return rabbitmqctl("list_queues", "name", "messages_ready", "messages_unacknowledged", "consumers").output();
    }

    private void prepare() throws IOException {
        Path home = Files.createDirectories(directory.resolve("home"));
        Path cookie = home.resolve(".erlang.cookie");
        Files.writeString(cookie, HexFormat.of().formatHex(randomBytes(20)), StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(cookie, PosixFilePermissions.fromString("r--------"));
        Files.writeString(directory.resolve("enabled_plugins"), "[].\n", StandardCharsets.US_ASCII);
        Files.createDirectories(directory.resolve("mnesia"));
        Files.createDirectories(directory.resolve("log"));
    }

    private void startOnFreePorts() throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            amqpPort = GatewayTestServer.freePort();
            distributionPort = GatewayTestServer.freePort();
            portMapperPort = GatewayTestServer.freePort();
            // Random hexadecimal password: nothing to quote.
            Files.writeString(directory.resolve("rabbitmq.conf"),
                "listeners.tcp.1 = 127.0.0.1:" + amqpPort + "\n"
                    + "default_user = " + USER + "\n"
                    + "default_pass = " + password + "\n"
                    + "loopback_users = none\n",
                StandardCharsets.US_ASCII);
            Files.deleteIfExists(pidFile());
            ProcessBuilder builder = new ProcessBuilder(BINARIES.resolve("rabbitmq-server").toString())
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("server.log").toFile());
            builder.environment().putAll(variables());
            server = builder.start();
            CommandResult waited = rabbitmqctl("wait", pidFile().toString(), "--timeout", String.valueOf(COMMAND_TIMEOUT_SECONDS));
            if (waited.exitCode() == 0 && server.isAlive()) {
                return;
            }
            stopServerProcess();
            // Another process may have taken a port between its choice and the start.
            if (attempt == START_ATTEMPTS || !serverLog().contains("eaddrinuse")) {
                throw new IllegalStateException("RabbitMQ did not start: " + waited.output() + "\n" + serverLog());
            }
        }
    }

    private Map<String, String> variables() {
        Map<String, String> variables = new HashMap<>();
        variables.put("HOME", directory.resolve("home").toString());
        variables.put("RABBITMQ_NODENAME", nodeName);
        variables.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        variables.put("RABBITMQ_NODE_PORT", String.valueOf(amqpPort));
        variables.put("RABBITMQ_DIST_PORT", String.valueOf(distributionPort));
        variables.put("ERL_EPMD_PORT", String.valueOf(portMapperPort));
        variables.put("ERL_EPMD_ADDRESS", "127.0.0.1");
        variables.put("RABBITMQ_BASE", directory.toString());
        variables.put("RABBITMQ_MNESIA_BASE", directory.resolve("mnesia").toString());
        variables.put("RABBITMQ_LOG_BASE", directory.resolve("log").toString());
        variables.put("RABBITMQ_PID_FILE", pidFile().toString());
        // Nothing read from /etc/rabbitmq.
        variables.put("RABBITMQ_CONFIG_FILE", directory.resolve("rabbitmq.conf").toString());
        variables.put("RABBITMQ_CONF_ENV_FILE", directory.resolve("rabbitmq-env.conf").toString());
        variables.put("RABBITMQ_ADVANCED_CONFIG_FILE", directory.resolve("advanced.config").toString());
        variables.put("RABBITMQ_ENABLED_PLUGINS_FILE", directory.resolve("enabled_plugins").toString());
        return variables;
    }

    /** Shuts the node down (it waits for the process to end), stops its port mapper and removes the directory. */
    @Override
    public synchronized void close() {
        if (Thread.currentThread() != stopAtExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopAtExit);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // The JVM is exiting, or the hook was removed by an earlier close.
            }
        }
        try {
            stopServerProcess();
            deleteRecursively(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping RabbitMQ", e);
        }
    }

    private void stopServerProcess() throws IOException, InterruptedException {
        if (server == null) {
            return;
        }
        if (server.isAlive()) {
            rabbitmqctl("shutdown");
            if (!server.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                server.destroyForcibly();
                server.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        }
        server = null;
        // The node started its own Erlang port mapper on a private port: it would outlive the node.
        run(List.of("epmd", "-kill"));
    }

    private CommandResult rabbitmqctl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARIES.resolve("rabbitmqctl").toString(), "-n", nodeName));
        command.addAll(List.of(arguments));
        return run(command);
    }

    private record CommandResult(int exitCode, String output) {
    }

    private CommandResult run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile(directory, "command-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
            builder.environment().putAll(variables());
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS + 10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            return new CommandResult(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private Path pidFile() {
        return directory.resolve("rabbitmq.pid");
    }

    private String serverLog() {
        StringBuilder log = new StringBuilder();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".log") && Files.isRegularFile(path)).toList()) {
                log.append("== ").append(file.getFileName()).append('\n').append(Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException | UncheckedIOException e) {
            log.append("(logs unreadable: ").append(e.getMessage()).append(')');
        }
        return log.toString();
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
