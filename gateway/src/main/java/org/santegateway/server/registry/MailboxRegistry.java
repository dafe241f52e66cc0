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
     * row (a James user not registered yet) or when a login was recorded less than a minute before. For the login
     * path: it does not change {@code modifiedAt}, a login is not a change to publish; it clears an inactivity notice.
     */
    boolean recordLogin(String address, Instant at);

    /**
     * Mailboxes neither closed nor noticed yet whose last login (their creation when they never signed in) is
     * before {@code idleBefore}, by address, at most {@code limit}.
     */
    List<Mailbox> idleWithoutNotice(Instant idleBefore, int limit);

    /**
     * Records that the inactivity notice of a mailbox is sent, if it is still idle since before {@code idleBefore} and
     * not noticed: true for the one caller (of all the nodes) that changed the row and must send the notice.
     */
    boolean markNoticed(String address, Instant idleBefore, Instant at);

    /** Mailboxes not closed, noticed at or before {@code noticedBefore} and idle since before {@code idleBefore}. */
    List<Mailbox> noticedAndIdle(Instant noticedBefore, Instant idleBefore, int limit);

    /**
     * Closes a noticed mailbox if it is still idle since before {@code idleBefore} and not closed: true for the one
     * caller that closed it.
     */
    boolean closeIfIdle(String address, Instant idleBefore, Instant at);

    /** Removes a row (only used to undo a creation whose James user could not be created). */
    void remove(String address);
}
