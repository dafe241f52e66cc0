package org.santegateway.conversation;

import java.util.Locale;

import org.santegateway.audit.AuditOutcome;

/** Outcomes of the conversation policy, also the values of the {@code outcome} metric tag. */
public enum Outcome implements AuditOutcome {
    /** A professional's message opened a conversation with a patient. */
    OPENED,
    /** A message was added to an open conversation. */
    CONTINUED,
    /** A professional closed the conversation ({@code X-MSS-MES: FIN} or {@code [FIN]}). */
    CLOSED,
    /** A professional wrote again in a closed conversation, which opens it again. */
    REOPENED,
    /** A patient wrote to organisational mailboxes that accept patient-initiated messages. */
    PATIENT_INITIATED,
    /** Refused: nothing is delivered, the sender gets the reason. */
    REFUSED;

    @Override
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
