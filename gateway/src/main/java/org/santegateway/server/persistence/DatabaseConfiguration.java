package org.santegateway.server.persistence;

import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.commons.configuration2.Configuration;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableMap;

/**
 * Settings of the database behind the JPA stores, read from {@code james-database.properties}.
 *
 * <p>Every key is optional: without the file, or without {@code database.url}, the gateway uses an
 * embedded Derby database under {@code <var>/derby}. Keys:</p>
 * <ul>
 *     <li>{@code database.driverClassName}: JDBC driver class (default {@value #DERBY_EMBEDDED_DRIVER})</li>
 *     <li>{@code database.url}: JDBC URL (default {@code jdbc:derby:<var>/derby;create=true})</li>
 *     <li>{@code database.username}, {@code database.password}: credentials, when the database wants them</li>
 *     <li>{@code openjpa.*}: passed unchanged to OpenJPA (for instance {@code openjpa.jdbc.DBDictionary})</li>
 * </ul>
 */
public class DatabaseConfiguration {
    public static final String DERBY_EMBEDDED_DRIVER = "org.apache.derby.jdbc.EmbeddedDriver";

    static final String DRIVER_CLASS_NAME = "database.driverClassName";
    static final String URL = "database.url";
    static final String USERNAME = "database.username";
    static final String PASSWORD = "database.password";
    static final String OPENJPA_PREFIX = "openjpa";

    private static final String DERBY_URL_PREFIX = "jdbc:derby:";

    public static DatabaseConfiguration embeddedDerby(StorageDirectories directories) {
        return new DatabaseConfiguration(DERBY_EMBEDDED_DRIVER, defaultDerbyUrl(directories),
            Optional.empty(), Optional.empty(), ImmutableMap.of());
    }

    public static DatabaseConfiguration from(Configuration properties, StorageDirectories directories) {
        return new DatabaseConfiguration(
            properties.getString(DRIVER_CLASS_NAME, DERBY_EMBEDDED_DRIVER),
            properties.getString(URL, defaultDerbyUrl(directories)),
            Optional.ofNullable(properties.getString(USERNAME, null)),
            Optional.ofNullable(properties.getString(PASSWORD, null)),
            openJpaProperties(properties));
    }

    private static String defaultDerbyUrl(StorageDirectories directories) {
        return DERBY_URL_PREFIX + directories.derbyDatabase() + ";create=true";
    }

    private static ImmutableMap<String, String> openJpaProperties(Configuration properties) {
        ImmutableMap.Builder<String, String> result = ImmutableMap.builder();
        Iterator<String> keys = properties.getKeys(OPENJPA_PREFIX);
        while (keys.hasNext()) {
            String key = keys.next();
            result.put(key, properties.getString(key));
        }
        return result.build();
    }

    private final String driverClassName;
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private final ImmutableMap<String, String> openJpaProperties;

    public DatabaseConfiguration(String driverClassName, String url, Optional<String> username, Optional<String> password,
                                 Map<String, String> openJpaProperties) {
        this.driverClassName = Objects.requireNonNull(driverClassName);
        this.url = Objects.requireNonNull(url);
        this.username = username;
        this.password = password;
        this.openJpaProperties = ImmutableMap.copyOf(openJpaProperties);
    }

    public String driverClassName() {
        return driverClassName;
    }

    public String url() {
        return url;
    }

    public Optional<String> username() {
        return username;
    }

    public Optional<String> password() {
        return password;
    }

    public Map<String, String> openJpaProperties() {
        return openJpaProperties;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DatabaseConfiguration that
            && driverClassName.equals(that.driverClassName)
            && url.equals(that.url)
            && username.equals(that.username)
            && password.equals(that.password)
            && openJpaProperties.equals(that.openJpaProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(driverClassName, url, username, password, openJpaProperties);
    }

    @Override
    public String toString() {
        // No password here: this is logged.
        return MoreObjects.toStringHelper(this)
            .add("driverClassName", driverClassName)
            .add("url", url)
            .add("username", username.orElse(null))
            .add("openJpaProperties", openJpaProperties)
            .toString();
    }
}
