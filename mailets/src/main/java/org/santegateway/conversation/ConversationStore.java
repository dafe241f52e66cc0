package org.santegateway.conversation;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;

/**
 * Persistent conversations. The embedded gateway implements it on its database; a distributed
 * deployment implements it on its own engine. Implementations must find a conversation by any of
 * its messages quickly with millions of messages (an index on the Message-ID hash), and apply each
 * {@link ConversationChange} atomically: two messages racing in one conversation must both be
 * recorded, neither half-recorded.
 */
public interface ConversationStore {
    /** The conversation a message (by the hash of its Message-ID) belongs to. */
    Optional<Conversation> findByMessage(String messageHash);

    Optional<Conversation> find(ConversationId id);

    /**
     * The conversations of many messages at once (by the hashes of their Message-IDs), for those
     * that belong to one: a mailbox listing asks for all its messages. Implementations should
     * answer with a few queries rather than one per message.
     */
    default Map<String, ConversationId> conversationIdsOf(Collection<String> messageHashes) {
        Map<String, ConversationId> found = new HashMap<>();
        for (String hash : messageHashes) {
            findByMessage(hash).ifPresent(conversation -> found.put(hash, conversation.id()));
        }
        return found;
    }

    /**
     * The conversations a patient takes part in (for the "contactable" rule: the professionals who wrote to them and
     * did not close the exchange). Implementations answer from an index on the participant's address.
     */
    List<Conversation> conversationsOf(MailAddress patient);

    /** Applies the change atomically, or reports the conflict that prevented it. */
    RecordResult record(ConversationChange change);

    /** Result of {@link #record}. */
    sealed interface RecordResult {
        record Recorded(Conversation conversation) implements RecordResult {
        }

        /** The store changed since the decision (root already known, conversation closed or gone): decide again. */
        record Conflict(String why) implements RecordResult {
        }
    }
}
