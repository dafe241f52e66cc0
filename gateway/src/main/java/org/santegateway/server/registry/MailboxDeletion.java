package org.santegateway.server.registry;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MailboxMetaData;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;

/**
 * Deletes what a closed mailbox held: every mailbox folder of its James user with their messages, then the user
 * (no login is possible afterwards). The registry row stays, closed, so that the address is never given again.
 */
public class MailboxDeletion {
    private final MailboxManager mailboxManager;
    private final UsersRepository users;

    @Inject
    public MailboxDeletion(MailboxManager mailboxManager, UsersRepository users) {
        this.mailboxManager = mailboxManager;
        this.users = users;
    }

    public void delete(String address) {
        Username username = Username.of(address);
        MailboxSession session = mailboxManager.createSystemSession(username);
        try {
            for (MailboxMetaData folder : mailboxManager.search(MailboxQuery.privateMailboxesBuilder(session).matchesAllMailboxNames().build(),
                MailboxManager.MailboxSearchFetchType.Minimal, session).collectList().block()) {
                mailboxManager.deleteMailbox(folder.getPath(), session);
            }
            if (users.contains(username)) {
                users.removeUser(username);
            }
        } catch (MailboxException | UsersRepositoryException e) {
            throw new IllegalStateException("the closed mailbox could not be deleted", e);
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }
}
