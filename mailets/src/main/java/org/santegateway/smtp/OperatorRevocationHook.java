package org.santegateway.smtp;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.trust.OperatorCertificateRevocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' port: before {@link OperatorSenderHook}, refuses MAIL FROM when the TLS client
 * certificate, or a CA certificate of its chain, is revoked by the CRLs in force, or (with
 * {@code operators.revocation=crl}) has no current CRL from its issuer. James builds the server's
 * TLS context from smtpserver.xml, so the handshake checks the chain against the anchors only;
 * this hook adds the CRLs, which are reloaded without a restart.
 *
 * <p>A revoked certificate gets a 550; a certificate whose revocation status cannot be known
 * (the CRL of its issuer is missing or past its nextUpdate: our side's CRL refresh is late) a
 * 451, so that the sending operator retries once the CRL is refreshed instead of bouncing. Both
 * are audited as {@value OperatorSenderHook#ACTION} and counted in
 * {@value OperatorSenderHook#METRIC}{outcome}, as the other refusals of the port. No certificate
 * at all is left to {@link OperatorSenderHook}.</p>
 *
 * <pre>{@code
 * <handler class="org.santegateway.smtp.OperatorRevocationHook"/>
 * <handler class="org.santegateway.smtp.OperatorSenderHook"/>
 * }</pre>
 */
public class OperatorRevocationHook implements MailHook {
    static final String REVOKED = "revoked-certificate";
    static final String UNKNOWN = "revocation-unknown";
    static final String INVALID = "invalid-certificate-chain";
    private static final Logger LOGGER = LoggerFactory.getLogger(OperatorRevocationHook.class);

    private final OperatorCertificateRevocation revocation;
    private final OutcomeRecorder recorder;

    @Inject
    public OperatorRevocationHook(OperatorCertificateRevocation revocation, OutcomeRecorder recorder) {
        this.revocation = revocation;
        this.recorder = recorder;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        List<X509Certificate> chain = OperatorSessions.clientChain(session);
        if (chain.isEmpty()) {
            return HookResult.DECLINED;
        }
        OperatorCertificateRevocation.Verdict verdict = revocation.check(chain);
        return switch (verdict.outcome()) {
            case GOOD, NOT_CHECKED -> HookResult.DECLINED;
            case REVOKED -> refuse(session, chain.get(0), REVOKED, verdict, "550",
                "5.7.1 Your TLS client certificate (or a CA certificate of its chain) is revoked");
            case NO_CURRENT_CRL -> refuse(session, chain.get(0), UNKNOWN, verdict, "451",
                "4.7.0 The revocation status of your TLS client certificate cannot be checked now (no current CRL of its issuer);"
                    + " try again later");
            case INVALID -> refuse(session, chain.get(0), INVALID, verdict, "550",
                "5.7.1 Your TLS client certificate does not validate to a trust anchor");
        };
    }

    private HookResult refuse(SMTPSession session, X509Certificate leaf, String code, OperatorCertificateRevocation.Verdict verdict,
                              String smtpCode, String text) {
        // The detail names positions and serial numbers only.
        LOGGER.warn("Refused MAIL FROM on the operators' port in session {}: {} ({})", session.getSessionID(), code, verdict.detail());
        return OperatorSessions.refuse(session, Optional.of(leaf.getSubjectX500Principal()), code, smtpCode, text, recorder);
    }
}
