package org.santegateway.server.imap;

import javax.inject.Inject;

import org.apache.james.imap.api.process.DefaultMailboxTyper;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.MailboxType;
import org.apache.james.imap.api.process.MailboxTyper;
import org.apache.james.mailbox.model.MailboxPath;

/**
 * The special use of a user's own top-level mailboxes, from the names of the default mailboxes James creates at
 * the first IMAP login (Sent, Drafts, Trash, Spam as {@code \Junk}, Archive; the patient webmail files sent mail in
 * the same Sent). A mailbox another user shares is never typed: its Sent is not the reader's.
 */
public class OwnMailboxTyper implements MailboxTyper {
    private final DefaultMailboxTyper byName;

    @Inject
    public OwnMailboxTyper(DefaultMailboxTyper byName) {
        this.byName = byName;
    }

    @Override
    public MailboxType getMailboxType(ImapSession session, MailboxPath path) {
        if (session.getMailboxSession() == null || !path.belongsTo(session.getMailboxSession())) {
            return MailboxType.OTHER;
        }
        return byName.getMailboxType(session, path);
    }
}
