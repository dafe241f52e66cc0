package org.santegateway.conversation;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

import org.apache.james.core.MailAddress;

/**
 * A conversation between professionals and patients, as stored.
 *
 * @param id             its identifier
 * @param rootMessageHash hash of the Message-ID of the message that opened it
 * @param professionals  the professionals taking part (senders and professional recipients)
 * @param patients       the patients taking part
 * @param state          open or closed
 * @param openedAt       when it was opened
 * @param updatedAt      when a message last changed it
 */
public record Conversation(ConversationId id, String rootMessageHash, Set<MailAddress> professionals,
                           Set<MailAddress> patients, ConversationState state, Instant openedAt, Instant updatedAt) {
    public Conversation {
        Objects.requireNonNull(id);
        Objects.requireNonNull(rootMessageHash);
        professionals = Set.copyOf(professionals);
        patients = Set.copyOf(patients);
        Objects.requireNonNull(state);
        Objects.requireNonNull(openedAt);
        Objects.requireNonNull(updatedAt);
    }

    public boolean isOpen() {
        return state == ConversationState.OPEN;
    }

    public boolean hasPatient(MailAddress address) {
        return patients.contains(address);
    }

    public boolean hasProfessional(MailAddress address) {
        return professionals.contains(address);
    }
}
