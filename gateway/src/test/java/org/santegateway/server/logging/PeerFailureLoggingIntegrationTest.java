package org.santegateway.server.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.OpenSsl;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.MeterRegistryProbe;
import org.santegateway.server.testing.SmtpDialog;
import org.santegateway.server.testing.TestTls;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.contrib.jackson.JacksonJsonFormatter;
import ch.qos.logback.core.AppenderBase;

/**
 * What the gateway logs when clients misbehave, through the layouts of config/logback.xml: TLS
 * handshake failures, plain text on a TLS port and resets are one INFO or DEBUG line without a
 * stack trace, counted by reason; malformed addresses never reach the log in clear.
 */
class PeerFailureLoggingIntegrationTest {
    static final String DOMAIN = "hopital-test.fr";
    static final String PATIENT_DOMAIN = "patient.mssante.fr";
    static final String MARTIN = "dr.martin@" + DOMAIN;
    static final String PASSWORD = "correct horse battery staple";

    @TempDir
    static Path root;
    static GatewayTestServer gateway;
    static final RenderingAppender logs = new RenderingAppender();
    static final Logger ROOT = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    /** Loggers whose level the test lowers to see what a DEBUG configuration would write. */
    static final List<String> DEBUGGED = List.of(PeerFailures.class.getName(), "org.apache.james.protocols", "org.apache.james.smtpserver");

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayTestServer.prepare(root).withProbe(MeterRegistryProbe.class).start();
        gateway.data().addDomain(DOMAIN);
        gateway.data().addDomain(PATIENT_DOMAIN);
        gateway.data().addUser(MARTIN, PASSWORD);
        logs.start(gateway.settings().dataDirectory().resolve("conf/audit-hmac.key").toString());
        ROOT.addAppender(logs);
        DEBUGGED.forEach(name -> ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.DEBUG));
    }

    @AfterAll
    static void stop() {
        DEBUGGED.forEach(name -> ((Logger) LoggerFactory.getLogger(name)).setLevel(null));
        ROOT.detachAppender(logs);
        logs.stop();
        if (gateway != null) {
            gateway.close();
        }
    }

    @BeforeEach
    void clearLogs() {
        logs.events.clear();
    }

    @Nested
    class HandshakeFailures {
        @Test
        void tlsOneZeroShouldBeOneInfoLineAndCountedAsProtocol() throws Exception {
            double before = handshakeFailures("smtpserver-submissions", "protocol");

            OpenSsl.Result result = OpenSsl.connect(gateway.submissionsPort(), "-tls1", "-cipher", "DEFAULT@SECLEVEL=0");

            assertThat(result.handshakeSucceeded()).isFalse();
            assertOneLineAndCounted("smtpserver-submissions", "protocol", Level.INFO, before);
        }

        @Test
        void plainTextOnTheImplicitTlsPortsShouldBeOneInfoLineAndCountedAsNotTls() throws Exception {
            double smtp = handshakeFailures("smtpserver-submissions", "not_tls");
            plainText(gateway.submissionsPort(), "EHLO client.example.org\r\n");
            assertOneLineAndCounted("smtpserver-submissions", "not_tls", Level.INFO, smtp);

            logs.events.clear();
            double imap = handshakeFailures("imapserver-ssl", "not_tls");
            plainText(gateway.imapsPort(), "a1 CAPABILITY\r\n");
            assertOneLineAndCounted("imapserver-ssl", "not_tls", Level.INFO, imap);
        }

        @Test
        void noClientCertificateOnTheOperatorsPortShouldBeOneInfoLineAndCountedAsCertificate() throws Exception {
            double before = handshakeFailures("smtpserver-operators", "certificate");

            OpenSsl.connect(gateway.operatorsSmtpPort(), "-starttls", "smtp", "-tls1_2");

            assertOneLineAndCounted("smtpserver-operators", "certificate", Level.INFO, before);
        }

        @Test
        void aResetInTheMiddleOfTheHandshakeShouldBeOneDebugLineAndCountedAsReset() throws Exception {
            double before = handshakeFailures("imapserver-ssl", "reset");

            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", gateway.imapsPort()), 5000);
                socket.setSoTimeout(15000);
                socket.getOutputStream().write(clientHello());
                socket.getOutputStream().flush();
                // The server answered the ClientHello: the handshake is under way.
                assertThat(socket.getInputStream().read()).isEqualTo(0x16);
                socket.setSoLinger(true, 0);
            }

            assertOneLineAndCounted("imapserver-ssl", "reset", Level.DEBUG, before);
        }

        @Test
        void aConnectionClosedBeforeTheHandshakeShouldBeOneDebugLineAndCountedAsClosed() throws Exception {
            double before = handshakeFailures("smtpserver-submissions", "closed");

            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", gateway.submissionsPort()), 5000);
            }

            assertOneLineAndCounted("smtpserver-submissions", "closed", Level.DEBUG, before);
        }

        private void plainText(int port, String command) throws IOException {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(15000);
                socket.getOutputStream().write(command.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                // The gateway closes the connection (a TLS alert may come first).
                InputStream in = socket.getInputStream();
                while (in.read() >= 0) {
                    // drain
                }
            } catch (java.net.SocketException e) {
                // Closed with a reset: what a TLS port does to plain text.
            }
        }

        private byte[] clientHello() throws Exception {
            SSLEngine engine = SSLContext.getDefault().createSSLEngine("127.0.0.1", gateway.imapsPort());
            engine.setUseClientMode(true);
            ByteBuffer record = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.beginHandshake();
            engine.wrap(ByteBuffer.allocate(0), record);
            record.flip();
            byte[] bytes = new byte[record.remaining()];
            record.get(bytes);
            return bytes;
        }

        private void assertOneLineAndCounted(String listener, String reason, Level level, double before) {
            String line = "TLS handshake failed on " + listener + " from 127.0.0.1: " + reason;
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(handshakeFailures(listener, reason)).isEqualTo(before + 1));
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(logs.events).anySatisfy(event -> assertThat(event.getFormattedMessage()).isEqualTo(line)));
            assertThat(logs.events).filteredOn(event -> event.getFormattedMessage().equals(line))
                .singleElement()
                .satisfies(event -> assertThat(event.getLevel()).isEqualTo(level));
            assertThat(logs.events).noneSatisfy(event -> assertThat(event.getLevel().isGreaterOrEqual(Level.WARN)).isTrue());
            assertThat(logs.events).noneSatisfy(event -> assertThat(event.getThrowableProxy()).isNotNull());
            assertThat(logs.rendered()).doesNotContain("\tat ", "Exception");
        }

        private double handshakeFailures(String listener, String reason) {
            return gateway.probe(MeterRegistryProbe.class).count(PeerFailures.HANDSHAKE_FAILURES, "listener", listener, "reason", reason);
        }
    }

    @Nested
    class MalformedAddresses {
        @Test
        void addressesTheGatewayCannotParseShouldNeverReachTheLogInClear() throws Exception {
            List<String> raw = List.of("a b@@x", "\"quoted@local\"@x", "quoted@local", "185057800608499@" + PATIENT_DOMAIN, "185057800608499",
                "c d@@y", "e f@@z", MARTIN);
            try (SmtpDialog smtp = SmtpDialog.connectTls(gateway.submissionsPort(), TestTls.socketFactory(gateway.testCaCertificate()))) {
                smtp.read();
                smtp.send("EHLO client.example.org");
                String credentials = Base64.getEncoder().encodeToString(("\0" + MARTIN + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
                assertThat(smtp.send("AUTH PLAIN " + credentials)).startsWith("235");
                assertThat(smtp.send("MAIL FROM:<a b@@x>")).startsWith("5");
                assertThat(smtp.send("MAIL FROM:c d@@y")).startsWith("5");
                assertThat(smtp.send("MAIL FROM:<" + MARTIN + ">")).startsWith("250");
                assertThat(smtp.send("RCPT TO:<e f@@z>")).startsWith("5");
                smtp.send("RCPT TO:<\"quoted@local\"@x>");
                assertThat(smtp.send("RCPT TO:<185057800608499@" + PATIENT_DOMAIN + ">")).startsWith("5");
                smtp.send("QUIT");
            }

            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(logs.events).anySatisfy(event -> assertThat(event.getFormattedMessage()).contains("Error parsing recipient address")));
            String rendered = logs.rendered();
            assertThat(rendered).contains("Error parsing sender address", "<addr:");
            for (String address : raw) {
                assertThat(rendered).doesNotContain(address);
            }
            assertThat(rendered).doesNotContain("@@");
        }
    }

    /** Keeps the events and renders each as config/logback.xml does: the console line and the JSON line. */
    static class RenderingAppender extends AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
        private PatternLayout console;
        private MaskingJsonLayout json;

        void start(String keyFile) {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            setContext(context);
            console = new PatternLayout();
            console.setContext(context);
            console.getInstanceConverterMap().put("maskedMsg", MaskedMessageConverter.class.getName());
            console.setPattern("%-5level %logger{24} - %maskedMsg{" + keyFile + "}%n%nopex");
            console.start();
            json = new MaskingJsonLayout();
            json.setContext(context);
            json.setKeyFile(keyFile);
            json.setJsonFormatter(new JacksonJsonFormatter());
            json.start();
            start();
        }

        @Override
        protected void append(ILoggingEvent event) {
            events.add(event);
        }

        /** Everything written since the last clear of {@link #events}, as the two appenders would have. */
        String rendered() {
            return String.join("", events.stream().map(event -> console.doLayout(event) + json.doLayout(event)).toList());
        }
    }
}
