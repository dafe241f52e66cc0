package org.santegateway.delivery;

import java.time.Instant;
import java.util.Set;

import org.apache.james.core.MailAddress;

/**
 * The local mailboxes suspended or closed in the gateway's mailbox registry. Mail to them is refused with a notice to
 * the sender rather than delivered into a mailbox nobody may read, and nobody logs in to them or sends from them.
 */
public interface InactiveMailboxes {
    /** No mailbox is inactive (no registry). */
    InactiveMailboxes NONE = address -> false;

    /** Whether the mailbox of this address (a recipient, a login name), in any case, is suspended or closed. */
    boolean isInactive(String address);

    /**
     * The addresses (lower case) of the mailboxes whose registry entry changed at or after {@code since} and that are
     * suspended or closed now: what open sessions to end.
     */
    default Set<String> inactiveChangedSince(Instant since) {
        return Set.of();
    }

    /** Whether mail to this recipient is refused because its mailbox is suspended or closed. */
    default boolean contains(MailAddress recipient) {
        return isInactive(recipient.asString());
    }
}
