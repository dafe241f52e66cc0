package org.santegateway.smtp;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.security.auth.x500.X500Principal;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.trust.OperatorTrust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' port: MAIL FROM is accepted only when its domain is on the trust list and the
 * TLS client certificate of the session (already validated against the trust anchors by the TLS
 * layer, {@code <clientAuth>} in smtpserver.xml) has a subject listed for that domain; a null
 * sender (a delivery notification) when the certificate is that of a listed operator. Otherwise a
 * 550 with the reason, an audit event {@value #ACTION} and a count of
 * {@value #METRIC}{outcome}. Accepted mail carries the operator's subject as the mail attribute
 * {@link #OPERATOR}: the inbound S/MIME step knows from it that the mail came from the trust space.
 *
 * <pre>{@code
 * <handler class="org.santegateway.smtp.OperatorSenderHook"/>
 * }</pre>
 */
public class OperatorSenderHook implements MailHook, JamesMessageHook {
    public static final AttributeName OPERATOR = AttributeName.of("org.santegateway.trust.operator");
    static final String ACTION = "operator.smtp.mail";
    static final String METRIC = "gateway.operator.smtp";
    private static final Logger LOGGER = LoggerFactory.getLogger(OperatorSenderHook.class);

    /** Why a MAIL FROM is refused; the code goes to the audit trail and the metric, the text to the client. */
    enum Refusal {
        NO_CLIENT_CERTIFICATE("no-client-certificate", "5.7.1 A TLS client certificate of an operator of the trust space is required"),
        UNKNOWN_OPERATOR("unknown-operator", "5.7.1 Your client certificate is not that of an operator of the MSSante trust list"),
        DOMAIN_NOT_LISTED("domain-not-listed", "5.7.1 The sender domain is not on the MSSante trust list"),
        OPERATOR_NOT_LISTED("operator-not-listed", "5.7.1 Your client certificate is not that of an operator listed for the sender domain");

        final String code;
        final String text;

        Refusal(String code, String text) {
            this.code = code;
            this.text = text;
        }
    }

    private final OperatorTrust trust;
    private final OutcomeRecorder recorder;

    @Inject
    public OperatorSenderHook(OperatorTrust trust, OutcomeRecorder recorder) {
        this.trust = trust;
        this.recorder = recorder;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        Optional<X509Certificate> certificate = clientCertificate(session);
        if (certificate.isEmpty()) {
            return refuse(session, Refusal.NO_CLIENT_CERTIFICATE, Optional.empty());
        }
        X500Principal subject = certificate.get().getSubjectX500Principal();
        if (sender.isNullSender() || sender.asOptional().isEmpty()) {
            // Delivery notifications between operators carry a null sender: the operator itself must be listed.
            if (!trust.isListedOperator(subject)) {
                return refuse(session, Refusal.UNKNOWN_OPERATOR, Optional.of(subject));
            }
            count("accepted");
            return HookResult.DECLINED;
        }
        String domain = sender.get().getDomain().asString();
        if (!trust.isKnownDomain(domain)) {
            return refuse(session, Refusal.DOMAIN_NOT_LISTED, Optional.of(subject));
        }
        if (!trust.isAllowed(domain, subject)) {
            return refuse(session, Refusal.OPERATOR_NOT_LISTED, Optional.of(subject));
        }
        count("accepted");
        LOGGER.debug("Operator accepted in session {}", session.getSessionID());
        return HookResult.DECLINED;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        clientCertificate(session).ifPresent(certificate -> mail.setAttribute(new Attribute(OPERATOR,
            AttributeValue.of(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253)))));
        return HookResult.DECLINED;
    }

    private HookResult refuse(SMTPSession session, Refusal refusal, Optional<X500Principal> subject) {
        LOGGER.info("Refused MAIL FROM on the operators' port in session {}: {}", session.getSessionID(), refusal.code);
        return OperatorSessions.refuse(session, subject, refusal.code, "550", refusal.text, recorder);
    }

    private void count(String outcome) {
        recorder.count(OperatorSessions.count(outcome));
    }

    static Optional<X509Certificate> clientCertificate(SMTPSession session) {
        return OperatorSessions.clientChain(session).stream().findFirst();
    }
}
