package org.santegateway.server.delivery;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.apache.openjpa.persistence.jdbc.Index;

/**
 * A message a mail queue item put in a mailbox: written in the transaction that appends the message, read when the
 * queue hands the item out again after a crash. Identified by the message (mailbox and UID).
 */
@Entity(name = "GatewayDeliveredQueueItem")
@Table(name = "GATEWAY_DELIVERED_QUEUE_ITEM")
public class JpaDeliveredQueueItem {
    @Id
    @Column(name = "MESSAGE", length = 64, nullable = false)
    private String message;

    @Column(name = "QUEUE_ITEM", length = 200, nullable = false)
    @Index(name = "GATEWAY_DELIVERED_ITEM_IDX")
    private String queueItem;

    @Column(name = "OWNER", length = 320, nullable = false)
    private String owner;

    @Column(name = "DELIVERED_AT", nullable = false)
    @Index(name = "GATEWAY_DELIVERED_AT_IDX")
    private long deliveredAt;

    protected JpaDeliveredQueueItem() {
    }

    public JpaDeliveredQueueItem(String message, String queueItem, String owner, long deliveredAt) {
        this.message = message;
        this.queueItem = queueItem;
        this.owner = owner;
        this.deliveredAt = deliveredAt;
    }

    public String getOwner() {
        return owner;
    }
}
