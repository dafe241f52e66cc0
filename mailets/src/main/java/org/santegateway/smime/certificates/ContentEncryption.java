package org.santegateway.smime.certificates;

/** The content encryption a recipient can read. */
public enum ContentEncryption {
    /** AES-256-GCM in CMS AuthEnvelopedData (RFC 5083, RFC 5084): authenticated. The default. */
    AES_256_GCM,
    /** AES-256-CBC in CMS EnvelopedData: for recipients whose software does not read AuthEnvelopedData. */
    AES_256_CBC
}
