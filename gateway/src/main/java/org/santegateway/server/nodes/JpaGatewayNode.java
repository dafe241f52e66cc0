package org.santegateway.server.nodes;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * A gateway node that started on this database: its name ({@code node.id}), when it started first and last, and how
 * it exchanged mailbox events then.
 */
@Entity(name = "GatewayNode")
@Table(name = "GATEWAY_NODE")
public class JpaGatewayNode {
    @Id
    @Column(name = "NODE_ID", length = 64, nullable = false)
    String nodeId;

    @Column(name = "FIRST_STARTED", nullable = false)
    long firstStarted;

    @Column(name = "LAST_STARTED", nullable = false)
    long lastStarted;

    /** How the node exchanged mailbox events at its last start ({@link NodeRegistry.EventBus}); null before it was recorded. */
    @Column(name = "EVENT_BUS", length = 16)
    String eventBus;

    protected JpaGatewayNode() {
    }

    JpaGatewayNode(String nodeId, long startedAt, NodeRegistry.EventBus eventBus) {
        this.nodeId = nodeId;
        this.firstStarted = startedAt;
        this.lastStarted = startedAt;
        this.eventBus = eventBus.label();
    }

    // Fields are read and written here only: OpenJPA's enhancement tracks changes made inside the entity class.
    void startedAgain(long startedAt, NodeRegistry.EventBus eventBus) {
        this.lastStarted = startedAt;
        this.eventBus = eventBus.label();
    }

    NodeRegistry.Node toNode() {
        return new NodeRegistry.Node(nodeId, firstStarted, lastStarted, NodeRegistry.EventBus.fromLabel(eventBus));
    }
}
