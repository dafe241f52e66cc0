package org.santegateway.server.persistence;

import static org.apache.james.modules.Names.MAILBOXMANAGER_NAME;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.adapter.mailbox.ACLUsernameChangeTaskStep;
import org.apache.james.adapter.mailbox.MailboxUsernameChangeTaskStep;
import org.apache.james.adapter.mailbox.QuotaUsernameChangeTaskStep;
import org.apache.james.adapter.mailbox.UserRepositoryAuthenticator;
import org.apache.james.adapter.mailbox.UserRepositoryAuthorizator;
import org.apache.james.events.EventListener;
import org.apache.james.mailbox.AttachmentContentLoader;
import org.apache.james.mailbox.Authenticator;
import org.apache.james.mailbox.Authorizator;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.jpa.JPAAttachmentContentLoader;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.JPAMailboxSessionMapperFactory;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.jpa.openjpa.OpenJPAMailboxManager;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.store.JVMMailboxPathLocker;
import org.apache.james.mailbox.store.MailboxManagerConfiguration;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.SessionProviderImpl;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.apache.james.mailbox.store.StoreSubscriptionManager;
import org.apache.james.mailbox.store.event.MailboxAnnotationListener;
import org.apache.james.mailbox.store.mail.MailboxMapperFactory;
import org.apache.james.mailbox.store.mail.MessageMapperFactory;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.NaiveThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.UidProvider;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.user.SubscriptionMapperFactory;
import org.apache.james.user.api.UsernameChangeTaskStep;
import org.apache.james.utils.MailboxManagerDefinition;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.name.Names;

/**
 * Mailboxes, messages, flags, subscriptions and annotations kept in the database through OpenJPA
 * ({@link OpenJPAMailboxManager}, with the writes on one mailbox serialised: {@link SerializedWritesMailboxManager},
 * {@link SharedMailboxMessageMapper}); logins are checked against the users repository. Appended messages stamped
 * with a mail queue item's id record their delivery in the same transaction ({@link DeliveryRecordingMapperFactory}).
 *
 * <p>The JPA backend has no message-id index: {@code MessageIdManager} is not bound (IMAP, SMTP, the mailets
 * and WebAdmin do not need it; JMAP would).</p>
 */
public class JpaMailboxModule extends AbstractModule {
    @Override
    protected void configure() {
        // The counters in the writing transaction, as nodes sharing a database take them: one commit fewer a write.
        bind(UidAllocation.class).toInstance(UidAllocation.LOCKED_IN_WRITING_TRANSACTION);
        bind(DeliveryRecordingMapperFactory.class).in(Scopes.SINGLETON);
        bind(JPAMailboxSessionMapperFactory.class).to(DeliveryRecordingMapperFactory.class);
        bind(SerializedWritesMailboxManager.class).in(Scopes.SINGLETON);
        bind(OpenJPAMailboxManager.class).to(SerializedWritesMailboxManager.class);
        bind(JVMMailboxPathLocker.class).in(Scopes.SINGLETON);
        bind(StoreSubscriptionManager.class).in(Scopes.SINGLETON);
        bind(JPAModSeqProvider.class).in(Scopes.SINGLETON);
        bind(JPAUidProvider.class).in(Scopes.SINGLETON);
        bind(UserRepositoryAuthenticator.class).in(Scopes.SINGLETON);
        bind(UserRepositoryAuthorizator.class).in(Scopes.SINGLETON);
        bind(JPAId.Factory.class).in(Scopes.SINGLETON);
        bind(DefaultMessageId.Factory.class).in(Scopes.SINGLETON);
        bind(NaiveThreadIdGuessingAlgorithm.class).in(Scopes.SINGLETON);
        bind(SessionProviderImpl.class).in(Scopes.SINGLETON);
        bind(JPAAttachmentContentLoader.class).in(Scopes.SINGLETON);

        bind(MailboxSessionMapperFactory.class).to(JPAMailboxSessionMapperFactory.class);
        bind(MessageMapperFactory.class).to(JPAMailboxSessionMapperFactory.class);
        bind(MailboxMapperFactory.class).to(JPAMailboxSessionMapperFactory.class);
        bind(SubscriptionMapperFactory.class).to(JPAMailboxSessionMapperFactory.class);
        bind(ModSeqProvider.class).to(JPAModSeqProvider.class);
        bind(UidProvider.class).to(JPAUidProvider.class);
        bind(MailboxId.Factory.class).to(JPAId.Factory.class);
        bind(MessageId.Factory.class).to(DefaultMessageId.Factory.class);
        bind(ThreadIdGuessingAlgorithm.class).to(NaiveThreadIdGuessingAlgorithm.class);
        bind(AttachmentContentLoader.class).to(JPAAttachmentContentLoader.class);

        bind(MailboxManager.class).to(OpenJPAMailboxManager.class);
        bind(StoreMailboxManager.class).to(OpenJPAMailboxManager.class);
        bind(MailboxManager.class).annotatedWith(Names.named(MAILBOXMANAGER_NAME)).to(MailboxManager.class);
        bind(MailboxManagerConfiguration.class).toInstance(MailboxManagerConfiguration.DEFAULT);
        bind(SubscriptionManager.class).to(StoreSubscriptionManager.class);
        bind(MailboxPathLocker.class).to(JVMMailboxPathLocker.class);
        bind(SessionProvider.class).to(SessionProviderImpl.class);
        bind(Authenticator.class).to(UserRepositoryAuthenticator.class);
        bind(Authorizator.class).to(UserRepositoryAuthorizator.class);

        Multibinder.newSetBinder(binder(), MailboxManagerDefinition.class)
            .addBinding().to(JpaMailboxManagerDefinition.class);

        Multibinder.newSetBinder(binder(), EventListener.GroupEventListener.class)
            .addBinding().to(MailboxAnnotationListener.class);

        Multibinder<UsernameChangeTaskStep> usernameChangeTaskSteps = Multibinder.newSetBinder(binder(), UsernameChangeTaskStep.class);
        usernameChangeTaskSteps.addBinding().to(MailboxUsernameChangeTaskStep.class);
        usernameChangeTaskSteps.addBinding().to(ACLUsernameChangeTaskStep.class);
        usernameChangeTaskSteps.addBinding().to(QuotaUsernameChangeTaskStep.class);
    }

    /**
     * Names the mailbox manager for James's JMX mailbox copier and management beans.
     */
    @Singleton
    private static class JpaMailboxManagerDefinition extends MailboxManagerDefinition {
        @Inject
        private JpaMailboxManagerDefinition(OpenJPAMailboxManager manager) {
            super("jpa-mailboxmanager", manager);
        }
    }
}
