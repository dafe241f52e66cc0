package org.santegateway.smime.cms;

/** How outbound messages are signed. Both use SHA-256; SHA-1 is never offered. */
public enum SignatureAlgorithm {
    /** RSA PKCS#1 v1.5 with SHA-256: what every S/MIME client verifies. The default. */
    SHA256_WITH_RSA,
    /** RSASSA-PSS with SHA-256, MGF1-SHA-256, 32-byte salt (RFC 4056). */
    SHA256_WITH_RSA_PSS
}
