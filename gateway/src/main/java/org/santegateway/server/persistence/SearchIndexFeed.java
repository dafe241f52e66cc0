package org.santegateway.server.persistence;

/**
 * How mailbox events reach this node's search index. Each node keeps its own index, and must see every change.
 */
public enum SearchIndexFeed {
    /**
     * As a group listener of James's event bus: on the in-VM bus, every event of this node. The embedded default.
     */
    EVENT_BUS_GROUP,
    /**
     * From a queue of this node's own ({@code org.santegateway.server.cluster.NodeSearchIndexFeeder}): James 3.8.1's
     * distributed bus runs each event's group listeners on one node only, so the index leaves the group listeners
     * and ignores what they are given.
     */
    NODE_QUEUE
}
