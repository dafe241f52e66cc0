package org.santegateway.server.registry;

/**
 * The four kinds of MSSanté mailbox (the directory's {@code typeBAL}, value set JDV_J139-TypeBAL-RASS): a
 * practitioner's personal mailbox, an organisation's, an application's (software that sends documents) and a
 * practice's. The kind is chosen at creation and never changes.
 */
public enum MailboxKind {
    /** Personal: held by a practitioner (national id 8+RPPS or 0+ADELI). */
    PER,
    /** Organisational: held by a structure (FINESS or SIRET). */
    ORG,
    /** Applicative: software of a structure; signs in with a certificate, never a password. */
    APP,
    /** A practice (cabinet): held by a structure (FINESS or SIRET). */
    CAB;

    /** Whether its holder is a practitioner (else a structure). */
    public boolean heldByPractitioner() {
        return this == PER;
    }
}
