package org.santegateway.server.fhir;

import org.santegateway.server.settings.GatewayProperties;

/**
 * The settings of the HTTPS listener for certified applications in {@code gateway.properties}.
 *
 * <ul>
 *     <li>{@value #ENABLED}: whether it listens (default true);</li>
 *     <li>{@value #BIND} and {@value #PORT}: its address and port (default {@code 0.0.0.0:10443}; port 0 takes a free
 *     port, for tests);</li>
 *     <li>{@value #PRIVATE_KEY} and {@value #CERTIFICATES}: its TLS material (PEM, the chain leaf first), by default
 *     the server's. The client certificate is checked against {@code trust.anchors}, as on the applications' mail
 *     ports.</li>
 *     <li>{@value #MAX_CONNECTIONS} and {@value #MAX_CONNECTIONS_PER_CLIENT}: connections open at once (default 500) and
 *     from one client address (default 50); over either, a connection is closed as it is accepted.</li>
 * </ul>
 */
public record ApplicationsHttpsSettings(boolean enabled, String bind, int port, String privateKey, String certificates,
                                        int maxConnections, int maxConnectionsPerClient) {
    public static final String ENABLED = "applications.https.enabled";
    public static final String BIND = "applications.https.bind";
    public static final String PORT = "applications.https.port";
    public static final String PRIVATE_KEY = "applications.https.tls.privateKey";
    public static final String CERTIFICATES = "applications.https.tls.certificates";
    public static final String MAX_CONNECTIONS = "applications.https.max.connections";
    public static final String MAX_CONNECTIONS_PER_CLIENT = "applications.https.max.connections.per.client";

    public static ApplicationsHttpsSettings from(GatewayProperties properties) {
        return new ApplicationsHttpsSettings(
            properties.bool(ENABLED, true),
            properties.string(BIND, "0.0.0.0"),
            properties.integer(PORT, 10443, 0, 65535),
            properties.string(PRIVATE_KEY, "file://certs/server.key"),
            properties.string(CERTIFICATES, "file://certs/server.pem"),
            properties.integer(MAX_CONNECTIONS, 500, 1, Integer.MAX_VALUE),
            properties.integer(MAX_CONNECTIONS_PER_CLIENT, 50, 1, Integer.MAX_VALUE));
    }
}
