package org.santegateway.server.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.santegateway.pki.RevocationPolicy;
import org.santegateway.server.pki.dev.IssuedCertificate;
import org.santegateway.trust.OperatorCertificateRevocation;

/**
 * The relay's TLS connections to another operator, against a TLS 1.3 server of the JDK that hands out session tickets
 * (as the operators' port of a gateway does, and most MTAs): a second connection resumes the session, which JSSE does
 * without asking the trust manager, so each connection's peer must still be judged against the destination, the list
 * and the CRLs in force at that moment.
 */
class OperatorTlsConnectionsTest {
    static final IssuedCertificate PEER = ListedOperatorTrustManagerTest.CA.issueEndEntity(ListedOperatorTrustManagerTest.LISTED,
        List.of("localhost"), List.of(), Duration.ofDays(1));
    static final IssuedCertificate SELF = ListedOperatorTrustManagerTest.CA.issueEndEntity(
        "CN=mx.operateur-a.test, O=Operateur A, C=FR", List.of("mx.operateur-a.test"), List.of(), Duration.ofDays(1));

    static SSLServerSocket server;
    static ExecutorService acceptor;
    static final AtomicReference<List<X509CRL>> CRLS = new AtomicReference<>(List.of());

    @BeforeAll
    static void startPeer() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers(PEER), null, null);
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setEnabledProtocols(new String[] {"TLSv1.3"});
        acceptor = Executors.newSingleThreadExecutor();
        acceptor.submit(() -> {
            while (!server.isClosed()) {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                    String line = in.readLine();
                    OutputStream out = socket.getOutputStream();
                    out.write(("250 " + line + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    // a handshake the client refused, or the end of the test
                }
            }
        });
    }

    @AfterAll
    static void stopPeer() throws IOException {
        server.close();
        acceptor.shutdownNow();
    }

    @AfterEach
    void forget() {
        RelayDestination.clear();
        CRLS.set(List.of());
    }

    static KeyManager[] keyManagers(IssuedCertificate certificate) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("key", certificate.keyPair().getPrivate(), "p".toCharArray(), certificate.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, "p".toCharArray());
        return factory.getKeyManagers();
    }

    /** The relay's connections; {@code fullHandshakes} counts the handshakes in which the peer's path was checked. */
    static SSLSocketFactory connections(AtomicInteger fullHandshakes) throws Exception {
        OperatorCertificateRevocation revocation = new OperatorCertificateRevocation(RevocationPolicy.REQUIRE_CRL,
            List.of(ListedOperatorTrustManagerTest.CA.certificate()), List.of(), CRLS::get, Clock.systemUTC());
        X509ExtendedTrustManager pkix = OperatorTlsClient.pkix(List.of(ListedOperatorTrustManagerTest.CA.certificate()));
        return OperatorTlsClient.connections(keyManagers(SELF),
            ListedOperatorTrustManagerTest.trustManager(new CountingTrustManager(pkix, fullHandshakes), revocation));
    }

    /** A connection as remote delivery makes one, carried through a line and its answer (the session ticket comes with it). */
    static String exchange(SSLSocketFactory factory) throws IOException {
        try (SSLSocket socket = (SSLSocket) factory.createSocket("localhost", server.getLocalPort())) {
            socket.startHandshake();
            socket.getOutputStream().write("EHLO mx.operateur-a.test\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    static X509CRL crl(List<BigInteger> revoked) {
        return ListedOperatorTrustManagerTest.CA.issueCrl(revoked, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(3)),
            BigInteger.valueOf(System.nanoTime()));
    }

    @Test
    void aSecondConnectionToTheSameServerShouldResumeTheSession() throws Exception {
        AtomicInteger fullHandshakes = new AtomicInteger();
        SSLSocketFactory connections = connections(fullHandshakes);
        CRLS.set(List.of(crl(List.of())));
        RelayDestination.set("operateur-b.test");

        assertThat(exchange(connections)).isEqualTo("250 EHLO mx.operateur-a.test");
        assertThat(exchange(connections)).isEqualTo("250 EHLO mx.operateur-a.test");
        assertThat(exchange(connections)).isEqualTo("250 EHLO mx.operateur-a.test");

        assertThat(fullHandshakes).hasValue(1);
    }

    @Test
    void aPeerRevokedAfterAConnectionShouldBeRefusedOnTheNextOne() throws Exception {
        AtomicInteger fullHandshakes = new AtomicInteger();
        SSLSocketFactory connections = connections(fullHandshakes);
        CRLS.set(List.of(crl(List.of())));
        RelayDestination.set("operateur-b.test");
        assertThat(exchange(connections)).isEqualTo("250 EHLO mx.operateur-a.test");

        CRLS.set(List.of(crl(List.of(PEER.certificate().getSerialNumber()))));

        assertThatThrownBy(() -> exchange(connections)).isInstanceOf(SSLException.class);
        assertThatThrownBy(() -> exchange(connections)).isInstanceOf(SSLException.class);
    }

    @Test
    void aSessionMadeForOneDomainShouldNotCarryMailForAnotherDomainOnTheSameServer() throws Exception {
        AtomicInteger fullHandshakes = new AtomicInteger();
        SSLSocketFactory connections = connections(fullHandshakes);
        CRLS.set(List.of(crl(List.of())));
        RelayDestination.set("operateur-b.test");
        assertThat(exchange(connections)).startsWith("250");

        // operateur-c.test's mail server, as DNS answers, is the same host: its certificate is B's, not one of C's operators.
        RelayDestination.set("operateur-c.test");

        assertThatThrownBy(() -> exchange(connections)).isInstanceOf(SSLException.class);
        assertThat(fullHandshakes).as("the refused connection was a resumption").hasValue(1);
    }

    @Test
    void aRefusedSessionShouldNotBeResumedAgain() throws Exception {
        AtomicInteger fullHandshakes = new AtomicInteger();
        SSLSocketFactory connections = connections(fullHandshakes);
        CRLS.set(List.of(crl(List.of())));
        RelayDestination.set("operateur-b.test");
        assertThat(exchange(connections)).startsWith("250");
        RelayDestination.set("operateur-c.test");
        assertThatThrownBy(() -> exchange(connections)).isInstanceOf(SSLException.class);

        RelayDestination.set("operateur-b.test");

        assertThat(exchange(connections)).startsWith("250");
        assertThat(fullHandshakes).as("a full handshake after the refusal").hasValue(2);
    }

    /** The PKIX part of the trust manager, counting the handshakes that ask it (full ones, not resumptions). */
    private static final class CountingTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager pkix;
        private final AtomicInteger calls;

        CountingTrustManager(X509ExtendedTrustManager pkix, AtomicInteger calls) {
            this.pkix = pkix;
            this.calls = calls;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            calls.incrementAndGet();
            pkix.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            calls.incrementAndGet();
            pkix.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            calls.incrementAndGet();
            pkix.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }
}
