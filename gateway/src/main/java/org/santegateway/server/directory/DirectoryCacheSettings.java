package org.santegateway.server.directory;

import java.time.Duration;

import org.santegateway.server.settings.GatewayProperties;

/**
 * How long a node trusts its cached directory answers (domains, accounts, address mappings, quota limits) before
 * asking the database again: {@value #MAX_AGE} in {@code gateway.properties}, a duration
 * ({@code 10s} or {@code PT10S}), default ten seconds; zero ({@code 0s}, {@code PT0S}) turns the cache off. Changes made through a node are seen by
 * it at once; this is how late another node sharing the database may see them.
 */
public record DirectoryCacheSettings(Duration maxAge) {
    public static final String MAX_AGE = "directory.cache.max.age";
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(10);

    public static DirectoryCacheSettings from(GatewayProperties properties) {
        return new DirectoryCacheSettings(properties.nonNegativeDuration(MAX_AGE, DEFAULT_MAX_AGE));
    }
}
