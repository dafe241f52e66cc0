package org.santegateway.server.imap;

import java.util.List;

import javax.inject.Inject;

import org.apache.james.imap.api.message.Capability;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.MailboxTyper;
import org.apache.james.imap.processor.XListProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.metrics.api.MetricFactory;

/**
 * XLIST (the Gmail command that SPECIAL-USE, RFC 6154, replaced), answered with the mailbox types of
 * {@link OwnMailboxTyper}. James 3.8.1 built its XLIST processor without a mailbox typer, so an XLIST failed with a
 * NullPointerException ({@code NO XLIST processing failed}, an ERROR in the log). Not announced, as in Dovecot: clients
 * that know it use it, the others use SPECIAL-USE.
 */
public class XListWithTypes extends XListProcessor {
    @Inject
    public XListWithTypes(MailboxManager mailboxManager, StatusResponseFactory factory, MailboxTyper mailboxTyper,
                          MetricFactory metricFactory, SubscriptionManager subscriptionManager) {
        super(mailboxManager, factory, mailboxTyper, metricFactory, subscriptionManager);
    }

    @Override
    public List<Capability> getImplementedCapabilities(ImapSession session) {
        return List.of();
    }
}
