package org.santegateway.server.relay;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.santegateway.server.settings.GatewayProperties;

/**
 * Static routes of remote delivery, {@value #KEY} in gateway.properties:
 * {@code relay.routes=domain=host[:port],other.domain=host[:port]}. A routed domain is delivered to
 * that host instead of its MX (a peer reached through a private link, a test peer on loopback);
 * other domains follow DNS. The host name must be one the peer's certificate names (the relay
 * checks it), so prefer {@code localhost} to {@code 127.0.0.1} for a loopback peer.
 */
public record RelayRoutes(Map<String, String> routes) {
    public static final String KEY = "relay.routes";
    private static final Pattern ROUTE = Pattern.compile("[a-z0-9.-]+=[A-Za-z0-9.-]+(:[0-9]{1,5})?");

    public RelayRoutes {
        routes = Map.copyOf(routes);
    }

    public static RelayRoutes from(GatewayProperties properties) {
        Map<String, String> routes = new LinkedHashMap<>();
        for (String route : properties.list(KEY)) {
            String lower = route.toLowerCase(Locale.ROOT);
            if (!ROUTE.matcher(lower).matches()) {
                throw GatewayProperties.failure(KEY, "'" + route + "' is not domain=host[:port]");
            }
            int equals = lower.indexOf('=');
            routes.put(lower.substring(0, equals), lower.substring(equals + 1));
        }
        return new RelayRoutes(routes);
    }

    /** The {@code host[:port]} to deliver the domain's mail to, when it is routed. */
    public Optional<String> routeFor(String domain) {
        return Optional.ofNullable(routes.get(domain.toLowerCase(Locale.ROOT)));
    }
}
