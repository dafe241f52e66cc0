package org.santegateway.server.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@value #KEY}: the name of this gateway among the nodes that share one database, written in every audit record
 * and naming what a node keeps apart on shared storage and on RabbitMQ (its search index queue). Lower-case letters,
 * digits and {@code -}, 40 characters at most; unique per node and kept across restarts. Default: the machine's host name (short form, lower case), or
 * {@value #FALLBACK} when it cannot be read or is not such a name. One gateway alone needs nothing here.
 */
public record NodeIdentity(String id) {
    public static final String KEY = "node.id";
    static final String FALLBACK = "node-1";
    public static final Pattern SYNTAX = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern VALID = SYNTAX;

    public NodeIdentity {
        if (!VALID.matcher(id).matches()) {
            throw new IllegalArgumentException("Not a node name: " + id);
        }
    }

    public static NodeIdentity from(GatewayProperties properties) {
        return properties.string(KEY)
            .map(value -> {
                if (!VALID.matcher(value).matches()) {
                    throw GatewayProperties.failure(KEY, "'" + value
                        + "' is not a node name: lower-case letters, digits and '-', 40 characters at most, e.g. node-1");
                }
                return new NodeIdentity(value);
            })
            .orElseGet(NodeIdentity::ofHost);
    }

    static NodeIdentity ofHost() {
        try {
            return ofHostName(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException | SecurityException e) {
            return new NodeIdentity(FALLBACK);
        }
    }

    static NodeIdentity ofHostName(String hostName) {
        String shortName = hostName.split("\\.", 2)[0].toLowerCase(Locale.ROOT);
        return VALID.matcher(shortName).matches() ? new NodeIdentity(shortName) : new NodeIdentity(FALLBACK);
    }
}
