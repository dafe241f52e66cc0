package org.santegateway.server.persistence;

import org.apache.james.CoreDataModule;
import org.apache.james.NaiveDelegationStoreModule;
import org.apache.james.modules.MailboxModule;
import org.apache.james.modules.MailetProcessingModule;
import org.apache.james.modules.mailbox.DefaultEventModule;
import org.apache.james.modules.mailbox.MemoryDeadLetterModule;
import org.apache.james.modules.server.DefaultProcessorsConfigurationProviderModule;
import org.apache.james.modules.server.TaskManagerModule;
import org.santegateway.server.delivery.IdempotentDeliveryModule;
import org.santegateway.server.directory.DirectoryCacheModule;

import com.google.inject.Module;
import com.google.inject.util.Modules;

/**
 * The gateway's embedded default storage: everything James keeps is persisted under the one data directory
 * (James's var directory, {@code <data dir>/var/}), in place of James's memory backend.
 *
 * <ul>
 *     <li>database (embedded Derby under {@code var/derby} by default, see {@code james-database.properties}):
 *     users, domains, address mappings, mailboxes and messages, quota, Sieve scripts, mail repositories
 *     ({@code jpa://...});</li>
 *     <li>search: Lucene index under {@code var/lucene};</li>
 *     <li>mail queues: embedded ActiveMQ broker (no network connector), KahaDB store under
 *     {@code var/activemq}.</li>
 * </ul>
 *
 * <p>What stays in memory holds nothing a user or an administrator would miss after a restart: the in-VM event
 * bus, the event dead letters (failed listener deliveries; a re-indexing recovers search), the task manager's
 * history, and the delegation store, which is the no-delegation one (nothing is stored).</p>
 *
 * <p>Usage, with the protocol, WebAdmin and JMX modules the server wants, and the settings of
 * {@code gateway.properties} bound ({@code GatewayProperties}: the directory cache reads one):</p>
 * <pre>{@code
 * GuiceJamesServer.forConfiguration(configuration)
 *     .combineWith(EmbeddedStorageModules.SERVER_WITHOUT_PROTOCOLS,
 *         new IMAPServerModule(), new ProtocolHandlerModule(), new SMTPServerModule(),
 *         new JMXServerModule(), ...);
 * }</pre>
 */
public final class EmbeddedStorageModules {
    /**
     * Everything the memory backend provided (MemoryDataModule, MemoryUsersRepositoryModule, MemoryMailboxModule,
     * MemoryMailQueueModule, MemoryDelegationStoreModule), persistent.
     */
    public static final Module STORAGE = Modules.combine(
        new CoreDataModule(),
        new JpaEntityManagerFactoryModule(),
        new DirectoryCacheModule(),
        new JpaDomainListModule(),
        new JpaUsersRepositoryModule(),
        new JpaRecipientRewriteTableModule(),
        new JpaMailRepositoryModule(),
        new JpaSieveRepositoryModule(),
        new JpaMailboxModule(),
        new JpaQuotaModule(),
        new LuceneSearchModule(),
        new ActiveMQMailQueueModule(),
        new NaiveDelegationStoreModule(),
        new DefaultEventModule(),
        new MemoryDeadLetterModule());

    /**
     * {@link #STORAGE} plus the storage-independent core of a James server: the mailet container and mail
     * repository store, the mailbox services, the task manager, the mail queue item decorator (the one naming each
     * mail after its queue item, for idempotent local delivery; no JMAP) and the fallback mailet pipeline used when
     * {@code mailetcontainer.xml} has no processors.
     * Add the protocol servers, WebAdmin and JMX to get a complete server.
     */
    public static final Module SERVER_WITHOUT_PROTOCOLS = Modules.combine(
        STORAGE,
        new MailetProcessingModule(),
        new MailboxModule(),
        new TaskManagerModule(),
        new IdempotentDeliveryModule(),
        new DefaultProcessorsConfigurationProviderModule());

    private EmbeddedStorageModules() {
    }
}
