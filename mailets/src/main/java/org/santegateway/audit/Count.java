package org.santegateway.audit;

import java.util.Objects;
import java.util.Optional;

import io.micrometer.core.instrument.Tags;

/**
 * One increment of a Micrometer counter: its name, its description (the first registration of a
 * name keeps its description) and its tags, each with a small fixed set of values.
 */
public record Count(String name, Optional<String> description, Tags tags) {
    public Count {
        Objects.requireNonNull(name);
        Objects.requireNonNull(description);
        Objects.requireNonNull(tags);
    }

    /** A counter without description; {@code keyValues} alternate tag names and values. */
    public static Count of(String name, String... keyValues) {
        return new Count(name, Optional.empty(), Tags.of(keyValues));
    }

    public Count describedAs(String text) {
        return new Count(name, Optional.of(text), tags);
    }
}
