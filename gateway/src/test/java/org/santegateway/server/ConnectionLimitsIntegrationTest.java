package org.santegateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.TestTls;

/**
 * A client over a listener's connection limit per address ({@code connectionLimitPerIP} in config/smtpserver.xml and
 * config/imapserver.xml: 20 on the operators' port, 50 on the others) is told so before the close, as Postfix and
 * Dovecot tell it: a {@code 421} reply (SMTP) or {@code * BYE} (IMAP) in place of the greeting, which a peer's MTA
 * logs and retries on and a mail client shows; James closed such a connection without a word. Connections from
 * loopback, raw sockets, no client library: the test is about what the first line says.
 */
class ConnectionLimitsIntegrationTest {
    static final int OPERATORS_PER_ADDRESS = 20;
    static final int OTHERS_PER_ADDRESS = 50;
    static final int WEBMAIL_PER_ADDRESS = 200;
    static final int APPLICATIONS_HTTPS_PER_ADDRESS = 50;
    /** {@code connectionRatePerIP} of the clients' listeners: new connections a minute from one address. */
    static final int CLIENTS_PER_ADDRESS_PER_MINUTE = 1200;
    static final String SMTP_REFUSAL = "421 4.7.0 Too many connections from your address, try again later";
    static final String IMAP_REFUSAL = "* BYE Too many connections from your address, try again later";

    @TempDir
    static Path root;
    static GatewayTestServer gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayTestServer.prepare(root).start();
        // The first connection of an implicit-TLS listener sets up its TLS (seconds on a loaded machine). The tests of
        // those listeners hold connections that send nothing, which the server closes 10 s after accepting them (TLS
        // handshake timeout): accepted that slowly, they would never all be open at once.
        SSLSocketFactory tls = TestTls.socketFactory(gateway.testCaCertificate());
        for (int port : List.of(gateway.submissionsPort(), gateway.imapsPort(), gateway.webmailPort(), gateway.applicationsHttpsPort())) {
            try (SSLSocket socket = (SSLSocket) tls.createSocket("127.0.0.1", port)) {
                socket.startHandshake();
            }
        }
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aPeerOverTheOperatorsPortLimitShouldReadA421AndTheConnectionsShouldBeCountedBackAtClose() throws Exception {
        overTheLimitThenBack(gateway.operatorsSmtpPort(), OPERATORS_PER_ADDRESS, "220 ", SMTP_REFUSAL);
    }

    @Test
    void aClientOverTheSubmissionLimitShouldReadA421() throws Exception {
        overTheLimitThenBack(gateway.submissionPort(), OTHERS_PER_ADDRESS, "220 ", SMTP_REFUSAL);
    }

    @Test
    void aMailClientOverTheImapLimitShouldReadBye() throws Exception {
        overTheLimitThenBack(gateway.imapStartTlsPort(), OTHERS_PER_ADDRESS, "* OK ", IMAP_REFUSAL);
    }

    @Test
    void overTheLimitOfTheImplicitTlsSubmissionPortTheConnectionShouldCloseWithoutAPlainTextByte() throws Exception {
        closedWithoutAByte(gateway.submissionsPort(), OTHERS_PER_ADDRESS);
    }

    @Test
    void overTheLimitOfImapsTheConnectionShouldCloseWithoutAPlainTextByte() throws Exception {
        closedWithoutAByte(gateway.imapsPort(), OTHERS_PER_ADDRESS);
    }

    /**
     * A client that opens connections and closes each at once never holds more than one open, but costs the server a
     * TLS handshake each time: past a minute's worth (1 200 from one address, then 20 a second) it reads the same 421
     * as past the limit of connections open at once, and another address is greeted meanwhile. The connections come
     * from an address of their own: the rate of the other tests' address is left whole.
     */
    @Test
    void aClientOpeningConnectionsFasterThanTheRateOfItsAddressShouldRead421() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        int opened = 0;
        String refusal = null;
        // One after the other, each closed once its first line is read, far faster than a share accrues (20 a
        // second). Not opened and closed blindly: on a loaded machine the server then counted closed connections as
        // still open, and the limit of 50 open at once answered before the rate did.
        while (refusal == null) {
            assertThat(System.nanoTime()).as("refused within a minute, after %d connections", opened).isLessThan(deadline);
            try (Client client = new Client(gateway.submissionPort(), "127.0.0.61")) {
                opened++;
                String line = client.line();
                if (!line.startsWith("220 ")) {
                    refusal = line;
                    assertThat(client.line()).as("closed after the reply").isNull();
                }
            }
        }

