package org.santegateway.dmp;

import java.io.IOException;

/**
 * Encrypted content that does not decrypt as written: tampered, truncated, reordered, extended, bound
 * to another document or patient, or wrapped by another master key. Decryption stops at the first
 * such defect and every later read fails the same way (fail closed).
 */
public class DocumentIntegrityException extends IOException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Not our format, or a version this code does not read. */
        BAD_HEADER,
        /** The data key was wrapped by another master key. */
        WRONG_MASTER_KEY,
        /** A segment failed authentication: tampered, reordered, or another document's or patient's. */
        AUTHENTICATION_FAILED,
        /** The content ends before its final segment. */
        TRUNCATED
    }

    private final Reason reason;

    public DocumentIntegrityException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DocumentIntegrityException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
