package org.santegateway.server;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the gateway reads its configuration and keeps its data.
 *
 * <p>The configuration directory holds the James configuration files ({@code smtpserver.xml},
 * {@code imapserver.xml}...) and {@code gateway.properties}; the data directory holds everything
 * the gateway writes: the embedded database, the mail queue, generated keys and certificates
 * ({@code certs/}), generated credentials ({@code conf/}). Each is taken from a system property,
 * then an environment variable, then a default relative to the current directory.
 */
public record GatewaySettings(Path configDirectory, Path dataDirectory) {
    public static final String CONFIG_PROPERTY = "gateway.config.dir";
    public static final String CONFIG_ENV = "GATEWAY_CONFIG_DIR";
    public static final String DATA_PROPERTY = "gateway.data.dir";
    public static final String DATA_ENV = "GATEWAY_DATA_DIR";

    public GatewaySettings {
        configDirectory = configDirectory.toAbsolutePath().normalize();
        dataDirectory = dataDirectory.toAbsolutePath().normalize();
    }

    public static GatewaySettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static GatewaySettings fromEnvironment(Map<String, String> environment) {
        return new GatewaySettings(
            Path.of(lookup(CONFIG_PROPERTY, CONFIG_ENV, environment).orElse("config")),
            Path.of(lookup(DATA_PROPERTY, DATA_ENV, environment).orElse("data")));
    }

    private static Optional<String> lookup(String property, String env, Map<String, String> environment) {
        return Optional.ofNullable(System.getProperty(property))
            .or(() -> Optional.ofNullable(environment.get(env)))
            .filter(value -> !value.isBlank());
    }

    /** James's own "conf" directory inside the data directory: generated credentials live there. */
    public Path generatedConfDirectory() {
        return dataDirectory.resolve("conf");
    }

    public Path certsDirectory() {
        return dataDirectory.resolve("certs");
    }

    public Path file(String configFileName) {
        return configDirectory.resolve(configFileName);
    }
}