        assertThat(refusal).isEqualTo(SMTP_REFUSAL);
        assertThat(opened).as("a minute's worth let in first").isGreaterThanOrEqualTo(CLIENTS_PER_ADDRESS_PER_MINUTE);
        try (Client other = new Client(gateway.submissionPort(), "127.0.0.62")) {
            assertThat(other.line()).as("another address").startsWith("220 ");
        }
    }

    /**
     * The webmail and the applications' HTTPS listener: one client holding connections open (no TLS hello, nothing
     * sent) could otherwise open them until the process has no file descriptor left, and then neither mail nor the
     * database could open one either (seen before the limit: 19 600 idle connections to the webmail port, the gateway
     * logging "Too many open files"). Over the limit of its address a client's connection is closed as it is accepted;
     * another client address is served meanwhile.
     */
    @Test
    void overTheLimitOfTheWebmailsListenerTheConnectionShouldCloseAndOtherClientsBeServed() throws Exception {
        closedWithoutAByte(gateway.webmailPort(), WEBMAIL_PER_ADDRESS);
    }

    @Test
    void overTheLimitOfTheApplicationsHttpsListenerTheConnectionShouldCloseAndOtherClientsBeServed() throws Exception {
        closedWithoutAByte(gateway.applicationsHttpsPort(), APPLICATIONS_HTTPS_PER_ADDRESS);
    }

    private static void closedWithoutAByte(int port, int limit) throws Exception {
        List<Client> open = new ArrayList<>();
        try {
            for (int i = 0; i < limit; i++) {
                open.add(new Client(port));
            }
            // The last of those may not be counted yet when the next arrives: each is counted as it is accepted.
            await().atMost(20, TimeUnit.SECONDS).ignoreException(SocketTimeoutException.class).until(() -> {
                try (Client extra = new Client(port)) {
                    // Under the limit the server waits for the client's TLS hello: nothing to read, a timeout.
                    extra.socket.setSoTimeout(2_000);
                    return extra.socket.getInputStream().read() == -1;
                }
            });
            // Another address is not refused: the server waits for its TLS hello.
            try (Client other = new Client(port, "127.0.0.2")) {
                other.socket.setSoTimeout(2_000);
                assertThatThrownBy(() -> other.socket.getInputStream().read())
                    .isInstanceOf(SocketTimeoutException.class);
            }
        } finally {
            closeAll(open);
        }
    }

    private static void overTheLimitThenBack(int port, int limit, String greeting, String refusal) throws Exception {
        List<Client> open = new ArrayList<>();
        try {
            for (int i = 0; i < limit; i++) {
                Client client = new Client(port);
                open.add(client);
                assertThat(client.line()).startsWith(greeting);
            }
            try (Client extra = new Client(port)) {
                assertThat(extra.line()).isEqualTo(refusal);
                assertThat(extra.line()).as("closed after the reply").isNull();
            }
            open.remove(0).close();
            // The closes are seen by the server a moment later: the first connection greeted shows a free place.
            await().atMost(10, TimeUnit.SECONDS).until(() -> {
                Client client = new Client(port);
                if (greeted(client, greeting)) {
                    open.add(client);
                    return true;
                }
                client.close();
                return false;
            });
        } finally {
            closeAll(open);
        }
        // Every connection, refused ones included, was counted back: the whole limit is available again.
        await().atMost(10, TimeUnit.SECONDS).until(() -> {
            List<Client> again = new ArrayList<>();
            try {
                for (int i = 0; i < limit; i++) {
                    Client client = new Client(port);
                    again.add(client);
                    if (!greeted(client, greeting)) {
                        return false;
                    }
                }
                return true;
            } finally {
                closeAll(again);
            }
        });
    }

    private static boolean greeted(Client client, String greeting) throws IOException {
        String line = client.line();
        return line != null && line.startsWith(greeting);
    }

    private static void closeAll(List<Client> clients) throws IOException {
        for (Client client : clients) {
            client.close();
        }
        clients.clear();
    }

    private static final class Client implements AutoCloseable {
        final Socket socket;
        final BufferedReader reader;

        Client(int port) throws IOException {
            this(port, "127.0.0.1");
        }

        Client(int port, String sourceAddress) throws IOException {
            socket = new Socket("127.0.0.1", port, InetAddress.getByName(sourceAddress), 0);
            socket.setSoTimeout(10_000);
            reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        }

        String line() throws IOException {
            return reader.readLine();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
