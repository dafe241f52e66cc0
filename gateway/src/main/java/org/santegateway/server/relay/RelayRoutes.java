package org.santegateway.server.relay;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

import org.santegateway.server.GatewaySettings;
import org.santegateway.server.startup.StartupFailure;

/**
 * Static routes of remote delivery, {@value #KEY} in gateway.properties:
 * {@code relay.routes=domain=host[:port],other.domain=host[:port]}. A routed domain is delivered to
 * that host instead of its MX (a peer reached through a private link, a test peer on loopback);
 * other domains follow DNS. The host name must be one the peer's certificate names (the relay
 * checks it), so prefer {@code localhost} to {@code 127.0.0.1} for a loopback peer.
 */
public record RelayRoutes(Map<String, String> routes) {
    public static final String FILE = "gateway.properties";
    public static final String KEY = "relay.routes";
    private static final Pattern ROUTE = Pattern.compile("[a-z0-9.-]+=[A-Za-z0-9.-]+(:[0-9]{1,5})?");

    public RelayRoutes {
        routes = Map.copyOf(routes);
    }

    public static RelayRoutes load(GatewaySettings settings) {
        Path file = settings.file(FILE);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupFailure(file + ": cannot be read: " + e.getMessage(), e);
        }
        return parse(Optional.ofNullable(properties.getProperty(KEY)).map(String::strip).orElse(""));
    }

    public static RelayRoutes parse(String value) {
        Map<String, String> routes = new LinkedHashMap<>();
        for (String route : Arrays.stream(value.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList()) {
            String lower = route.toLowerCase(Locale.ROOT);
            if (!ROUTE.matcher(lower).matches()) {
                throw StartupFailure.of(FILE, KEY, "'" + route + "' is not domain=host[:port]");
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
