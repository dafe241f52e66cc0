package org.santegateway.conversation;

import org.santegateway.audit.ActorKind;

/**
 * The part an address plays in patient messaging. Decided by {@link RoleResolver} from the
 * authenticated identity and the envelope, never from the {@code From:} header.
 */
public enum Role {
    /** A mailbox of a patient domain whose local part is a valid matricule INS. */
    PATIENT,
    /** A mailbox of a local non-patient domain, or an address of a trusted operator domain. */
    PROFESSIONAL,
    /** An address of a patient domain whose local part is not a valid matricule INS: not an address at all. */
    INVALID_PATIENT_ADDRESS,
    /** Anyone else: unknown domains, unauthenticated senders claiming a local address, remote null senders. */
    OUTSIDE,
    /** Mail the gateway itself generated (its DSNs): not subject to the conversation rules. */
    GATEWAY;

    /** The actor kind of the audit records about what this role does (the same name). */
    public ActorKind actorKind() {
        return switch (this) {
            case PATIENT -> ActorKind.PATIENT;
            case PROFESSIONAL -> ActorKind.PROFESSIONAL;
            case INVALID_PATIENT_ADDRESS -> ActorKind.INVALID_PATIENT_ADDRESS;
            case OUTSIDE -> ActorKind.OUTSIDE;
            case GATEWAY -> ActorKind.GATEWAY;
        };
    }
}
