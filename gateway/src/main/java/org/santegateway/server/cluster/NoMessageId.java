package org.santegateway.server.cluster;

import org.apache.james.mailbox.model.MessageId;

/**
 * The message id of a JPA mailbox message once it has travelled on the distributed event bus: that backend has
 * none ({@link JpaMailboxEventSerializer}). All are equal; not serializable as far as capabilities go.
 */
public final class NoMessageId implements MessageId {
    public static final NoMessageId INSTANCE = new NoMessageId();
    static final String SERIALIZED = "none";

    private NoMessageId() {
    }

    @Override
    public String serialize() {
        return SERIALIZED;
    }

    @Override
    public boolean isSerializable() {
        return false;
    }

    @Override
    public String toString() {
        return "NoMessageId";
    }

    /** Reads back only what {@link #serialize()} wrote. */
    public static final class Factory implements MessageId.Factory {
        @Override
        public MessageId fromString(String serialized) {
            if (!SERIALIZED.equals(serialized)) {
                throw new IllegalArgumentException("No message ids on this backend");
            }
            return INSTANCE;
        }

        @Override
        public MessageId generate() {
            return INSTANCE;
        }
    }
}
