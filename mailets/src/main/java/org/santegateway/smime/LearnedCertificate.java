package org.santegateway.smime;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A correspondent's certificate learnt from a verified signed message, with the content
 * encryption its software announced it reads.
 */
public record LearnedCertificate(X509Certificate certificate, ContentEncryption contentEncryption) {
    public LearnedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(contentEncryption, "contentEncryption");
    }

    /** Whether this one, learnt later, should take the place of {@code kept}. */
    boolean replaces(LearnedCertificate kept) {
        if (certificate.equals(kept.certificate)) {
            return contentEncryption != kept.contentEncryption;
        }
        return certificate.getNotBefore().after(kept.certificate.getNotBefore());
    }
}
