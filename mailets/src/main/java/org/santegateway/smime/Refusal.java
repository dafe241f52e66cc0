package org.santegateway.smime;

/** Internal: the inbound flow stops with a typed reason; becomes a {@link SmimeResult.Refused}. */
final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final SmimeFailure failure;

    Refusal(SmimeFailure failure, String detail) {
        super(detail, null, false, false);
        this.failure = failure;
    }

    SmimeFailure failure() {
        return failure;
    }
}
