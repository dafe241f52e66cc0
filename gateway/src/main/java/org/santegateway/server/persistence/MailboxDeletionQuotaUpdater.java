package org.santegateway.server.persistence;

import javax.inject.Inject;

import org.apache.james.events.Event;
import org.apache.james.events.EventBus;
import org.apache.james.mailbox.events.MailboxEvents.MailboxDeletion;
import org.apache.james.mailbox.quota.CurrentQuotaManager;
import org.apache.james.mailbox.quota.QuotaManager;
import org.apache.james.mailbox.quota.QuotaRootResolver;
import org.apache.james.mailbox.store.quota.ListeningCurrentQuotaUpdater;

/**
 * James's current-quota listener left with the deletion of a whole mailbox: messages added and removed are counted
 * in the transaction that writes them ({@link CurrentQuotaChanges}). Keeps James's group, so that its name stays that
 * of the event dead letters and of the queues of nodes sharing a database.
 */
public class MailboxDeletionQuotaUpdater extends ListeningCurrentQuotaUpdater {
    @Inject
    public MailboxDeletionQuotaUpdater(CurrentQuotaManager currentQuotaManager, QuotaRootResolver quotaRootResolver,
                                       EventBus eventBus, QuotaManager quotaManager) {
        super(currentQuotaManager, quotaRootResolver, eventBus, quotaManager);
    }

    @Override
    public boolean isHandling(Event event) {
        return event instanceof MailboxDeletion;
    }
}
