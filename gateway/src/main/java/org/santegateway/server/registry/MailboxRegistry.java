package org.santegateway.server.registry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The registered mailboxes, persistent and shared by the nodes of one database. Only rows: the James users
 * created without the registry are merged in by {@link MailboxRegistrations}. Addresses are lower case.
 */
public interface MailboxRegistry {
    /** Adds a row; false when the address is already registered (nothing changed). */
    boolean add(Mailbox mailbox);

    Optional<Mailbox> find(String address);

    /** Every row, by address, optionally of one kind and one state. */
    List<Mailbox> list(Optional<MailboxKind> kind, Optional<MailboxState> state);

    /** Rows changed at or after {@code since} (closed ones included), by address. */
    List<Mailbox> changedSince(Instant since);

    /** Replaces the details of a registered mailbox; false when there is no row. */
    boolean update(String address, MailboxDetails details, Instant at);

    /** Records a new state; false when there is no row. */
    boolean changeState(String address, MailboxState state, Instant at);

    /**
     * Records a successful login of the mailbox (the time the inactivity rules count from); false when there is no
     * row (a James user not registered yet). For the login path: it does not change {@code modifiedAt}, a login is not
     * a change to publish.
     */
    boolean recordLogin(String address, Instant at);

    /** Removes a row (only used to undo a creation whose James user could not be created). */
    void remove(String address);
}
