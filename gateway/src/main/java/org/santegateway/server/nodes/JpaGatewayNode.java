package org.santegateway.server.nodes;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A gateway node that started on this database: its name ({@code node.id}) and when it started first and last. */
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

    protected JpaGatewayNode() {
    }

    JpaGatewayNode(String nodeId, long startedAt) {
        this.nodeId = nodeId;
        this.firstStarted = startedAt;
        this.lastStarted = startedAt;
    }

    // Fields are read and written here only: OpenJPA's enhancement tracks changes made inside the entity class.
    void startedAgain(long startedAt) {
        this.lastStarted = startedAt;
    }

    NodeRegistry.Node toNode() {
        return new NodeRegistry.Node(nodeId, firstStarted, lastStarted);
    }
}
