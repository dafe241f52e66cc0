package org.santegateway.server;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import org.apache.commons.configuration2.Configuration;

/** Typed values of {@code gateway.properties}, each error naming the setting. */
public final class PropertyValues {
    private PropertyValues() {
    }

    /** A positive ISO-8601 duration ({@code PT15M}), or the default when the key is absent or blank. */
    public static Duration positiveDuration(Configuration configuration, String key, Duration defaultValue) {
        String value = configuration.getString(key, null);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            Duration duration = Duration.parse(value.trim());
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("gateway.properties: " + key + " must be positive");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("gateway.properties: " + key + " must be an ISO-8601 duration such as PT15M", e);
        }
    }
}
