package org.santegateway.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateException;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.santegateway.server.logging.PeerFailures.Reason;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;

class PeerFailuresTest {
    @Nested
    class Classification {
        @Test
        void classifyShouldNameTheJdkHandshakeFailures() {
            assertThat(PeerFailures.classify(new DecoderException(new SSLHandshakeException(
                "The client supported protocol versions [TLSv1] are not accepted by server preferences [TLS13, TLS12]"))))
                .isEqualTo(Reason.PROTOCOL);
            assertThat(PeerFailures.classify(new SSLHandshakeException("Client requested protocol TLSv1 is not enabled or supported in server context")))
                .isEqualTo(Reason.PROTOCOL);
            assertThat(PeerFailures.classify(new SSLHandshakeException("no cipher suites in common"))).isEqualTo(Reason.CIPHER);
            assertThat(PeerFailures.classify(new SSLHandshakeException("Empty client certificate chain"))).isEqualTo(Reason.CERTIFICATE);
            SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
            untrusted.initCause(new CertificateException("unable to find valid certification path"));
            assertThat(PeerFailures.classify(new DecoderException(untrusted))).isEqualTo(Reason.CERTIFICATE);
            assertThat(PeerFailures.classify(new SSLHandshakeException("Received fatal alert: handshake_failure"))).isEqualTo(Reason.OTHER);
        }

        @Test
        void classifyShouldNameProbesAndResets() {
            assertThat(PeerFailures.classify(new DecoderException(new NotSslRecordException("not an SSL/TLS record: 45484c4f")))).isEqualTo(Reason.NOT_TLS);
            assertThat(PeerFailures.classify(new IOException("Connection reset by peer"))).isEqualTo(Reason.RESET);
            assertThat(PeerFailures.classify(new ClosedChannelException())).isEqualTo(Reason.CLOSED);
        }

        @Test
        void ownFaultsShouldNotBeTakenForTheClients() {
            assertThat(PeerFailures.isCausedByClient(new IllegalStateException("bug"))).isFalse();
            assertThat(PeerFailures.isCausedByClient(new DecoderException(new NullPointerException()))).isFalse();
            assertThat(PeerFailures.isCausedByClient(new DecoderException(new IOException("No space left on device")))).isFalse();
            assertThat(PeerFailures.isCausedByClient(new DecoderException(new SSLHandshakeException("no cipher suites in common")))).isTrue();
            assertThat(PeerFailures.isCausedByClient(new IOException("Connection reset by peer"))).isTrue();
        }
    }

    @Test
    void failuresShouldBeCountedByListenerAndReason() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PeerFailures failures = new PeerFailures("smtpserver-submissions", registry);
        InetSocketAddress client = new InetSocketAddress("127.0.0.1", 40000);

        failures.handshakeFailed(client, new NotSslRecordException());
        failures.handshakeFailed(client, new NotSslRecordException());
        failures.dropped(client, new IOException("Connection reset by peer"));

        assertThat(registry.get(PeerFailures.HANDSHAKE_FAILURES).tag("listener", "smtpserver-submissions").tag("reason", "not_tls").counter().count())
            .isEqualTo(2);
        assertThat(registry.get(PeerFailures.DROPPED).tag("reason", "reset").counter().count()).isEqualTo(1);
    }
}
