package org.santegateway.pki;

/**
 * Why a certification path does not validate, with a detail that names certificates by position and
 * serial number only. The caller maps the reason to its own failure codes (S/MIME, operator TLS).
 */
public final class CertificatePathException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The kinds of path failure the callers tell apart. */
    public enum Reason {
        /** No path to a trust anchor, or a path that does not validate to one. */
        UNKNOWN_CA,
        /** A certificate of the path is revoked. */
        REVOKED,
        /** No current CRL from the issuer of a certificate of the path. */
        REVOCATION_UNKNOWN,
        /** A certificate of the path is expired or not yet valid. */
        EXPIRED,
        /** A certificate of the path uses a disabled algorithm. */
        WEAK_ALGORITHM,
        /** A certificate of the path is not allowed in its place (key usage, CA constraints, policy, name). */
        NOT_ALLOWED
    }

    private final Reason reason;

    CertificatePathException(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
