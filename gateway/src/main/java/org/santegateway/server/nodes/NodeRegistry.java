package org.santegateway.server.nodes;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.inject.Inject;
import javax.inject.Named;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.lifecycle.api.Startable;
import org.santegateway.dmp.MasterKey;
import org.santegateway.server.settings.NodeIdentity;
import org.santegateway.server.startup.StartupFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gateways sharing one database must agree on, checked when each starts: the keys they must all hold
 * (the DMP master key, without which a document filed by one node cannot be read by another, and the audit key
 * the pseudonyms derive from, without which one person has a different pseudonym per node) and a name per node.
 *
 * <p>The first node to start records a fingerprint of each key; a node holding another key refuses to start and
 * says which file to copy from which node, rather than filing documents nobody else can open. Two nodes with the
 * same {@code node.id} cannot be told apart in the audit trail: a node cannot tell another running under its own
 * name, so this is for the operator (the node list shows when each name last started). One gateway alone
 * records its own keys and name, which changes nothing for it.</p>
 */
public class NodeRegistry implements Startable {
    static final String DMP_MASTER_KEY = "dmp-master-key";
    static final String AUDIT_KEY = "audit-key";

    private static final Logger LOGGER = LoggerFactory.getLogger(NodeRegistry.class);
    private static final byte[] FINGERPRINT_LABEL = "sante-gateway key fingerprint".getBytes(StandardCharsets.US_ASCII);

    /** A node that started on this database; {@code eventBus} empty for a start recorded before it was. */
    public record Node(String id, long firstStarted, long lastStarted, Optional<EventBus> eventBus) {
    }

    /** How a node exchanges mailbox events with the others: James's in-VM bus (one gateway) or RabbitMQ (a cluster). */
    public enum EventBus {
        IN_VM("in-vm"), RABBITMQ("rabbitmq");

        private final String label;

        EventBus(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Optional<EventBus> fromLabel(String label) {
            return java.util.Arrays.stream(values()).filter(bus -> bus.label.equals(label)).findFirst();
        }
    }

    private final EntityManagerFactory entityManagerFactory;
    private final NodeIdentity node;
    private final MasterKey masterKey;
    private final byte[] auditKey;
    private final Clock clock;
    private final EventBus eventBus;

    @Inject
    public NodeRegistry(EntityManagerFactory entityManagerFactory, NodeIdentity node, MasterKey masterKey,
                        @Named("auditKey") byte[] auditKey, Clock clock, EventBus eventBus) {
        this.entityManagerFactory = entityManagerFactory;
        this.node = node;
        this.masterKey = masterKey;
        this.auditKey = auditKey.clone();
        this.clock = clock;
        this.eventBus = eventBus;
    }

    /**
     * Checks the keys against those of the other nodes and the event bus against theirs, and records this node's
     * start; {@link StartupFailure} if they differ.
     */
    public void start() {
        checkShared(DMP_MASTER_KEY, masterKey.id(), "conf/dmp-master.key",
            "documents filed with one key cannot be read with the other");
        checkShared(AUDIT_KEY, fingerprint(auditKey), "conf/audit-hmac.key",
            "the same person would have another pseudonym on each node");
        checkEventBus();
        recordStart();
    }

    /**
     * Forgets a node removed for good, so that the others stop taking it into account; false when none has this
     * name. The node answering cannot forget itself.
     */
    public boolean forget(String nodeId) {
        if (nodeId.equals(node.id())) {
            throw new IllegalArgumentException("a node cannot forget itself");
        }
        boolean[] found = {false};
        inTransaction(entityManager -> {
            JpaGatewayNode row = entityManager.find(JpaGatewayNode.class, nodeId);
            if (row != null) {
                entityManager.remove(row);
                found[0] = true;
            }
        });
        if (found[0]) {
            LOGGER.info("Node {} forgotten by node {}", nodeId, node.id());
        }
        return found[0];
    }

