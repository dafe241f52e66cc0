package org.santegateway.trust;

import org.santegateway.trust.TrustListException.Reason;

/** What a reload did. The list in force changes only on {@link Swapped}. */
public sealed interface ReloadOutcome {
    /** A new list is in force. */
    record Swapped(TrustListStatus status) implements ReloadOutcome {
    }

    /** Nothing to do: the file has not changed (poll) or has the same content (explicit reload). */
    record Unchanged(TrustListStatus status) implements ReloadOutcome {
    }

    /** The new file was refused; the previous list stays in force. */
    record Rejected(Reason reason, String message, TrustListStatus status) implements ReloadOutcome {
    }
}
