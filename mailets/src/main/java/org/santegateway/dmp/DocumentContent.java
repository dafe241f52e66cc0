package org.santegateway.dmp;

import java.io.IOException;
import java.io.InputStream;

/**
 * The content of a document on its way to the store, readable as many times as needed, with its
 * size and SHA-256 computed once while it was received (see {@link SpooledContent}).
 */
public interface DocumentContent {
    long size();

    ContentHash sha256();

    /** A new stream over the whole content; the caller closes it. */
    InputStream openStream() throws IOException;

    /** Content already in memory (a patient's upload, bounded by the webmail's upload limit). */
    static DocumentContent ofBytes(byte[] bytes) {
        byte[] copy = bytes.clone();
        ContentHash hash;
        try {
            hash = ContentHash.of(java.security.MessageDigest.getInstance("SHA-256").digest(copy));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        return new DocumentContent() {
            @Override
            public long size() {
                return copy.length;
            }

            @Override
            public ContentHash sha256() {
                return hash;
            }

            @Override
            public InputStream openStream() {
                return new java.io.ByteArrayInputStream(copy);
            }
        };
    }
}
