package org.santegateway.server.spaces;

/**
 * A lifecycle change refused, with a message for whoever asked (it names no patient) and a short code for the audit
 * record.
 */
public class SpaceRefusal extends RuntimeException {
    /** Why: the routes answer 400, 404 and 409 respectively. */
    public enum Reason {
        INVALID, NOT_FOUND, CONFLICT
    }

    private final Reason reason;
    private final String code;

    public SpaceRefusal(Reason reason, String code, String message) {
        super(message);
        this.reason = reason;
        this.code = code;
    }

    public Reason reason() {
        return reason;
    }

    /** The audit reason code, e.g. {@code wrong_code}. */
    public String code() {
        return code;
    }
}
