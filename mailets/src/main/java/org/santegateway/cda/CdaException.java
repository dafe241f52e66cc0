package org.santegateway.cda;

/** Why a CDA header could not be read; the message quotes nothing of the document. */
public class CdaException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Not well-formed XML, or truncated. */
        MALFORMED_XML,
        /** A DOCTYPE (refused: no entity is ever processed). */
        DOCTYPE_NOT_ALLOWED,
        /** The header runs past the size limits. */
        TOO_LARGE,
        /** Well-formed XML, but not a CDA R2 {@code ClinicalDocument} in {@code urn:hl7-org:v3}. */
        NOT_CDA,
        /** No document type code ({@code code/@code} and {@code @codeSystem}). */
        MISSING_CODE
    }

    private final Reason reason;

    public CdaException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
