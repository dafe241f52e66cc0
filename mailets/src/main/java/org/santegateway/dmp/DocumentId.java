package org.santegateway.dmp;

import java.util.Objects;
import java.util.UUID;

/** The store's identifier of a filed document (random, reveals nothing). */
public record DocumentId(UUID value) {
    public DocumentId {
        Objects.requireNonNull(value);
    }

    public static DocumentId random() {
        return new DocumentId(UUID.randomUUID());
    }

    public static DocumentId parse(String text) {
        return new DocumentId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
