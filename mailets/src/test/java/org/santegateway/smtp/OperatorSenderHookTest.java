package org.santegateway.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.Test;
import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.trust.TrustEntry;
import org.santegateway.trust.TrustList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class OperatorSenderHookTest {
    static final String OPERATOR = "CN=mss.operateur-b.fr,OU=123,O=Operateur B,C=FR";
    static final TrustList LIST = TrustList.builder()
        .add(TrustEntry.of("operateur-b.fr", OPERATOR))
        .add(TrustEntry.of("other.fr", "CN=mss.other.fr,O=Other,C=FR"))
        .build();

    final List<AuditEvent> events = new ArrayList<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final OperatorSenderHook hook = new OperatorSenderHook(LIST, new OutcomeRecorder(events::add, meters, Clock.systemUTC()));

    static SMTPSession session(Optional<String> clientSubject) throws Exception {
        SMTPSession session = mock(SMTPSession.class);
        when(session.getRemoteAddress()).thenReturn(new InetSocketAddress("127.0.0.1", 4242));
        when(session.getSessionID()).thenReturn("s1");
        when(session.isTLSStarted()).thenReturn(true);
        SSLSession ssl = mock(SSLSession.class);
        if (clientSubject.isPresent()) {
            X509Certificate certificate = mock(X509Certificate.class);
            when(certificate.getSubjectX500Principal()).thenReturn(new X500Principal(clientSubject.get()));
            when(ssl.getPeerCertificates()).thenReturn(new Certificate[] {certificate});
        } else {
            when(ssl.getPeerCertificates()).thenThrow(new SSLPeerUnverifiedException("none"));
        }
        when(session.getSSLSession()).thenReturn(Optional.of(ssl));
        return session;
    }

    @Test
    void listedOperatorShouldBeAcceptedForItsDomain() throws Exception {
        HookResult result = hook.doMail(session(Optional.of("C=FR, O=Operateur B, OU=123, CN=mss.operateur-b.fr")),
            MaybeSender.of(new MailAddress("dr.bob@operateur-b.fr")));

        assertThat(result).isEqualTo(HookResult.DECLINED);
        assertThat(events).isEmpty();
    }

    @Test
    void domainOutsideTheListShouldBeRefusedWithTheReason() throws Exception {
        HookResult result = hook.doMail(session(Optional.of(OPERATOR)), MaybeSender.of(new MailAddress("x@not-listed.fr")));

        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENY);
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).contains("not on the MSSante trust list");
        assertThat(events).singleElement().satisfies(event -> assertThat(event.reason()).contains("domain-not-listed"));
        assertThat(meters.counter("gateway.operator.smtp", "outcome", "domain-not-listed").count()).isEqualTo(1);
    }

    @Test
    void listedDomainWithAnotherOperatorsCertificateShouldBeRefused() throws Exception {
        HookResult result = hook.doMail(session(Optional.of("CN=mss.other.fr,O=Other,C=FR")),
            MaybeSender.of(new MailAddress("dr.bob@operateur-b.fr")));

        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).contains("not that of an operator listed for the sender domain");
    }

    @Test
    void sessionWithoutClientCertificateShouldBeRefused() throws Exception {
        HookResult result = hook.doMail(session(Optional.empty()), MaybeSender.of(new MailAddress("dr.bob@operateur-b.fr")));

        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).contains("client certificate");
    }

    @Test
    void nullSenderShouldBeAcceptedFromAListedOperatorOnly() throws Exception {
        assertThat(hook.doMail(session(Optional.of(OPERATOR)), MaybeSender.nullSender())).isEqualTo(HookResult.DECLINED);

        HookResult result = hook.doMail(session(Optional.of("CN=mss.unknown.fr,O=Unknown,C=FR")), MaybeSender.nullSender());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).contains("not that of an operator of the MSSante trust list");
    }
}
