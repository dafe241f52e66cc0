package org.santegateway.server.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.santegateway.server.GatewayMain;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.admin.GatewayAdmin;

/**
 * The gateway in a process of its own, as {@code java -jar} runs it (its main class, its logging
 * configuration), for tests that kill it or read what it prints; and the stock James CLI against it.
 * Use {@link GatewayTestServer#copyConfiguration} with fixed ports to prepare its configuration.
 */
public final class GatewayProcess implements AutoCloseable {
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final Path console;

    private GatewayProcess(Process process, Path console) {
        this.process = process;
        this.console = console;
    }

    /**
     * Starts the gateway and waits until it says it started and its submission port answers. The
     * listeners' ports are fixed in the configuration, chosen free before the start: when another
     * process took one meanwhile, the ports are chosen again and the start tried again (at most
     * {@value #START_ATTEMPTS} times). Read the ports from the configuration after the start.
     */
    public static GatewayProcess start(GatewaySettings settings, Path console) throws IOException {
        for (int attempt = 1; ; attempt++) {
            List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m"));
            // For a benchmark run by hand, {data} standing for the data directory:
            // -Dgateway.process.options=-XX:StartFlightRecording=filename={data}/gateway.jfr
            String options = System.getProperty("gateway.process.options", "").strip()
                .replace("{data}", settings.dataDirectory().toString());
            if (!options.isEmpty()) {
                command.addAll(List.of(options.split("\\s+")));
            }
            command.addAll(List.of(
                "-D" + GatewaySettings.CONFIG_PROPERTY + "=" + settings.configDirectory(),
                "-D" + GatewaySettings.DATA_PROPERTY + "=" + settings.dataDirectory(),
                // As ./gateway-start starts it: messages in transit kept under the data directory.
                "-Djava.io.tmpdir=" + settings.dataDirectory().resolve("var/tmp"),
                "-cp", System.getProperty("java.class.path"),
                GatewayMain.class.getName()));
            Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(console.toFile())
                .start();
            int submission = bindPort(settings, "smtpserver.xml", 1);
            await().atMost(120, TimeUnit.SECONDS).pollInterval(250, TimeUnit.MILLISECONDS).until(() ->
                !process.isAlive() || Files.readString(console, StandardCharsets.UTF_8).contains("Gateway started") && accepts(submission));
            if (process.isAlive()) {
                return new GatewayProcess(process, console);
            }
            String output = Files.readString(console, StandardCharsets.UTF_8);
            if (attempt == START_ATTEMPTS || !output.contains("already in use")) {
                throw new IllegalStateException("Gateway exited: " + output);
            }
            // Its peers, told the old ports, no longer reach it: said in the build's output for when a test then waits.
            System.err.println("Gateway process in " + settings.configDirectory() + ": a fixed port was in use, ports reassigned");
            GatewayTestServer.reassignFixedPorts(settings.configDirectory());
        }
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    public String console() throws IOException {
        return Files.readString(console, StandardCharsets.UTF_8);
    }

    /** Runs the stock James CLI with the gateway's generated JMX credentials; returns its exit status. */
    public static int cli(GatewaySettings settings, String... command) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
            "org.apache.james.cli.ServerCmd"));
        arguments.addAll(List.of(GatewayAdmin.cliArguments(settings, command)));
        Process cli = new ProcessBuilder(arguments).redirectErrorStream(true).start();
        cli.getInputStream().readAllBytes();
        if (!cli.waitFor(60, TimeUnit.SECONDS)) {
            cli.destroyForcibly();
            throw new IllegalStateException("The James CLI did not finish");
        }
        return cli.exitValue();
    }

    /** The port of the listener at {@code index} (0-based) in smtpserver.xml or imapserver.xml. */
    public static int bindPort(GatewaySettings settings, String file, int index) throws IOException {
        Matcher matcher = Pattern.compile("<bind>[^<:]*:(\\d+)</bind>")
            .matcher(Files.readString(settings.file(file), StandardCharsets.UTF_8));
        for (int i = 0; i <= index; i++) {
            if (!matcher.find()) {
                throw new IllegalStateException("No listener " + index + " in " + file);
            }
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** Whether a listener on the loopback accepts connections on this port. */
    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
