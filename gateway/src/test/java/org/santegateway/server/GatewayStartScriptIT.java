package org.santegateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.testing.GatewayProcess;
import org.santegateway.server.testing.GatewayTestServer;

/**
 * {@code ./gateway-start}, the launcher of a built gateway (and of {@code ./run}), run as operators run it, on the
 * packaged jar: its class archive is made in the background after the first start of a build, used by the next
 * starts, and dropped for a new one when the build changes. Run by failsafe after {@code package}.
 */
class GatewayStartScriptIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath().getParent();
    private static final Path SCRIPT = PROJECT.resolve("gateway-start");
    private static final Path JAR = PROJECT.resolve("gateway/target/sante-gateway.jar");

    @TempDir
    Path root;

    @Test
    void theSecondStartOfABuildMapsTheArchiveTheFirstMadeAndANewBuildReplacesIt() throws Exception {
        Path config = root.resolve("config");
        Path data = root.resolve("data");
        GatewayTestServer.copyConfiguration(config, GatewayTestServer.freePort(), true);
        GatewaySettings settings = new GatewaySettings(config, data);
        Path classes = data.resolve("cache/classes");

        Process first = start(settings, root.resolve("first.log"));
        Path archive;
        try {
            assertThat(commandLine(first)).contains("-XX:DumpLoadedClassList=");
            await().atMost(5, TimeUnit.MINUTES).pollInterval(1, TimeUnit.SECONDS)
                .until(() -> archives(classes).size() == 1);
            archive = archives(classes).get(0);
            assertThat(files(classes)).as("no partial archive, no class list left").containsOnly(archive, classes.resolve("archive.log"));
        } finally {
            stop(first);
        }

        // A message file a killed run left among the temporary files: the next start removes it.
        Path leftOver = Files.writeString(data.resolve("var/tmp/mimemessage-Mail1-left.m64"), "Subject: compte rendu\r\n\r\nx\r\n");
        Process second = start(settings, root.resolve("second.log"));
        try {
            assertThat(commandLine(second)).as("messages in transit kept under the data directory")
                .contains("-Djava.io.tmpdir=" + data.resolve("var/tmp").toRealPath());
            assertThat(leftOver).doesNotExist();
            assertThat(Files.readString(Path.of("/proc", String.valueOf(second.pid()), "maps"), StandardCharsets.US_ASCII))
                .as("the archive is mapped by the gateway's JVM").contains(archive.toString());
            assertThat(commandLine(second)).doesNotContain("DumpLoadedClassList");
        } finally {
            stop(second);
        }

        // A new build: the jar's date changes, the archive made from the old one is no longer used, and goes.
        Files.setLastModifiedTime(JAR, FileTime.from(Instant.now()));
        Process third = start(settings, root.resolve("third.log"));
        try {
            assertThat(commandLine(third)).contains("-XX:DumpLoadedClassList=").doesNotContain(archive.toString());
            assertThat(archive).doesNotExist();
        } finally {
            stop(third);
        }
    }

    private static Process start(GatewaySettings settings, Path console) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString())
            .redirectErrorStream(true)
            .redirectOutput(console.toFile());
        builder.environment().put("GATEWAY_CONFIG_DIR", settings.configDirectory().toString());
        builder.environment().put("GATEWAY_DATA_DIR", settings.dataDirectory().toString());
        builder.environment().put("GATEWAY_JAVA_OPTS", "-Xmx512m");
        builder.environment().put("GATEWAY_CLASS_ARCHIVE_SETTLE", "3");
        Process process = builder.start();
        int submission = GatewayProcess.bindPort(settings, "smtpserver.xml", 1);
        await().atMost(2, TimeUnit.MINUTES).pollInterval(250, TimeUnit.MILLISECONDS).until(() ->
            !process.isAlive() || Files.readString(console, StandardCharsets.UTF_8).contains("Gateway started") && GatewayProcess.accepts(submission));
        assertThat(process.isAlive()).as(() -> "gateway running: " + read(console)).isTrue();
        return process;
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** The launcher execs the JVM: the process started is the gateway's JVM, with the options it chose. */
    private static String commandLine(Process process) throws IOException {
        return Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline"), StandardCharsets.UTF_8).replace('\0', ' ');
    }

    private static List<Path> archives(Path classes) throws IOException {
        return files(classes).stream().filter(file -> file.getFileName().toString().endsWith(".jsa")).toList();
    }

    private static List<Path> files(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    private static String read(Path console) {
        try {
            return Files.readString(console, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
