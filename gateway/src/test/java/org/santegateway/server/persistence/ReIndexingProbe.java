package org.santegateway.server.persistence;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.indexer.ReIndexer;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.task.Task;
import org.apache.james.utils.GuiceProbe;

import reactor.core.publisher.Mono;

/** Appends messages straight into a mailbox and runs James's re-indexing tasks, as WebAdmin would. */
public class ReIndexingProbe implements GuiceProbe {
    private final MailboxManager mailboxManager;
    private final ReIndexer reIndexer;

    @Inject
    public ReIndexingProbe(MailboxManager mailboxManager, ReIndexer reIndexer) {
        this.mailboxManager = mailboxManager;
        this.reIndexer = reIndexer;
    }

    public void appendToInbox(String user, byte[] rfc822) throws Exception {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(user));
        MailboxPath inbox = MailboxPath.inbox(session);
        if (!Mono.from(mailboxManager.mailboxExists(inbox, session)).block()) {
            mailboxManager.createMailbox(inbox, session);
        }
        mailboxManager.getMailbox(inbox, session).appendMessage(MessageManager.AppendCommand.builder().build(rfc822), session);
    }

    public Task.Result reIndexAll(ReIndexer.RunningOptions options) throws Exception {
        return reIndexer.reIndex(options).run();
    }

    public Task.Result reIndexInbox(String user, ReIndexer.RunningOptions options) throws Exception {
        return reIndexer.reIndex(MailboxPath.inbox(Username.of(user)), options).run();
    }
}
