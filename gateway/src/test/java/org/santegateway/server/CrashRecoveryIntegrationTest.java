package org.santegateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.admin.GatewayAdmin;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.TestTls;

/**
 * Mail accepted with a 250 survives a crash: the gateway runs in its own process, a burst of
 * messages is accepted, the process is killed with SIGKILL right after the last 250, and after a
 * restart every accepted message is in the recipient's mailbox.
 */
class CrashRecoveryIntegrationTest {
    static final String DOMAIN = "crash-test.fr";
    static final String SENDER = "dr.leroy@" + DOMAIN;
    static final String RECIPIENT = "dr.petit@" + DOMAIN;
    static final String PASSWORD = "yet another long password";
    static final int MESSAGES = 40;

    @TempDir
    Path root;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void mailAcceptedJustBeforeAHardKillShouldBeDeliveredAfterRestart() throws Exception {
        Path config = root.resolve("config");
        Path data = root.resolve("data");
        int jmxPort = GatewayTestServer.freePort();
        GatewayTestServer.copyConfiguration(config, jmxPort, true);
        int submission = bindPort(config.resolve("smtpserver.xml"), 1);
        int imaps = bindPort(config.resolve("imapserver.xml"), 1);
        GatewaySettings settings = new GatewaySettings(config, data);

        Process first = startGateway(settings, submission, "first");
        for (String[] command : List.of(
                new String[] {"AddDomain", DOMAIN},
                new String[] {"AddUser", SENDER, PASSWORD},
                new String[] {"AddUser", RECIPIENT, PASSWORD})) {
            assertThat(GatewayServerIntegrationTest.java("org.apache.james.cli.ServerCmd",
                GatewayAdmin.cliArguments(settings, command)).exitCode()).isZero();
        }

        MailClients clients = new MailClients(TestTls.socketFactory(settings.certsDirectory().resolve("test-ca.pem")));
        List<String> subjects = new ArrayList<>();
        Properties properties = new Properties();
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", "true");
        properties.put("mail.smtp.auth", "true");
        properties.put("mail.smtp.ssl.socketFactory", TestTls.socketFactory(settings.certsDirectory().resolve("test-ca.pem")));
        Transport transport = Session.getInstance(properties).getTransport("smtp");
        transport.connect("localhost", submission, SENDER, PASSWORD);
        for (int i = 0; i < MESSAGES; i++) {
            String subject = "crash " + i + " " + UUID.randomUUID();
            MimeMessage message = clients.newMessage(SENDER, RECIPIENT, subject, "x".repeat(10_000));
            message.saveChanges();
            transport.sendMessage(message, message.getAllRecipients());
            subjects.add(subject);
        }
        // SIGKILL right after the last 250, before QUIT: no shutdown hook, no flush.
        first.destroyForcibly();
        closeQuietly(transport);
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        startGateway(settings, submission, "second");
        await().atMost(120, TimeUnit.SECONDS).pollInterval(1, TimeUnit.SECONDS).untilAsserted(() ->
            assertThat(clients.inboxSubjects(imaps, true, RECIPIENT, PASSWORD)).containsAll(subjects));
    }

    private Process startGateway(GatewaySettings settings, int submissionPort, String name) throws IOException {
        Path log = root.resolve(name + ".out");
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-D" + GatewaySettings.CONFIG_PROPERTY + "=" + settings.configDirectory(),
                "-D" + GatewaySettings.DATA_PROPERTY + "=" + settings.dataDirectory(),
                "-cp", System.getProperty("java.class.path"),
                GatewayMain.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        processes.add(process);
        await().atMost(120, TimeUnit.SECONDS).pollInterval(250, TimeUnit.MILLISECONDS).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Gateway exited: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            return Files.readString(log, StandardCharsets.UTF_8).contains("Gateway started") && accepts(submissionPort);
        });
        return process;
    }

    private static void closeQuietly(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException expected) {
            // the server is gone
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int bindPort(Path file, int index) throws IOException {
        Matcher matcher = Pattern.compile("<bind>[^<:]*:(\\d+)</bind>").matcher(Files.readString(file, StandardCharsets.UTF_8));
        for (int i = 0; i <= index; i++) {
            if (!matcher.find()) {
                throw new IllegalStateException("No listener " + index + " in " + file);
            }
        }
        return Integer.parseInt(matcher.group(1));
    }
}
