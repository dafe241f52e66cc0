package org.santegateway.server.cluster;

import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.store.search.ListeningMessageSearchIndex;
import org.apache.james.utils.GuiceProbe;

/** A node's search index, read directly: the UIDs it holds for a user's INBOX. */
public class SearchIndexProbe implements GuiceProbe {
    private final MailboxManager mailboxManager;
    private final ListeningMessageSearchIndex index;

    @Inject
    public SearchIndexProbe(MailboxManager mailboxManager, ListeningMessageSearchIndex index) {
        this.mailboxManager = mailboxManager;
        this.index = index;
    }

    public List<Long> indexedInboxUids(String user) throws Exception {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(user));
        MessageManager inbox = mailboxManager.getMailbox(MailboxPath.inbox(session), session);
        return index.search(session, inbox.getMailboxEntity(), SearchQuery.matchAll())
            .map(uid -> uid.asLong()).collectList().block();
    }
}
