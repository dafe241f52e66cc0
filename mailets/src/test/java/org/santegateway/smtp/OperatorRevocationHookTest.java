package org.santegateway.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.pki.RevocationPolicy;
import org.santegateway.trust.OperatorCertificateRevocation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class OperatorRevocationHookTest {
    static final Instant NOW = Instant.now();
    static final KeyPair CA_KEYS = keyPair();
    static final X509Certificate CA = certificate("CN=Test CA, C=FR", "CN=Test CA, C=FR", CA_KEYS, 1, true);
    static final X509Certificate GOOD = certificate("CN=Test CA, C=FR", "CN=mx.good.test, C=FR", keyPair(), 2, false);
    static final X509Certificate REVOKED = certificate("CN=Test CA, C=FR", "CN=mx.revoked.test, C=FR", keyPair(), 3, false);

    final List<AuditEvent> events = new ArrayList<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final AtomicReference<List<X509CRL>> crls = new AtomicReference<>(List.of(crl(NOW.plus(Duration.ofDays(3)), REVOKED)));
    final OperatorRevocationHook hook = new OperatorRevocationHook(new OperatorCertificateRevocation(RevocationPolicy.REQUIRE_CRL,
        List.of(CA), List.of(), crls::get, Clock.systemUTC()), new OutcomeRecorder(events::add, meters, Clock.systemUTC()));

    @Test
    void aCertificateNotOnTheCrlShouldBeLeftToTheSenderCheck() throws Exception {
        assertThat(hook.doMail(session(GOOD), sender())).isEqualTo(HookResult.DECLINED);
        assertThat(events).isEmpty();
    }

    @Test
    void aRevokedCertificateShouldBeRefusedAuditedAndCounted() throws Exception {
        HookResult result = hook.doMail(session(REVOKED), sender());

        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENY);
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).contains("5.7.1").contains("revoked");
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo(OperatorSenderHook.ACTION);
            assertThat(event.reason()).contains("revoked-certificate");
            assertThat(event.actorId()).doesNotContain("revoked.test");
        });
        assertThat(meters.counter(OperatorSenderHook.METRIC, "outcome", "revoked-certificate").count()).isEqualTo(1);
    }

    @Test
    void aNullSenderWithARevokedCertificateShouldBeRefusedToo() throws Exception {
        assertThat(hook.doMail(session(REVOKED), MaybeSender.nullSender()).getSmtpRetCode()).isEqualTo("550");
    }

    @Test
    void noCurrentCrlShouldBeATemporaryRefusal() throws Exception {
        crls.set(List.of(crl(NOW.minus(Duration.ofMinutes(30)))));

        HookResult result = hook.doMail(session(GOOD), sender());

        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENYSOFT);
        assertThat(result.getSmtpRetCode()).isEqualTo("451");
        assertThat(result.getSmtpDescription()).contains("no current CRL");
        assertThat(meters.counter(OperatorSenderHook.METRIC, "outcome", "revocation-unknown").count()).isEqualTo(1);
    }

    @Test
    void noClientCertificateShouldBeLeftToTheSenderCheck() throws Exception {
        SMTPSession session = session(GOOD);
        when(session.getSSLSession().get().getPeerCertificates()).thenThrow(new SSLPeerUnverifiedException("none"));

        assertThat(hook.doMail(session, sender())).isEqualTo(HookResult.DECLINED);
    }

    static MaybeSender sender() throws Exception {
        return MaybeSender.of(new MailAddress("dr.bob@operateur-b.fr"));
    }

    static SMTPSession session(X509Certificate leaf) throws Exception {
        SMTPSession session = mock(SMTPSession.class);
        when(session.getRemoteAddress()).thenReturn(new InetSocketAddress("127.0.0.1", 4242));
        when(session.getSessionID()).thenReturn("s1");
        when(session.isTLSStarted()).thenReturn(true);
        SSLSession ssl = mock(SSLSession.class);
        when(ssl.getPeerCertificates()).thenReturn(new Certificate[] {leaf});
        when(session.getSSLSession()).thenReturn(Optional.of(ssl));
        return session;
    }

    static X509CRL crl(Instant nextUpdate, X509Certificate... revoked) {
        try {
            Instant thisUpdate = nextUpdate.minus(Duration.ofDays(4));
            X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(CA.getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            for (X509Certificate certificate : revoked) {
                builder.addCRLEntry(certificate.getSerialNumber(), Date.from(thisUpdate), CRLReason.keyCompromise);
            }
            return new JcaX509CRLConverter().getCRL(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(CA_KEYS.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate certificate(String issuer, String subject, KeyPair keys, long serial, boolean ca) {
        try {
            return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(new X500Principal(issuer),
                BigInteger.valueOf(serial), Date.from(NOW.minus(Duration.ofDays(10))), Date.from(NOW.plus(Duration.ofDays(10))),
                new X500Principal(subject), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca))
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(CA_KEYS.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
