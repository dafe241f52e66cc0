package org.santegateway.trust;

import java.util.Objects;

/**
 * A trust list that cannot be used, with the reason as a value the caller can act on and a
 * one-line message for the operator: what is wrong and where (file, line, entry number), never a
 * stack trace to read. Carries no cause on purpose: the message says it all.
 */
public final class TrustListException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a list was refused. */
    public enum Reason {
        /** The file cannot be read (missing, permissions, I/O error). */
        UNREADABLE,
        /** The input is larger than the configured limit. */
        TOO_LARGE,
        /** Not well-formed XML (or truncated). */
        MALFORMED_XML,
        /** A DOCTYPE: refused so that no entity (external or expanding) is ever processed. */
        DOCTYPE_NOT_ALLOWED,
        /** The root element is not {@code ListeBlancheMSSante}. */
        WRONG_ROOT,
        /** The root element is {@code ListeBlancheMSSante} in another namespace. */
        WRONG_NAMESPACE,
        /** {@code DateDeGeneration} is not an ISO-8601 date-time. */
        INVALID_HEADER,
        /**
         * More {@code Domaine} entries are malformed than the drop threshold allows (a format change
         * or a broken export, not a few typos: a few malformed entries are skipped, not refused).
         */
        TOO_MANY_INVALID_ENTRIES,
        /** No {@code Domaine} entry at all, or none that is valid. */
        EMPTY,
        /** The SHA-256 of the file is not the expected one. */
        CHECKSUM_MISMATCH,
        /** A checksum is required and the side file is missing or not a SHA-256. */
        CHECKSUM_MISSING,
        /** The new list drops more domains than allowed at once (see the loader configuration). */
        TOO_MANY_DOMAINS_DROPPED
    }

    private final Reason reason;

    public TrustListException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
