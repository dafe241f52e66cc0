package org.santegateway.server.cluster;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.santegateway.server.GatewaySettings;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.settings.NodeIdentity;
import org.santegateway.server.startup.StartupFailure;

/**
 * The settings of a node sharing its database with other nodes: the RabbitMQ broker of the distributed event bus,
 * from {@value #FILE} (its presence selects the distributed bus), and this node's id, {@value #NODE_ID} of
 * {@code gateway.properties}, unique among the nodes and kept across restarts: the node's search index is fed by a
 * queue named after it.
 *
 * <pre>{@code
 * # rabbitmq.properties
 * uri=amqp://mq.example.org:5672
 * user=gateway
 * password=...
 * }</pre>
 *
 * <p>{@code uri} is {@code amqp://} with the host, the port and optionally the virtual host; the credentials are
 * given apart, not in the URI. {@code amqps://} is refused: the AMQP client would accept any certificate. Any other key is refused: the file is small and a typo must
 * not go unnoticed.</p>
 */
public record ClusterSettings(URI uri, String user, String password, String nodeId) {
    public static final String FILE = "rabbitmq.properties";
    public static final String URI_KEY = "uri";
    public static final String USER = "user";
    public static final String PASSWORD = "password";
    public static final String NODE_ID = "node.id";
    private static final Set<String> KEYS = Set.of(URI_KEY, USER, PASSWORD);
    private static final Pattern NODE_ID_SYNTAX = NodeIdentity.SYNTAX;

    @Override
    public String toString() {
        return "ClusterSettings[uri=" + uri + ", user=" + user + ", nodeId=" + nodeId + "]";
    }

    /** Whether the configuration directory selects the distributed event bus ({@value #FILE} present). */
    public static boolean selected(GatewaySettings settings) {
        return Files.exists(settings.file(FILE));
    }

    /** Reads and checks {@value #FILE} and {@value #NODE_ID}; a {@link StartupFailure} names the setting at fault. */
    public static ClusterSettings from(GatewaySettings settings, GatewayProperties properties) {
        Path file = settings.file(FILE);
        Properties values = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            values.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupFailure(file + ": cannot be read: " + e.getMessage(), e);
        }
        Set<String> unknown = new TreeSet<>(values.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw StartupFailure.of(FILE, unknown.iterator().next(), "unknown setting (known: uri, user, password)");
        }
        URI uri = uri(required(values, URI_KEY));
        String nodeId = properties.string(NODE_ID).orElseThrow(() -> GatewayProperties.failure(NODE_ID,
            "required when " + FILE + " is present: a name unique among the nodes, e.g. node-1"));
        if (!NODE_ID_SYNTAX.matcher(nodeId).matches()) {
            throw GatewayProperties.failure(NODE_ID, "lower-case letters, digits and '-', at most 40 characters");
        }
        return new ClusterSettings(uri, required(values, USER), required(values, PASSWORD), nodeId);
    }

    private static String required(Properties values, String key) {
        String value = values.getProperty(key, "").strip();
        if (value.isEmpty()) {
            throw StartupFailure.of(FILE, key, "required");
        }
        return value;
    }

    private static URI uri(String value) {
        try {
            URI uri = new URI(value);
            if ("amqps".equals(uri.getScheme())) {
                // The AMQP client's amqps:// trusts every certificate: refused rather than a TLS that checks nothing.
                throw StartupFailure.of(FILE, URI_KEY, "amqps:// is not supported: reach the broker over a private network");
            }
            if (!"amqp".equals(uri.getScheme()) || uri.getHost() == null) {
                throw StartupFailure.of(FILE, URI_KEY, "an amqp:// URI with a host is expected");
            }
            if (uri.getUserInfo() != null) {
                throw StartupFailure.of(FILE, URI_KEY, "give the credentials in user and password, not in the URI");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw StartupFailure.of(FILE, URI_KEY, "not a URI: " + e.getMessage());
        }
    }
}
