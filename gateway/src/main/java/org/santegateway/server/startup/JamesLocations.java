package org.santegateway.server.startup;

import java.nio.file.Path;
import java.util.Optional;

import org.santegateway.server.GatewaySettings;

/**
 * Resolves the {@code file://} locations of James configuration files the way James's
 * {@code FileSystem} does, with the data directory as James's working directory:
 * {@code file://conf/x} is {@code <data>/conf/x}, {@code file://var/x} is {@code <data>/var/x},
 * {@code file:///x} is absolute and {@code file://x} is {@code <data>/x}.
 */
final class JamesLocations {
    private static final String ABSOLUTE = "file:///";
    private static final String RELATIVE = "file://";

    private JamesLocations() {
    }

    /** Empty for locations that are not files (classpath resources). */
    static Optional<Path> resolve(GatewaySettings settings, String location) {
        if (location.startsWith(ABSOLUTE)) {
            return Optional.of(Path.of("/" + location.substring(ABSOLUTE.length())));
        }
        if (location.startsWith(RELATIVE)) {
            return Optional.of(settings.dataDirectory().resolve(location.substring(RELATIVE.length())).normalize());
        }
        if (location.startsWith("classpath:")) {
            return Optional.empty();
        }
        return Optional.of(settings.dataDirectory().resolve(location).normalize());
    }
}
