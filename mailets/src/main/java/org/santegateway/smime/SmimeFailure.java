package org.santegateway.smime;

import java.util.Locale;

/**
 * Why the S/MIME engine refused a message or could not protect one. The names are fixed texts a
 * mailet can put in an audit event, a metric tag or a bounce: they carry no content.
 */
public enum SmimeFailure {
    /**
     * The message is not encrypted for a key of this gateway: no held key matches a recipient
     * entry, or the content key of the matching entry does not decrypt (RSA-OAEP).
     */
    CANNOT_DECRYPT(false),
    /**
     * The message was altered after it was protected: the encrypted content fails its AES-GCM
     * authentication tag or its AES-CBC padding check, or the signed content does not match the
     * digest its signature covers. (With RSA PKCS#1 v1.5 key transport a damaged content key shows
     * here too: on purpose it cannot be told from damaged content, see {@link org.santegateway.smime.cms.JdkKeyTransRecipient}.)
     */
    INTEGRITY(false),
    /** The signature value does not verify with the signer's key, or cannot be checked. */
    BAD_SIGNATURE(false),
    /**
     * The verified signer's certificate does not belong to the sender named in {@code From:}
     * (see {@link SignerMatch}): the signature is valid, but not the sender's.
     */
    SIGNER_MISMATCH(false),
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

    /** The reason code of audit events and metric tags: the name in lower case, e.g. {@code signer_mismatch}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether trying again later may succeed without the sender changing anything. */
    public boolean isTemporary() {
        return temporary;
    }
}
