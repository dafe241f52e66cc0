package org.santegateway.server.persistence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.inject.Inject;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.server.core.MailImpl;
import org.apache.james.utils.GuiceProbe;

import reactor.core.publisher.Flux;

/**
 * Test probe reading what the stores hold: INBOX contents straight from the mailbox database, searches through
 * the mailbox search index, and a mail queue the spooler does not consume.
 */
public class StorageContentProbe implements GuiceProbe {
    public static final MailQueueName PARKED_QUEUE = MailQueueName.of("storage-test-parked");

    private final MailboxManager mailboxManager;
    private final MailQueueFactory<? extends ManageableMailQueue> mailQueueFactory;

    @Inject
    public StorageContentProbe(MailboxManager mailboxManager, MailQueueFactory<? extends ManageableMailQueue> mailQueueFactory) {
        this.mailboxManager = mailboxManager;
        this.mailQueueFactory = mailQueueFactory;
    }

    public long inboxMessageCount(String user) throws MailboxException {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(user));
        MailboxPath inbox = MailboxPath.inbox(session);
        if (!Flux.from(mailboxManager.mailboxExists(inbox, session)).blockFirst()) {
            return 0;
        }
        return mailboxManager.getMailbox(inbox, session).getMessageCount(session);
    }

    public List<String> inboxMessages(String user) throws MailboxException, IOException {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(user));
        MessageManager inbox = mailboxManager.getMailbox(MailboxPath.inbox(session), session);
        List<String> messages = new ArrayList<>();
        MessageResultIterator iterator = inbox.getMessages(MessageRange.all(), FetchGroup.FULL_CONTENT, session);
        while (iterator.hasNext()) {
            MessageResult message = iterator.next();
            try (InputStream content = message.getFullContent().getInputStream()) {
                messages.add(new String(content.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return messages;
    }

    public List<MessageUid> searchInbox(String user, SearchQuery query) throws MailboxException {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(user));
        MessageManager inbox = mailboxManager.getMailbox(MailboxPath.inbox(session), session);
        return Flux.from(inbox.search(query, session)).collectList().block();
    }

    public void parkMail(String name, String sender, String recipient, String rfc822) throws Exception {
        MailImpl mail = MailImpl.builder()
            .name(name)
            .sender(new MailAddress(sender))
            .addRecipient(new MailAddress(recipient))
            .mimeMessage(new MimeMessage(Session.getDefaultInstance(new Properties()),
                new ByteArrayInputStream(rfc822.getBytes(StandardCharsets.UTF_8))))
            .build();
        try {
            parkedQueue().enQueue(mail);
        } finally {
            mail.dispose();
        }
    }

    public long parkedMailCount() throws Exception {
        return parkedQueue().getSize();
    }

    public List<String> parkedMailNames() throws Exception {
        List<String> names = new ArrayList<>();
        parkedQueue().browse().forEachRemaining(item -> {
            names.add(item.getMail().getName());
            org.apache.james.lifecycle.api.LifecycleUtil.dispose(item.getMail());
        });
        return names;
    }

    private ManageableMailQueue parkedQueue() {
        return mailQueueFactory.createQueue(PARKED_QUEUE);
    }
}
