package org.santegateway.delivery;

import org.apache.james.core.MailAddress;

/**
 * The local mailboxes that must not receive mail: suspended or closed in the gateway's mailbox registry. Mail to
 * them is refused with a notice to the sender rather than delivered into a mailbox nobody may read.
 */
public interface InactiveMailboxes {
    /** Whether mail to this recipient is refused because its mailbox is suspended or closed. */
    boolean contains(MailAddress recipient);
}
