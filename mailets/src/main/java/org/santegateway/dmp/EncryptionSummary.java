package org.santegateway.dmp;

import java.util.Objects;

/** What {@link DocumentCipher#encrypt(java.io.InputStream, java.io.OutputStream, DocumentAad)} wrote. */
public record EncryptionSummary(long plaintextSize, ContentHash plaintextSha256, long ciphertextSize) {
    public EncryptionSummary {
        Objects.requireNonNull(plaintextSha256);
    }
}
