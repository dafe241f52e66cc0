package org.santegateway.server;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.apache.commons.configuration2.Configuration;

/** Typed values of {@code gateway.properties}, each error naming the setting. */
public final class PropertyValues {
    private PropertyValues() {
    }

    /** A positive ISO-8601 duration ({@code PT15M}), or the default when the key is absent or blank. */
    public static Duration positiveDuration(Configuration configuration, String key, Duration defaultValue) {
        Duration duration = duration(configuration, key).orElse(defaultValue);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("gateway.properties: " + key + " must be positive");
        }
        return duration;
    }

    /** An ISO-8601 duration of zero or more ({@code PT0S} often meaning "off"), or the default when absent or blank. */
    public static Duration nonNegativeDuration(Configuration configuration, String key, Duration defaultValue) {
        Duration duration = duration(configuration, key).orElse(defaultValue);
        if (duration.isNegative()) {
            throw new IllegalArgumentException("gateway.properties: " + key + " must not be negative");
        }
        return duration;
    }

    private static Optional<Duration> duration(Configuration configuration, String key) {
        String value = configuration.getString(key, null);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.parse(value.trim()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("gateway.properties: " + key + " must be an ISO-8601 duration such as PT15M", e);
        }
    }
}
