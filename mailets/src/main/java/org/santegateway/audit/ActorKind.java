package org.santegateway.audit;

/**
 * What kind of actor an audit record names. The audit trail stores {@link #name()}: these names are
 * the ones the records on disk already carry, and operators' queries rely on them.
 */
public enum ActorKind {
    /** A patient (webmail, conversations, their record). */
    PATIENT,
    /** A professional, local or of a trusted operator. */
    PROFESSIONAL,
    /** A sender that is neither a patient nor a professional. */
    OUTSIDE,
    /** An address of a patient domain that is not a valid matricule INS. */
    INVALID_PATIENT_ADDRESS,
    /** The gateway itself (its notices, its S/MIME steps, the DMP filing it does). */
    GATEWAY,
    /** Another operator, at the operators' SMTP port. */
    OPERATOR,
    /** An administrator (WebAdmin). */
    ADMIN,
    /** A mailbox account logging in (IMAP, SMTP AUTH). */
    USER,
    /** A network client, by its IP address (login throttling). */
    CLIENT,
    /** The channel a message came by ({@code message.in}, {@code message.out} records): a professional's authenticated client. */
    SUBMISSION,
    /** The channel a message came by: the patient webmail. */
    WEBMAIL,
    /** The channel a message came by: another operator's SMTP server. */
    OPERATORS,
    /** The channel a message came by: none of the others. */
    OTHER
}
