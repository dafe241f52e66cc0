package org.santegateway.conversation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.MailAddress;

/** What an accepted message changes in the store: it opens a conversation or is added to one. */
public sealed interface ConversationChange {
    ConversationId conversationId();

    /**
     * Opens a conversation rooted at a message. Conflicts when the root message is already known
     * (the same message raced in through another thread).
     */
    record Open(ConversationId conversationId, String rootMessageHash, Set<MailAddress> professionals,
                Set<MailAddress> patients, ConversationState state, Instant at) implements ConversationChange {
        public Open {
            Objects.requireNonNull(conversationId);
            Objects.requireNonNull(rootMessageHash);
            professionals = Set.copyOf(professionals);
            patients = Set.copyOf(patients);
            Objects.requireNonNull(state);
            Objects.requireNonNull(at);
        }
    }

    /**
     * Adds a message to a conversation: records its Message-ID (unless already known), adds
     * participants, and sets the state when {@code newState} is present. With {@code requireOpen}
     * (a patient's reply) it conflicts when the conversation was closed meanwhile.
     */
    record Append(ConversationId conversationId, Optional<String> messageHash, Set<MailAddress> professionals,
                  Set<MailAddress> patients, Optional<ConversationState> newState, boolean requireOpen,
                  Instant at) implements ConversationChange {
        public Append {
            Objects.requireNonNull(conversationId);
            Objects.requireNonNull(messageHash);
            professionals = Set.copyOf(professionals);
            patients = Set.copyOf(patients);
            Objects.requireNonNull(newState);
            Objects.requireNonNull(at);
        }
    }
}
