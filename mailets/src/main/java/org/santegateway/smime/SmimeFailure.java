package org.santegateway.smime;

/**
 * Why the S/MIME engine refused a message or could not protect one. The names are fixed texts a
 * mailet can put in an audit event, a metric tag or a bounce: they carry no content.
 */
public enum SmimeFailure {
    /** No held key matches a recipient, or the key does not open the message, or its integrity check (GCM tag) fails. */
    CANNOT_DECRYPT(false),
    /** The signature does not match the content (tampered message) or cannot be checked. */
    BAD_SIGNATURE(false),
    /** The signer's certificate does not chain to a configured trust anchor, or is missing. */
    UNKNOWN_CA(false),
    /** A certificate of the signer's chain is revoked by a configured CRL. */
    REVOKED(false),
    /**
     * The revocation status of a certificate of the chain cannot be determined: no current CRL
     * from its issuer. Temporary: it clears when a fresh CRL is installed.
     */
    REVOCATION_UNKNOWN(true),
    /** A certificate of the chain is expired or not yet valid. */
    CERTIFICATE_EXPIRED(false),
    /** A certificate's key usage or extended key usage does not allow this use. */
    CERTIFICATE_NOT_ALLOWED(false),
    /** SHA-1 or MD5 digest, 3DES, DES or RC2 content encryption, RSA key under the minimum size. */
    WEAK_ALGORITHM(false),
    /** An algorithm or structure the engine does not handle (compressed data, key agreement...). */
    UNSUPPORTED(false),
    /** Not a well-formed S/MIME message (broken MIME structure, bad CMS encoding, truncated). */
    MALFORMED(false),
    /** Larger than the configured limit. */
    TOO_LARGE(false),
    /** Outbound: the signing certificate or key cannot be used (expired, key too small, wrong usage). */
    SIGNER_UNUSABLE(false),
    /** Outbound: a recipient certificate cannot be used for encryption (expired, key too small, wrong usage). */
    RECIPIENT_UNUSABLE(false);

    private final boolean temporary;

    SmimeFailure(boolean temporary) {
        this.temporary = temporary;
    }

    /** Whether trying again later may succeed without the sender changing anything. */
    public boolean isTemporary() {
        return temporary;
    }
}
