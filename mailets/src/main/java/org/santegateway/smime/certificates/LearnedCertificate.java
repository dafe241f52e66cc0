package org.santegateway.smime.certificates;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A correspondent's certificate learnt from a verified signed message, with the content
 * encryption and key transport its software announced it reads ({@link SmimeCapabilities}).
 */
public record LearnedCertificate(X509Certificate certificate, ContentEncryption contentEncryption, KeyTransport keyTransport) {
    public LearnedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(contentEncryption, "contentEncryption");
        Objects.requireNonNull(keyTransport, "keyTransport");
    }

    /** What a signer announced, with its certificate. */
    public static LearnedCertificate of(X509Certificate certificate, SmimeCapabilities capabilities) {
        return new LearnedCertificate(certificate, capabilities.contentEncryption(), capabilities.keyTransport());
    }

    /** Whom to encrypt for, and how, with this certificate. */
    public EncryptionRecipient recipient() {
        return new EncryptionRecipient(certificate, contentEncryption, keyTransport);
    }

    /** Whether this one, learnt later, should take the place of {@code kept}. */
    public boolean replaces(LearnedCertificate kept) {
        if (certificate.equals(kept.certificate)) {
            return contentEncryption != kept.contentEncryption || keyTransport != kept.keyTransport;
        }
        return certificate.getNotBefore().after(kept.certificate.getNotBefore());
    }
}
