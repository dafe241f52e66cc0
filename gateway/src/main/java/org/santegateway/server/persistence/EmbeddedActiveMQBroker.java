package org.santegateway.server.persistence;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.jms.ConnectionFactory;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.ActiveMQPrefetchPolicy;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.jmx.ManagementContext;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.apache.activemq.plugin.StatisticsBrokerPlugin;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.queue.activemq.FileSystemBlobTransferPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ActiveMQ classic broker that carries the gateway's mail queues (spool, outgoing), embedded in the server
 * process and reachable only inside it ({@code vm://} transport: no TCP connector, no JMX connector).
 *
 * <p>Messages are persistent: the KahaDB journal under {@code <var>/activemq/kahadb} is synced to disk on every
 * write, so a mail the SMTP server acknowledged with 250 survives a crash and is delivered after the restart.
 * Mail bodies travel as blob messages written under {@code <var>/activemq/blobs}.</p>
 *
 * <p>Unlike James's own {@code EmbeddedActiveMQ}, which also opens a TCP connector on localhost, this broker has no
 * network listener at all. It starts when created and stops when the server stops ({@link PreDestroy}), after the
 * mail queues that use it.</p>
 */
public class EmbeddedActiveMQBroker {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedActiveMQBroker.class);
    private static final String BROKER_NAME = "james";
    private static final String VM_URL = "vm://" + BROKER_NAME + "?create=false";

    private final BrokerService broker;
    private final ActiveMQConnectionFactory connectionFactory;

    @Inject
    public EmbeddedActiveMQBroker(StorageDirectories directories, FileSystem fileSystem) throws Exception {
        this.broker = createBroker(directories);
        this.broker.start();
        this.broker.waitUntilStarted();
        this.connectionFactory = createConnectionFactory(directories, fileSystem);
        LOGGER.info("Embedded ActiveMQ broker started, store {}", directories.activeMqKahaDb());
    }

    public ConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    @PreDestroy
    public void stop() throws Exception {
        broker.stop();
        broker.waitUntilStopped();
        LOGGER.info("Embedded ActiveMQ broker stopped");
    }

    private static BrokerService createBroker(StorageDirectories directories) throws Exception {
        KahaDBPersistenceAdapter store = new KahaDBPersistenceAdapter();
        store.setDirectory(directories.activeMqKahaDb().toFile());
        store.setEnableJournalDiskSyncs(true);

        ManagementContext managementContext = new ManagementContext();
        managementContext.setCreateConnector(false);

        BrokerService broker = new BrokerService();
        broker.setBrokerName(BROKER_NAME);
        broker.setBrokerId(BROKER_NAME);
        broker.setPersistent(true);
        broker.setPersistenceAdapter(store);
        broker.setDataDirectoryFile(directories.activeMqBroker().toFile());
        broker.setTmpDataDirectory(directories.activeMqBroker().resolve("tmp").toFile());
        broker.setUseJmx(false);
        broker.setManagementContext(managementContext);
        broker.setUseShutdownHook(false);
        broker.setSchedulerSupport(false);
        // Queues ordered by priority: a mail waiting for a later attempt is sent at the lowest one
        // (GatewayActiveMQMailQueue), so that the mails due now are read before it. Among the waiting mails, one due
        // sooner is still read only once those ahead of it in the page are out: pages of 2 000 messages (ActiveMQ's
        // default 200) make that take 2 000 mails waiting for a peer, at a few KB of memory each (bodies are blobs).
        // Browsing (WebAdmin's list of a queue's mails) reads as far: ActiveMQ's default stopped it at 400 mails,
        // whatever the queue's size.
        PolicyEntry queues = new PolicyEntry();
        queues.setQueue(">");
        queues.setPrioritizedMessages(true);
        queues.setMaxPageSize(2_000);
        queues.setMaxBrowsePageSize(2_000);
        PolicyMap policies = new PolicyMap();
        policies.setDefaultEntry(queues);
        broker.setDestinationPolicy(policies);
        // James's ActiveMQ mail queue reads queue sizes from the statistics plugin.
        broker.setEnableStatistics(true);
        broker.setPlugins(new BrokerPlugin[] {new StatisticsBrokerPlugin()});
        return broker;
    }

    private static ActiveMQConnectionFactory createConnectionFactory(StorageDirectories directories, FileSystem fileSystem) {
        FileSystemBlobTransferPolicy blobTransferPolicy = new FileSystemBlobTransferPolicy();
        blobTransferPolicy.setDefaultUploadUrl(directories.activeMqBlobsUrl());
        blobTransferPolicy.setFileSystem(fileSystem);

        ActiveMQPrefetchPolicy prefetchPolicy = new ActiveMQPrefetchPolicy();
        prefetchPolicy.setQueuePrefetch(0);
        prefetchPolicy.setTopicPrefetch(0);

        ActiveMQConnectionFactory connectionFactory = new ActiveMQConnectionFactory(VM_URL);
        connectionFactory.setTrustAllPackages(false);
        connectionFactory.setBlobTransferPolicy(blobTransferPolicy);
        connectionFactory.setPrefetchPolicy(prefetchPolicy);
        return connectionFactory;
    }
}
