package org.santegateway.smime.cms;

/**
 * An algorithm of an inbound message that {@link AlgorithmPolicy} does not allow: known to be weak
 * (SHA-1, 3DES, a short RSA key...), or simply not on the allow-lists. The detail names only the
 * algorithm (name or OID) and, for a key, whose it is. The engine turns it into its refusal
 * ({@code WEAK_ALGORITHM} or {@code UNSUPPORTED}).
 */
public final class AlgorithmRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean weak;

    AlgorithmRefusedException(boolean weak, String detail) {
        super(detail, null, false, false);
        this.weak = weak;
    }

    static AlgorithmRefusedException weak(String detail) {
        return new AlgorithmRefusedException(true, detail);
    }

    static AlgorithmRefusedException unsupported(String detail) {
        return new AlgorithmRefusedException(false, detail);
    }

    /** Known to be weak; otherwise an algorithm or parameter the policy does not know. */
    public boolean isWeak() {
        return weak;
    }
}
