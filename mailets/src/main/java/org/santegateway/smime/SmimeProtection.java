package org.santegateway.smime;

/** How a message is protected end to end, as its top-level content type shows. */
public enum SmimeProtection {
    /** Not S/MIME. */
    NONE,
    /** multipart/signed with a PKCS#7 signature (clear-signed). */
    SIGNED,
    /** application/pkcs7-mime signed-data (opaque signature). */
    OPAQUE_SIGNED,
    /** application/pkcs7-mime enveloped-data or authEnveloped-data. */
    ENCRYPTED,
    /** application/pkcs7-mime compressed-data. */
    COMPRESSED;

    /** Whether the client already protected the message: the outbound mailet passes it through. */
    public boolean isProtected() {
        return this != NONE;
    }
}
