package org.santegateway.conversation;

import java.util.List;

import org.apache.james.core.MailAddress;

/**
 * Organisational mailboxes (a pharmacy, a reception desk) that an admin marked as accepting
 * messages that patients start, outside any conversation. Stored configuration: it survives
 * restarts and changes take effect on the next message.
 */
public interface PatientInitiatedMailboxes {
    boolean accepts(MailAddress mailbox);

    /** Marks the mailbox; true when it was not marked before. */
    boolean add(MailAddress mailbox);

    /** Unmarks the mailbox; true when it was marked. */
    boolean remove(MailAddress mailbox);

    List<MailAddress> list();
}
