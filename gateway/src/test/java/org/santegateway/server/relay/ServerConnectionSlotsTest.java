package org.santegateway.server.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Remote delivery's connections to one server, seen from that server: a plain SMTP listener that counts the
 * connections open to it at once, reached through JavaMail with the factory named as mailetcontainer.xml names it.
 */
class ServerConnectionSlotsTest {
    private CountingSmtpServer server;
    private ExecutorService clients;

    @BeforeEach
    void start() throws IOException {
        server = new CountingSmtpServer();
        clients = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stop() throws IOException {
        clients.shutdownNow();
        server.close();
        ServerConnectionSlots.install(ServerConnectionSlots.DEFAULT);
    }

    @Test
    void deliveriesToOneServerNeverOpenMoreConnectionsThanItsSlots() throws Exception {
        ServerConnectionSlots.install(2);
        CountDownLatch release = new CountDownLatch(1);
        List<Future<?>> deliveries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            deliveries.add(clients.submit(() -> {
                Transport transport = session().getTransport("smtp");
                transport.connect("localhost", server.port(), null, null);
                try {
                    release.await(30, TimeUnit.SECONDS);
                } finally {
                    transport.close();
                }
                return null;
            }));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> server.open() == 2 && ServerConnectionSlots.waiting(server.address()) == 3);
        release.countDown();
        for (Future<?> delivery : deliveries) {
            delivery.get(30, TimeUnit.SECONDS);
        }

        assertThat(server.accepted()).isEqualTo(5);
        assertThat(server.mostOpenAtOnce()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> ServerConnectionSlots.inUse(server.address()) == 0);
    }

    @Test
    void aRefusedConnectionGivesItsSlotBack() throws Exception {
        ServerConnectionSlots.install(1);
        InetSocketAddress nobody;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), closed.getLocalPort());
        }

        Socket socket = ServerConnectionSlots.getDefault().createSocket();
        assertThatThrownBy(() -> socket.connect(nobody, 5000)).isInstanceOf(ConnectException.class);

        assertThat(ServerConnectionSlots.inUse(nobody)).isZero();
        try (Socket again = ServerConnectionSlots.getDefault().createSocket()) {
            again.connect(server.address(), 5000);
            assertThat(ServerConnectionSlots.inUse(server.address())).isEqualTo(1);
        }
        assertThat(ServerConnectionSlots.inUse(server.address())).isZero();
    }

    @Test
    void aConnectionClosedThroughTheTlsLayeredOnItGivesItsSlotBack() throws Exception {
        ServerConnectionSlots.install(1);
        Socket plain = ServerConnectionSlots.getDefault().createSocket();
        plain.connect(server.address(), 5000);
        assertThat(ServerConnectionSlots.inUse(server.address())).isEqualTo(1);

        // As JavaMail's STARTTLS does: the TLS socket owns the plain one (autoClose).
        Socket tls = ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, "localhost", server.port(), true);
        tls.close();

        assertThat(plain.isClosed()).isTrue();
        assertThat(ServerConnectionSlots.inUse(server.address())).isZero();
    }

    @Test
    void aFailedStartTlsGivesItsSlotBack() throws Exception {
        ServerConnectionSlots.install(1);
        Properties properties = new Properties();
        properties.putAll(session().getProperties());
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", "true");
        Transport transport = Session.getInstance(properties).getTransport("smtp");

        // The server offers STARTTLS, then closes the connection instead of a TLS handshake (a peer refusing ours).
        assertThatThrownBy(() -> transport.connect("localhost", server.port(), null, null)).isInstanceOf(MessagingException.class);
        transport.close();

        assertThat(ServerConnectionSlots.inUse(server.address())).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.open() == 0);
    }

    @Test
    void closingTwiceGivesOneSlotBack() throws Exception {
        ServerConnectionSlots.install(2);
        Socket first = ServerConnectionSlots.getDefault().createSocket();
        first.connect(server.address(), 5000);
        try (Socket second = ServerConnectionSlots.getDefault().createSocket()) {
            second.connect(server.address(), 5000);
            first.close();
            first.close();

            assertThat(ServerConnectionSlots.inUse(server.address())).isEqualTo(1);
        }
    }

    private static Session session() {
        Properties properties = new Properties();
        properties.put("mail.smtp.socketFactory.class", ServerConnectionSlots.class.getName());
        properties.put("mail.smtp.socketFactory.fallback", "false");
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "10000");
        return Session.getInstance(properties);
    }

    /**
     * Greets, answers every command with 250 (221 to QUIT; EHLO offers STARTTLS, which it answers with 220 and a close),
     * and counts the connections open at once.
     */
    private static final class CountingSmtpServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final ExecutorService sessions = Executors.newCachedThreadPool();
        private final AtomicInteger open = new AtomicInteger();
        private final AtomicInteger accepted = new AtomicInteger();
        private final AtomicInteger mostOpenAtOnce = new AtomicInteger();

        CountingSmtpServer() throws IOException {
            sessions.submit(this::acceptLoop);
        }

        private Void acceptLoop() throws IOException {
            while (!socket.isClosed()) {
                Socket connection;
                try {
                    connection = socket.accept();
                } catch (IOException closed) {
                    return null;
                }
                accepted.incrementAndGet();
                mostOpenAtOnce.accumulateAndGet(open.incrementAndGet(), Math::max);
                sessions.submit(() -> converse(connection));
            }
            return null;
        }

        private Void converse(Socket connection) throws IOException {
            boolean counted = true;
            try (connection) {
                OutputStream out = connection.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
                out.write("220 peer.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.toUpperCase().startsWith("QUIT")) {
                        // Counted out before the client hears 221 and may connect again: the count is then exact,
                        // not late by the time this thread takes to see the close.
                        open.decrementAndGet();
                        counted = false;
                        out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        break;
                    }
                    if (line.toUpperCase().startsWith("STARTTLS")) {
                        out.write("220 go ahead\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        break;
                    }
                    boolean ehlo = line.toUpperCase().startsWith("EHLO");
                    out.write((ehlo ? "250-peer.test\r\n250 STARTTLS\r\n" : "250 peer.test\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } finally {
                if (counted) {
                    open.decrementAndGet();
                }
            }
            return null;
        }

        int port() {
            return socket.getLocalPort();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
        }

        int open() {
            return open.get();
        }

        int accepted() {
            return accepted.get();
        }

        int mostOpenAtOnce() {
            return mostOpenAtOnce.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            sessions.shutdownNow();
        }
    }
}
