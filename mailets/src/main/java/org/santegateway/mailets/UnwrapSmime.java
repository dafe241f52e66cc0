package org.santegateway.mailets;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.smime.certificates.CertificateDirectory;
import org.santegateway.smime.SmimeFailure;
import org.santegateway.smime.SmimeInbound;
import org.santegateway.smime.SignerMatch;
import org.santegateway.smime.SmimeResult;
import org.santegateway.smime.certificates.VerifiedSigner;
import org.santegateway.smtp.OperatorSenderHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens mail that came from another operator: decrypts it with the key the gateway holds for the
 * recipient or its domain, verifies the signature and the signer's path to the trust anchors
 * (revocation included, see {@link SmimeInbound}) and that the signer's certificate belongs to the
 * sender named in {@code From:} ({@link SignerMatch}, the setting {@code smime.signer.match}), and
 * hands on the message in clear with:
 *
 * <ul>
 *   <li>the header {@value #SIGNER_HEADER} (the verified signer's certificate subject, what the
 *   mail client shows) and the attribute {@link #SIGNER};</li>
 *   <li>the header {@value #PROTECTION_HEADER} and the attribute {@link #PROTECTION}: what was
 *   removed, e.g. {@code encrypted=AES-256-GCM; signed=SHA-256}.</li>
 * </ul>
 *
 * <p>Both headers must be removed from every incoming mail before this mailet (RemoveMimeHeader in
 * the root processor): only this mailet writes them. A message that cannot be decrypted or
 * verified (reason {@code integrity} when it was altered after it was protected), whose signer
 * does not match its {@code From:} ({@code signer_mismatch}), or that is not signed while
 * {@code requireSignature} is true (the default, {@code not_signed}), is not delivered: it goes to
 * {@code quarantineProcessor} with a fixed text as its error message (no content) and the reason
 * code in the attribute {@link #FAILURE}. The certificate of a verified signer is learnt by the
 * certificate directory, so that replies can be encrypted. Counter
 * {@code gateway.smime{operation=unwrap, outcome, reason}} and an audit event per mail.</p>
 *
 * <pre>{@code
 * <mailet match="org.santegateway.matchers.CameFromOperator" class="org.santegateway.mailets.UnwrapSmime" onMailetException="propagate">
 *     <quarantineProcessor>smime-quarantine</quarantineProcessor>
 *     <requireSignature>true</requireSignature>
 * </mailet>
 * }</pre>
 */
public class UnwrapSmime extends GenericMailet {
    public static final String SIGNER_HEADER = "X-Gateway-Smime-Signer";
    public static final String PROTECTION_HEADER = "X-Gateway-Smime-Protection";
    public static final AttributeName SIGNER = AttributeName.of("org.santegateway.smime.signer");
    public static final AttributeName PROTECTION = AttributeName.of("org.santegateway.smime.protection");
    public static final AttributeName FAILURE = AttributeName.of("org.santegateway.smime.failure");
    static final String QUARANTINE_PROCESSOR = "quarantineProcessor";
    static final String REQUIRE_SIGNATURE = "requireSignature";
    static final String OPERATION = "unwrap";
    static final String NOT_SIGNED = "not_signed";
    private static final Logger LOGGER = LoggerFactory.getLogger(UnwrapSmime.class);

    private final SmimeInbound inbound;
    private final SmimeKeyring keyring;
    private final CertificateDirectory directory;
    private final SmimeOutcomes outcomes;
    private final SignerMatch signerMatch;
    private String quarantineProcessor = "smime-quarantine";
    private boolean requireSignature = true;

    @Inject
    public UnwrapSmime(SmimeInbound inbound, SmimeKeyring keyring, CertificateDirectory directory, SignerMatch signerMatch,
                       OutcomeRecorder recorder) {
        this.inbound = inbound;
        this.signerMatch = signerMatch;
        this.keyring = keyring;
        this.directory = directory;
        this.outcomes = new SmimeOutcomes(recorder);
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of(QUARANTINE_PROCESSOR, REQUIRE_SIGNATURE));
        quarantineProcessor = getInitParameter(QUARANTINE_PROCESSOR, quarantineProcessor).strip();
        if (quarantineProcessor.isEmpty()) {
            throw new MessagingException(getMailetName() + ": " + QUARANTINE_PROCESSOR + " must name a processor");
        }
        String require = getInitParameter(REQUIRE_SIGNATURE, "true").strip();
        if (!require.equals("true") && !require.equals("false")) {
            throw new MessagingException(getMailetName() + ": " + REQUIRE_SIGNATURE + " must be true or false");
        }
        requireSignature = Boolean.parseBoolean(require);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        SmimeResult result = inbound.unwrap(mail.getMessage(), keyring.decryptionKeys());
        if (result instanceof SmimeResult.Refused refused) {
            quarantine(mail, refused.failure(), refused.detail());
            return;
        }
        SmimeResult.Unwrapped unwrapped = (SmimeResult.Unwrapped) result;
        if (requireSignature && unwrapped.signer().isEmpty()) {
            quarantine(mail, NOT_SIGNED, "The message is not signed with S/MIME: messages between operators must be signed.");
            return;
        }
        MimeMessage message = unwrapped.message();
        if (unwrapped.signer().isPresent()) {
            Optional<String> mismatch = signerMatch.check(unwrapped.signer().get(), message);
            if (mismatch.isPresent()) {
                quarantine(mail, SmimeFailure.SIGNER_MISMATCH, mismatch.get());
                return;
            }
        }
        List<String> protection = new ArrayList<>();
        unwrapped.contentEncryption().ifPresent(encryption -> protection.add("encrypted=" + encryption));
        unwrapped.signer().ifPresent(signer -> protection.add("signed=" + signer.digestAlgorithm()));
        String protectionValue = protection.isEmpty() ? "none" : String.join("; ", protection);
        message.setHeader(PROTECTION_HEADER, protectionValue);
        mail.setAttribute(new Attribute(PROTECTION, AttributeValue.of(protectionValue)));
        if (unwrapped.signer().isPresent()) {
            VerifiedSigner signer = unwrapped.signer().get();
            message.setHeader(SIGNER_HEADER, signer.subjectDn());
            mail.setAttribute(new Attribute(SIGNER, AttributeValue.of(signer.subjectDn())));
            directory.learn(signer);
        }
        mail.setMessage(message);
        // Opened once: a copy of this mail sent on by a later mailet (a forward) is not opened again.
        mail.removeAttribute(OperatorSenderHook.OPERATOR);
        outcomes.record(OPERATION, unwrapped.wasEncrypted() ? SmimeOutcomes.Outcome.DECRYPTED_VERIFIED : SmimeOutcomes.Outcome.VERIFIED, Optional.empty(), mail);
    }

    private void quarantine(Mail mail, SmimeFailure failure, String detail) {
        quarantine(mail, failure.code(), text(failure));
        LOGGER.info("Mail {} quarantined: {} ({})", mail.getName(), failure, detail);
    }

    private void quarantine(Mail mail, String reason, String text) {
        outcomes.record(OPERATION, SmimeOutcomes.Outcome.QUARANTINED, Optional.of(reason), mail);
        mail.setAttribute(new Attribute(FAILURE, AttributeValue.of(reason)));
        mail.setErrorMessage(text);
        mail.setState(quarantineProcessor);
    }

    /** The reason the sender reads in the DSN: fixed texts, no content, no certificate detail. */
    static String text(SmimeFailure failure) {
        return switch (failure) {
            case CANNOT_DECRYPT -> "The message could not be decrypted: it was not encrypted for a certificate of this gateway.";
            case INTEGRITY -> "The message fails its integrity check: it was altered after it was encrypted or signed.";
            case BAD_SIGNATURE -> "The signature of the message does not verify with the signer's certificate.";
            case SIGNER_MISMATCH -> "The message is signed with a certificate that does not belong to its sender (From).";
            case UNKNOWN_CA -> "The signer's certificate does not chain to a trust anchor of this gateway.";
            case REVOKED -> "The signer's certificate is revoked.";
            case REVOCATION_UNKNOWN -> "The revocation status of the signer's certificate could not be checked.";
            case CERTIFICATE_EXPIRED -> "The signer's certificate is expired or not yet valid.";
            case CERTIFICATE_NOT_ALLOWED -> "The signer's certificate is not allowed to sign e-mail.";
            case WEAK_ALGORITHM -> "The message uses an algorithm this gateway refuses (SHA-1, 3DES, RC2 or a short key).";
            case UNSUPPORTED -> "The message uses an S/MIME feature this gateway does not support.";
            case TOO_LARGE -> "The message is too large to be decrypted or verified.";
            default -> "The S/MIME structure of the message could not be read.";
        };
    }

    @Override
    public String getMailetInfo() {
        return "Decrypts and verifies S/MIME mail from other operators";
    }
}
