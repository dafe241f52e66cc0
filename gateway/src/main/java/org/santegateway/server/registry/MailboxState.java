package org.santegateway.server.registry;

/**
 * Where a mailbox is in its life. {@code ACTIVE} and {@code SUSPENDED} go back and forth; {@code CLOSED} is final
 * (the mailbox is no longer published, and its address is not given to anyone else by the registry).
 */
public enum MailboxState {
    ACTIVE, SUSPENDED, CLOSED;

    /** Whether an admin may move a mailbox from this state to {@code target}. */
    public boolean mayBecome(MailboxState target) {
        return this != CLOSED || target == CLOSED;
    }
}
