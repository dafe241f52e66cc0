package org.santegateway.mailets;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.notices.Notices;
import org.santegateway.smime.certificates.CertificateDirectory;
import org.santegateway.smime.certificates.ContentEncryption;
import org.santegateway.smime.certificates.EncryptionRecipient;
import org.santegateway.smime.certificates.KeyTransport;
import org.santegateway.smime.certificates.SigningIdentity;
import org.santegateway.smime.SmimeDetector;
import org.santegateway.smime.SmimeException;
import org.santegateway.smime.SmimeOutbound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs and encrypts mail leaving for other operators (the relay processor, before remote
 * delivery). Signed with the sender's certificate when the gateway holds one, else the sender
 * domain's; encrypted for each recipient whose certificate the directory knows (its own, else its
 * domain's).
 *
 * <ul>
 *   <li>Policy per recipient domain: encryption is required unless the domain is listed in
 *   {@code signOnlyDomains}, where a recipient without a known certificate gets the message signed
 *   only.</li>
 *   <li>Algorithms, from what the recipient's software announced in the SMIMECapabilities of
 *   its signed mail (learnt by the certificate directory, see {@link org.santegateway.smime.certificates.SmimeCapabilities}):
 *   AES-256-GCM (AuthEnvelopedData) with RSA-OAEP for a recipient that announced GCM or announced
 *   nothing (the default, what this gateway and its peers read); AES-256-CBC (EnvelopedData) for
 *   the whole message when a recipient announced capabilities without AES-GCM, or its domain is
 *   in {@code cbcDomains}. The content key is sent with RSA-OAEP only to a recipient that reads
 *   it: one that announced GCM or id-RSAES-OAEP, announced nothing (and is not in
 *   {@code cbcDomains}), or whose domain is in {@code oaepDomains}; else with RSA PKCS#1 v1.5.
 *   Nothing weaker than AES-256-CBC is ever used.</li>
 *   <li>A recipient for whom encryption is required but no certificate is known, or a sender
 *   with no signing key, is taken out of the mail and sent to {@code unprotectableProcessor}
 *   (a DSN with the reason), never sent in clear.</li>
 *   <li>The gateway's own notices (DSN, MDN: null sender, see {@link Notices#isGatewayNotice}) are
 *   signed with the certificate of the postmaster's domain (else the gateway's first domain) and
 *   encrypted for the recipients whose certificate is known; a recipient without one gets the notice
 *   signed only, whatever its domain's policy: a notice carries fixed texts and no body of a
 *   message, and a notice that could not be sent would be answered by nobody (the loop rule).</li>
 *   <li>A message the professional's client already signed or encrypted passes through untouched.</li>
 *   <li>Counter {@code gateway.smime{operation=protect, outcome, reason}} and an audit event per mail.</li>
 * </ul>
 *
 * <pre>{@code
 * <mailet match="All" class="org.santegateway.mailets.ProtectSmime" onMailetException="propagate">
 *     <signOnlyDomains></signOnlyDomains>
 *     <cbcDomains></cbcDomains>
 *     <oaepDomains></oaepDomains>
 *     <unprotectableProcessor>smime-unprotectable</unprotectableProcessor>
 * </mailet>
 * }</pre>
 */
public class ProtectSmime extends GenericMailet {
    static final String SIGN_ONLY_DOMAINS = "signOnlyDomains";
    static final String CBC_DOMAINS = "cbcDomains";
    static final String OAEP_DOMAINS = "oaepDomains";
    static final String UNPROTECTABLE_PROCESSOR = "unprotectableProcessor";
    static final String OPERATION = "protect";
    private static final Logger LOGGER = LoggerFactory.getLogger(ProtectSmime.class);

    private final SmimeOutbound outbound;
    private final CertificateDirectory directory;
    private final SmimeKeyring keyring;
    private final SmimeOutcomes outcomes;
    private Set<String> signOnlyDomains = Set.of();
    private Set<String> cbcDomains = Set.of();
    private Set<String> oaepDomains = Set.of();
    private String unprotectableProcessor = "smime-unprotectable";

    @Inject
    public ProtectSmime(SmimeOutbound outbound, CertificateDirectory directory, SmimeKeyring keyring, OutcomeRecorder recorder) {
        this.outbound = outbound;
        this.directory = directory;
        this.keyring = keyring;
        this.outcomes = new SmimeOutcomes(recorder);
    }

