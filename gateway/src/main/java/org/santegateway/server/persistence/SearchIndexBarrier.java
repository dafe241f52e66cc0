package org.santegateway.server.persistence;

/**
 * What a search waits for first: that this node's search index has applied the mailbox changes made before the
 * search began, so that a client finds what it has just appended, flagged or been told exists.
 *
 * <p>On one node ({@link SearchIndexFeed#EVENT_BUS_GROUP}) the index applies the events of its own queue
 * ({@link OrderedIndexFeed}) and waits for it itself: nothing more to wait for here. With several nodes the index is
 * fed from a queue ({@link SearchIndexFeed#NODE_QUEUE}) and the wait is
 * {@code org.santegateway.server.cluster.QueueSearchIndexBarrier}.</p>
 */
public interface SearchIndexBarrier {
    SearchIndexBarrier NONE = () -> { };

    /** Returns once the index is up to date with the changes made before this call, or after a bounded wait. */
    void awaitIndexed();
}
