package org.santegateway.server.directory;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import org.apache.commons.configuration2.Configuration;

/**
 * How long a node trusts its cached directory answers (domains, accounts, address mappings) before
 * asking the database again: {@value #MAX_AGE} in {@code gateway.properties}, an ISO-8601 duration,
 * default {@code PT10S}; {@code PT0S} turns the cache off. Changes made through a node are seen by
 * it at once; this is how late another node sharing the database may see them.
 */
public record DirectoryCacheSettings(Duration maxAge) {
    public static final String MAX_AGE = "directory.cache.max.age";
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(10);

    public static DirectoryCacheSettings from(Configuration configuration) {
        String value = configuration.getString(MAX_AGE, null);
        if (value == null || value.isBlank()) {
            return new DirectoryCacheSettings(DEFAULT_MAX_AGE);
        }
        try {
            Duration maxAge = Duration.parse(value.trim());
            if (maxAge.isNegative()) {
                throw new IllegalArgumentException("gateway.properties: " + MAX_AGE + " must not be negative");
            }
            return new DirectoryCacheSettings(maxAge);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("gateway.properties: " + MAX_AGE + " must be an ISO-8601 duration such as PT10S", e);
        }
    }
}
