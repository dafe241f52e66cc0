package org.santegateway.smime;

import java.util.Objects;

/**
 * An outbound operation (sign, encrypt) that could not be done, with a typed reason and a
 * one-line detail naming only identifiers (certificate serial numbers, algorithm names).
 */
public final class SmimeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final SmimeFailure failure;

    public SmimeException(SmimeFailure failure, String detail) {
        super(detail);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public SmimeException(SmimeFailure failure, String detail, Throwable cause) {
        super(detail, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public SmimeFailure failure() {
        return failure;
    }
}
