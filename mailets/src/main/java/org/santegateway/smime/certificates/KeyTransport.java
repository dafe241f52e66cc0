package org.santegateway.smime.certificates;

/** How the content key is encrypted for a recipient's RSA key. */
public enum KeyTransport {
    /** RSAES-OAEP with SHA-256 and MGF1-SHA-256 (RFC 3560, RFC 8017). The default. */
    RSA_OAEP_SHA256,
    /** RSA PKCS#1 v1.5: for recipients whose software does not read OAEP. */
    RSA_PKCS1_V1_5
}
