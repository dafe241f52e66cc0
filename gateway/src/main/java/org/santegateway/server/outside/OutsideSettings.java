package org.santegateway.server.outside;

import java.nio.file.Path;
import java.util.Optional;

import org.santegateway.server.settings.GatewayProperties;

/**
 * The path to the outside world (personal notices only), settings of {@code gateway.properties}.
 *
 * <ul>
 *     <li>{@value #TLS_TRUST}: PEM file of the certificate authorities the personal addresses' mail servers are
 *     checked against (relative to the data directory, or absolute); default: the JDK's public authorities. STARTTLS
 *     is always required and the server's name checked (mailetcontainer.xml, processor {@code outside-notice}).</li>
 * </ul>
 */
public record OutsideSettings(Optional<Path> tlsTrust) {
    public static final String TLS_TRUST = "outside.tls.trust";

    public static OutsideSettings from(GatewayProperties properties, Path dataDirectory) {
        return new OutsideSettings(properties.path(TLS_TRUST, dataDirectory));
    }
}
