package org.santegateway.server.spaces;

/**
 * Where a patient's space is in its life (article R1111-28 of the public health code: created for everyone unless
 * they object).
 *
 * <pre>
 * NOTIFIED --objection with the code--> OBJECTED
 * NOTIFIED --objection window over--> OPENED --first password with the activation code--> ACTIVATED
 * OPENED, ACTIVATED --closure (patient, admin, death)--> CLOSED (archive, read-only) --archive period or
 *                                                        deletion requested three months before--> DELETED
 * CLOSED --reopening (not after a death)--> OPENED or ACTIVATED, as before the closure
 * </pre>
 */
public enum SpaceState {
    NOTIFIED, OBJECTED, OPENED, ACTIVATED, CLOSED, DELETED;

    /** Whether mail reaches the space and its holder may send. */
    public boolean isOpen() {
        return this == OPENED || this == ACTIVATED;
    }
}
