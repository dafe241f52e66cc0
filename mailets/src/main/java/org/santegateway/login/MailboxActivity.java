package org.santegateway.login;

/**
 * Told of every successful login to a mailbox (password or token, IMAP or SMTP), for the rules that
 * count from the last use of a mailbox (a mailbox unused for a year is closed after notice).
 *
 * <p>Called on the login path: an implementation must be quick, must not throw, and must not fail a
 * login it cannot record.</p>
 */
public interface MailboxActivity {
    /** Does nothing: the default when no registry is wired. */
    MailboxActivity NONE = mailbox -> { };

    /** A login to {@code mailbox} (the login name, an address) just succeeded. */
    void loggedIn(String mailbox);
}
