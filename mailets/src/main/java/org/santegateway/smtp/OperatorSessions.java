package org.santegateway.smtp;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.santegateway.audit.ActorKind;
import org.santegateway.audit.CommonOutcome;
import org.santegateway.audit.Count;
import org.santegateway.audit.Hashes;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.audit.Trace;

/**
 * What the hooks of the operators' port share: the TLS client chain of a session, and how a MAIL
 * FROM is refused there (a count of {@value OperatorSenderHook#METRIC}{outcome}, an audit event
 * {@value OperatorSenderHook#ACTION} under a hash of the certificate subject, the SMTP answer).
 */
final class OperatorSessions {
    private OperatorSessions() {
    }

    /** The chain the client presented in the TLS handshake, leaf first; empty without TLS or certificate. */
    static List<X509Certificate> clientChain(SMTPSession session) {
        if (!session.isTLSStarted()) {
            return List.of();
        }
        Optional<SSLSession> ssl = session.getSSLSession();
        if (ssl.isEmpty()) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : ssl.get().getPeerCertificates()) {
                if (!(certificate instanceof X509Certificate x509)) {
                    return List.of();
                }
                chain.add(x509);
            }
            return chain;
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    /** Counts and audits the refusal (outcome {@code code}) and answers {@code smtpCode text}: 4xx is a temporary refusal. */
    static HookResult refuse(SMTPSession session, Optional<X500Principal> subject, String code, String smtpCode, String text,
                             OutcomeRecorder recorder) {
        String actor = subject.map(s -> Hashes.sha256(s.getName(X500Principal.CANONICAL))).orElse("unknown");
        recorder.record(new Trace(ActorKind.OPERATOR, actor, OperatorSenderHook.ACTION,
                List.of("ip:" + session.getRemoteAddress().getAddress().getHostAddress()), CommonOutcome.REFUSED, Optional.of(code)),
            count(code));
        return HookResult.builder()
            .hookReturnCode(smtpCode.startsWith("4") ? HookReturnCode.denySoft() : HookReturnCode.deny())
            .smtpReturnCode(smtpCode)
            .smtpDescription(text)
            .build();
    }

    static Count count(String outcome) {
        return Count.of(OperatorSenderHook.METRIC, "outcome", outcome);
    }
}
