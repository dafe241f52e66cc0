package org.santegateway.conversation;

import java.util.Objects;
import java.util.UUID;

/** Identifies a conversation independently of any storage engine (a random UUID). */
public record ConversationId(String value) {
    public ConversationId {
        Objects.requireNonNull(value);
        UUID.fromString(value);
    }

    public static ConversationId random() {
        return new ConversationId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