    /**
     * A node without RabbitMQ on a database whose other nodes exchange events through it would not see their
     * deliveries (its IMAP sessions and search index would miss every message they deliver) nor they its: it does not
     * start, and says what to copy. The other way round (this node with RabbitMQ, another that last started without)
     * is how a single gateway is scaled out, the other node being converted at its next start: logged only.
     */
    private void checkEventBus() {
        List<Node> others = nodes().stream().filter(other -> !other.id().equals(node.id())).toList();
        if (eventBus == EventBus.IN_VM) {
            List<Node> clustered = others.stream().filter(other -> other.eventBus().equals(Optional.of(EventBus.RABBITMQ))).toList();
            if (!clustered.isEmpty()) {
                String names = clustered.stream()
                    .map(other -> other.id() + " (last started " + java.time.Instant.ofEpochMilli(other.lastStarted()) + ")")
                    .collect(java.util.stream.Collectors.joining(", "));
                throw new StartupFailure("config/rabbitmq.properties: this node (" + node.id() + ") has none, but the gateways"
                    + " sharing its database exchange mailbox events through RabbitMQ: " + names + ". Without it this node would"
                    + " not see the mail they deliver (IMAP IDLE, search) nor they the mail it delivers. Copy"
                    + " config/rabbitmq.properties from one of them into this node's configuration, then start it again."
                    + " A node removed for good is forgotten with DELETE /gateway/nodes/<node.id> (WebAdmin) on another node.");
            }
        } else {
            others.stream().filter(other -> other.eventBus().equals(Optional.of(EventBus.IN_VM)))
                .forEach(other -> LOGGER.warn("Node {} last started without RabbitMQ on this database: until it starts again with"
                    + " config/rabbitmq.properties it neither sees nor announces the mail of the other nodes", other.id()));
        }
    }

    /** The nodes that started on this database, by name. */
    public List<Node> nodes() {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            return entityManager.createQuery("SELECT n FROM GatewayNode n ORDER BY n.nodeId", JpaGatewayNode.class)
                .getResultList().stream()
                .map(JpaGatewayNode::toNode)
                .toList();
        } finally {
            entityManager.close();
        }
    }

    /** A fingerprint of a secret key: an HMAC of a fixed label under it, 32 hex digits; it tells nothing of the key. */
    static String fingerprint(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(FINGERPRINT_LABEL), 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void checkShared(String name, String fingerprint, String file, String consequence) {
        JpaSharedKeyFingerprint recorded = recordedOrRecord(name, fingerprint);
        if (!recorded.fingerprint().equals(fingerprint)) {
            throw new StartupFailure(file + ": this node (" + node.id() + ") holds another key than the gateways sharing its database"
                + " (fingerprint " + fingerprint + ", theirs " + recorded.fingerprint() + ", first recorded by node " + recorded.recordedBy()
                + "): copy " + file + " from that node into this node's data directory, then start it again; " + consequence);
        }
    }

    /** The fingerprint on record, recording {@code fingerprint} when none is: two nodes starting together agree on one. */
    private JpaSharedKeyFingerprint recordedOrRecord(String name, String fingerprint) {
        Optional<JpaSharedKeyFingerprint> recorded = find(name);
        if (recorded.isPresent()) {
            return recorded.get();
        }
        try {
            inTransaction(entityManager -> entityManager.persist(
                new JpaSharedKeyFingerprint(name, fingerprint, node.id(), clock.millis())));
            LOGGER.info("Recorded the fingerprint {} of {} for the nodes sharing this database", fingerprint, name);
        } catch (PersistenceException e) {
            // Another node recorded it meanwhile (primary key): what it recorded is what counts.
            LOGGER.debug("{} was recorded meanwhile by another node", name, e);
        }
        return find(name).orElseThrow(() -> new StartupFailure("The fingerprint of " + name + " could not be recorded in the database"));
    }

    private Optional<JpaSharedKeyFingerprint> find(String name) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            return Optional.ofNullable(entityManager.find(JpaSharedKeyFingerprint.class, name));
        } finally {
            entityManager.close();
        }
    }

    private void recordStart() {
        long now = clock.millis();
        try {
            inTransaction(entityManager -> {
                JpaGatewayNode row = entityManager.find(JpaGatewayNode.class, node.id());
                if (row == null) {
                    entityManager.persist(new JpaGatewayNode(node.id(), now, eventBus));
                    LOGGER.info("Node {} starts on this database for the first time", node.id());
                } else {
                    row.startedAgain(now, eventBus);
                }
            });
        } catch (PersistenceException e) {
            LOGGER.warn("Could not record the start of node {}: does another node start under the same node.id?", node.id(), e);
        }
    }

    private void inTransaction(java.util.function.Consumer<EntityManager> work) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            entityManager.getTransaction().begin();
            work.accept(entityManager);
            entityManager.getTransaction().commit();
        } finally {
            if (entityManager.getTransaction().isActive()) {
                entityManager.getTransaction().rollback();
            }
            entityManager.close();
        }
    }
}
