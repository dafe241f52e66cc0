package org.santegateway.smime.certificates;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A recipient of an encrypted message: its certificate and what its software can read.
 *
 * @param certificate       the recipient's (or its domain's) encryption certificate, RSA
 * @param contentEncryption what the recipient can read; when one recipient of a message needs
 *                          {@link ContentEncryption#AES_256_CBC}, the whole message is encrypted so
 *                          (a CMS message has one content encryption for all its recipients)
 * @param keyTransport      how the content key is encrypted for this recipient
 */
public record EncryptionRecipient(X509Certificate certificate, ContentEncryption contentEncryption, KeyTransport keyTransport) {
    public EncryptionRecipient {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(contentEncryption, "contentEncryption");
        Objects.requireNonNull(keyTransport, "keyTransport");
    }

    /** AES-256-GCM and RSA-OAEP-SHA-256. */
    public static EncryptionRecipient of(X509Certificate certificate) {
        return new EncryptionRecipient(certificate, ContentEncryption.AES_256_GCM, KeyTransport.RSA_OAEP_SHA256);
    }

    public EncryptionRecipient withContentEncryption(ContentEncryption contentEncryption) {
        return new EncryptionRecipient(certificate, contentEncryption, keyTransport);
    }

    public EncryptionRecipient withKeyTransport(KeyTransport keyTransport) {
        return new EncryptionRecipient(certificate, contentEncryption, keyTransport);
    }
}
