package org.santegateway.conversation;

import java.util.Optional;

import org.apache.james.core.MailAddress;

/**
 * Whether a patient's space receives and sends mail: a space notified and not open yet, one the patient objected to,
 * one closed (archived) or deleted does not, and mail to it is refused with the reason. A patient with no space on
 * record (an account created by hand before enrolment existed) is open.
 */
public interface PatientSpaceStates {
    /** Every patient open: for deployments without the lifecycle. */
    PatientSpaceStates ALL_OPEN = patient -> Optional.empty();

    /** Why mail to or from this patient's address is refused, or empty when their space is open. */
    Optional<RefusalReason> refusalFor(MailAddress patient);
}
