package org.santegateway.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for integration tests, run from the Debian binaries
 * ({@code /usr/lib/postgresql/<version>/bin}, package {@code postgresql}, which {@code ./run-tests}
 * installs): its own data directory in a fresh temporary directory, listening on 127.0.0.1 only
 * on a free port, its Unix socket in that directory, password authentication over TCP. It has one
 * database and one owner role for the code under test, both named {@value #DATABASE}, with a random
 * password.
 *
 * <p>PostgreSQL refuses to run as root: when the tests run as root, every PostgreSQL command runs
 * as the {@code postgres} system user the package creates ({@code runuser}), and the temporary
 * directory is given to that user. {@code pg_ctl -w} waits until the server accepts connections
 * (or is down, at {@link #close()}), so nothing here sleeps.</p>
 */
public final class PostgresServer implements AutoCloseable {
    public static final String DATABASE = "gateway";
    private static final String SUPERUSER = "postgres";
    private static final String SYSTEM_USER = "postgres";
    private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");
    private static final int START_ATTEMPTS = 3;
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path binaries;
    private final Path directory;
    private final boolean asSystemUser;
    private final String superuserPassword;
    private final String password;
    private final Thread stopAtExit = new Thread(this::close, "postgres-test-server-stop");
    private int port;
    private boolean running;

    private PostgresServer(Path binaries, Path directory, boolean asSystemUser) {
        this.binaries = binaries;
        this.directory = directory;
        this.asSystemUser = asSystemUser;
        this.superuserPassword = randomPassword();
        this.password = randomPassword();
    }

    /** Creates a cluster in a new temporary directory, starts it and creates the database and its owner. */
    public static PostgresServer start() throws IOException, InterruptedException, SQLException {
        Path binaries = locateBinaries();
        boolean asSystemUser = "root".equals(System.getProperty("user.name"));
        Path directory = Files.createTempDirectory("postgres-test-");
        PostgresServer server = new PostgresServer(binaries, directory, asSystemUser);
        // A test JVM that exits without closing the server (a failed fork, Ctrl-C) still stops it.
        Runtime.getRuntime().addShutdownHook(server.stopAtExit);
        try {
            server.initialise();
            server.startOnAFreePort();
            server.createDatabase();
            return server;
        } catch (IOException | InterruptedException | SQLException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String username() {
        return DATABASE;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** A connection as the database's owner, for a test's own checks. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), username(), password);
    }

    private void initialise() throws IOException, InterruptedException {
        Path passwordFile = directory.resolve("superuser-password");
        Files.writeString(passwordFile, superuserPassword, StandardCharsets.UTF_8);
        if (asSystemUser) {
            run(List.of("chown", "-R", SYSTEM_USER + ":", directory.toString()), false);
        }
        run(List.of(binaries.resolve("initdb").toString(), "-D", dataDirectory().toString(),
            "-U", SUPERUSER, "--pwfile=" + passwordFile, "--auth-local=peer", "--auth-host=scram-sha-256",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"), true);
        Files.delete(passwordFile);
    }

    private void startOnAFreePort() throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            port = GatewayTestServer.freePort();
            // fsync off: a test database needs no durability across a crash of the machine.
            String options = "-c listen_addresses=127.0.0.1 -c port=" + port
                + " -c unix_socket_directories=" + directory + " -c fsync=off -c full_page_writes=off";
            CommandResult result = run(List.of(binaries.resolve("pg_ctl").toString(), "start", "-w",
                "-t", String.valueOf(COMMAND_TIMEOUT_SECONDS), "-D", dataDirectory().toString(),
                "-l", directory.resolve("server.log").toString(), "-o", options), false);
            if (result.exitCode() == 0) {
                running = true;
                return;
            }
            // Another process may have taken the port between its choice and the start.
            if (attempt == START_ATTEMPTS || !serverLog().contains("could not bind")) {
                throw new IllegalStateException("PostgreSQL did not start: " + result.output() + "\n" + serverLog());
            }
        }
    }

    private void createDatabase() throws SQLException {
        try (Connection connection = superuserConnection(); Statement statement = connection.createStatement()) {
            // Random hexadecimal password: nothing to quote.
            statement.execute("CREATE ROLE " + DATABASE + " LOGIN PASSWORD '" + password + "'");
            statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + DATABASE + " ENCODING 'UTF8'");
        }
    }

    /**
     * Creates another empty database on this server, owned by the same role ({@link #username()}), and returns
     * its JDBC URL: for tests that compare databases. {@code name} is a plain SQL identifier.
     */
    public String createDatabase(String name) throws SQLException {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (Connection connection = superuserConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " OWNER " + DATABASE + " ENCODING 'UTF8'");
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    private Connection superuserConnection() throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", SUPERUSER);
        credentials.setProperty("password", superuserPassword);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", credentials);
    }

    /** Stops the server (fast shutdown: open sessions are ended) and removes its directory. */
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
            if (running) {
                CommandResult result = run(List.of(binaries.resolve("pg_ctl").toString(), "stop", "-w", "-m", "fast",
                    "-t", String.valueOf(COMMAND_TIMEOUT_SECONDS), "-D", dataDirectory().toString()), false);
                if (result.exitCode() != 0) {
                    throw new IllegalStateException("PostgreSQL did not stop: " + result.output());
                }
                running = false;
            }
            deleteRecursively(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping PostgreSQL", e);
        }
    }

    private Path dataDirectory() {
        return directory.resolve("data");
    }

    private String serverLog() {
        try {
            Path log = directory.resolve("server.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(server log unreadable: " + e.getMessage() + ")";
        }
    }

    private record CommandResult(int exitCode, String output) {
    }

    private CommandResult run(List<String> command, boolean failOnError) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asSystemUser && !command.get(0).equals("chown")) {
            full.addAll(List.of("runuser", "-u", SYSTEM_USER, "--"));
        }
        full.addAll(command);
        Path output = Files.createTempFile("postgres-command-", ".log");
        try {
            // pg_ctl's server inherits no pipe of ours: its output goes to a file, so waitFor cannot block on it.
            Process process = new ProcessBuilder(full)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", full));
            }
            CommandResult result = new CommandResult(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            if (failOnError && result.exitCode() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed (" + result.exitCode() + "): " + result.output());
            }
            return result;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Path locateBinaries() throws IOException {
        Optional<Path> newest = Optional.empty();
        if (Files.isDirectory(DEBIAN_BINARIES)) {
            try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
                newest = versions
                    .map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(PostgresServer::majorVersion));
            }
        }
        return newest.orElseThrow(() -> new IllegalStateException(
            "PostgreSQL is not installed (no " + DEBIAN_BINARIES + "/<version>/bin/initdb): run ./run-tests, "
                + "or apt-get install postgresql"));
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
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