    private Set<String> domains(String parameter) {
        return Arrays.stream(getInitParameter(parameter, "").split(","))
            .map(domain -> domain.strip().toLowerCase(Locale.ROOT))
            .filter(domain -> !domain.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of(SIGN_ONLY_DOMAINS, CBC_DOMAINS, OAEP_DOMAINS, UNPROTECTABLE_PROCESSOR));
        signOnlyDomains = domains(SIGN_ONLY_DOMAINS);
        cbcDomains = domains(CBC_DOMAINS);
        oaepDomains = domains(OAEP_DOMAINS);
        unprotectableProcessor = getInitParameter(UNPROTECTABLE_PROCESSOR, unprotectableProcessor).strip();
        if (unprotectableProcessor.isEmpty()) {
            throw new MessagingException(getMailetName() + ": " + UNPROTECTABLE_PROCESSOR + " must name a processor");
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        if (SmimeDetector.detect(message).isProtected()) {
            outcomes.record(OPERATION, SmimeOutcomes.Outcome.PASSTHROUGH, Optional.empty(), mail);
            return;
        }
        // Delivery notifications (null sender) are signed by the gateway.
        Optional<SigningIdentity> signer = mail.getMaybeSender().asOptional()
            .map(keyring::signerFor)
            .orElseGet(() -> keyring.signerFor(getMailetContext().getPostmaster()).or(keyring::gatewaySigner));
        if (signer.isEmpty()) {
            divert(mail, List.copyOf(mail.getRecipients()), "no_signing_key",
                "This gateway holds no signing certificate for the sender's domain: the message was not sent.");
            return;
        }
        boolean notice = Notices.isGatewayNotice(mail);
        Map<X509Certificate, EncryptionRecipient> encryptFor = new LinkedHashMap<>();
        List<MailAddress> encrypted = new ArrayList<>();
        List<MailAddress> signedOnly = new ArrayList<>();
        List<MailAddress> unprotectable = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            Optional<EncryptionRecipient> found = directory.findEncryptionRecipient(recipient.asString());
            if (found.isPresent()) {
                EncryptionRecipient encryption = configuredFor(recipient, found.get());
                // One content encryption per message: a recipient that reads only CBC makes it CBC.
                encryptFor.merge(encryption.certificate(), encryption, ProtectSmime::readableByBoth);
                encrypted.add(recipient);
            } else if (notice || signOnlyDomains.contains(recipient.getDomain().asString().toLowerCase(Locale.ROOT))) {
                signedOnly.add(recipient);
            } else {
                unprotectable.add(recipient);
            }
        }
        if (!unprotectable.isEmpty()) {
            divert(mail, unprotectable, "no_recipient_certificate",
                "No encryption certificate is known for a recipient whose domain requires encryption: the message was not sent to this recipient.");
        }
        try {
            if (!signedOnly.isEmpty()) {
                Mail copy = encrypted.isEmpty() ? mail : mail.duplicate();
                copy.setRecipients(signedOnly);
                copy.setMessage(outbound.sign(message, signer.get()));
                outcomes.record(OPERATION, SmimeOutcomes.Outcome.SIGNED, Optional.empty(), copy);
                if (copy != mail) {
                    // Already protected: the rest of this processor passes it through. The queue holds its own copy.
                    try {
                        getMailetContext().sendMail(copy, mail.getState());
                    } finally {
                        LifecycleUtil.dispose(copy);
                    }
                }
            }
            if (!encrypted.isEmpty()) {
                mail.setRecipients(encrypted);
                mail.setMessage(outbound.signAndEncrypt(message, signer.get(), List.copyOf(encryptFor.values())));
                outcomes.record(OPERATION, SmimeOutcomes.Outcome.SIGNED_ENCRYPTED, Optional.empty(), mail);
            }
        } catch (SmimeException e) {
            LOGGER.warn("S/MIME protection of mail {} failed: {} ({})", mail.getName(), e.failure(), e.getMessage());
            divert(mail, List.copyOf(mail.getRecipients()), e.failure().code(),
                "The message could not be signed and encrypted by this gateway: it was not sent.");
        }
    }

    /**
     * The domain settings over what the directory chose from the recipient's announcement: a
     * domain in {@code cbcDomains} gets AES-256-CBC, and PKCS#1 v1.5 key transport unless the
     * recipient's own announcement chose CBC with OAEP; a domain in {@code oaepDomains} gets OAEP.
     */
    private EncryptionRecipient configuredFor(MailAddress recipient, EncryptionRecipient announced) {
        String domain = recipient.getDomain().asString().toLowerCase(Locale.ROOT);
        EncryptionRecipient encryption = announced;
        if (cbcDomains.contains(domain) && encryption.contentEncryption() != ContentEncryption.AES_256_CBC) {
            // Software there cannot read AuthEnvelopedData, nor, unless it says so, OAEP.
            encryption = encryption.withContentEncryption(ContentEncryption.AES_256_CBC).withKeyTransport(KeyTransport.RSA_PKCS1_V1_5);
        }
        if (oaepDomains.contains(domain)) {
            encryption = encryption.withKeyTransport(KeyTransport.RSA_OAEP_SHA256);
        }
        return encryption;
    }

    /** Two recipients sharing a certificate (a domain's): what both read. */
    private static EncryptionRecipient readableByBoth(EncryptionRecipient first, EncryptionRecipient second) {
        EncryptionRecipient merged = first;
        if (second.contentEncryption() == ContentEncryption.AES_256_CBC) {
            merged = merged.withContentEncryption(ContentEncryption.AES_256_CBC);
        }
        if (second.keyTransport() == KeyTransport.RSA_PKCS1_V1_5) {
            merged = merged.withKeyTransport(KeyTransport.RSA_PKCS1_V1_5);
        }
        return merged;
    }

    /** Takes the recipients out of the mail and sends them, with the reason, to the unprotectable processor. */
    private void divert(Mail mail, List<MailAddress> recipients, String reason, String text) throws MessagingException {
        outcomes.record(OPERATION, SmimeOutcomes.Outcome.REFUSED, Optional.of(reason), mail);
        LOGGER.info("Mail {}: {} recipient(s) not relayed: {}", mail.getName(), recipients.size(), reason);
        if (recipients.size() == mail.getRecipients().size()) {
            mail.setErrorMessage(text);
            mail.setState(unprotectableProcessor);
            return;
        }
        Mail copy = mail.duplicate();
        copy.setRecipients(recipients);
        copy.setErrorMessage(text);
        try {
            getMailetContext().sendMail(copy, unprotectableProcessor);
        } finally {
            LifecycleUtil.dispose(copy);
        }
        List<MailAddress> remaining = new ArrayList<>(mail.getRecipients());
        remaining.removeAll(recipients);
        mail.setRecipients(remaining);
    }

    @Override
    public String getMailetInfo() {
        return "Signs and encrypts outgoing mail with S/MIME";
    }
}
