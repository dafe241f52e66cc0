package org.santegateway.server.registry;

/**
 * A change of the registry refused (of a mailbox, an application, or a patient space), with a message fit for the
 * admin or the patient (it names no holder identifier) and a short code for the audit record.
 */
public class RegistryRefusal extends RuntimeException {
    /** Why: the routes answer 400, 404 and 409 respectively. */
    public enum Reason {
        INVALID, NOT_FOUND, CONFLICT
    }

    private final Reason reason;
    private final String code;

    public RegistryRefusal(Reason reason, String code, String message) {
        super(message);
        this.reason = reason;
        this.code = code;
    }

    public Reason reason() {
        return reason;
    }

    /** The audit reason code, e.g. {@code kind_immutable}. */
    public String code() {
        return code;
    }
}
