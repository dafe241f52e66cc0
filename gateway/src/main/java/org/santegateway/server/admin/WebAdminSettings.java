package org.santegateway.server.admin;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import org.santegateway.server.GatewaySettings;
import org.santegateway.server.startup.StartupFailure;

/**
 * The WebAdmin settings of {@code gateway.properties} (the listener itself is James's
 * {@code webadmin.properties}). A malformed value stops startup with a line naming the key.
 *
 * <ul>
 *   <li>{@value #TOKEN_MAX_LIFETIME}: the longest lifetime a bearer token may have, {@code exp}
 *   minus {@code iat} (or minus now, when the token has no {@code iat} or one in the future), as
 *   {@code 30m}, {@code 8h} or {@code 3600s}; default {@code 24h}. Tokens without {@code exp} are
 *   refused whatever this value: a token that never expires is a permanent key to the gateway.</li>
 * </ul>
 */
public record WebAdminSettings(Duration maxTokenLifetime) {
    public static final String FILE = "gateway.properties";
    public static final String TOKEN_MAX_LIFETIME = "webadmin.token.max.lifetime";
    public static final Duration DEFAULT_MAX_TOKEN_LIFETIME = Duration.ofHours(24);

    public static final WebAdminSettings DEFAULT = new WebAdminSettings(DEFAULT_MAX_TOKEN_LIFETIME);

    /** Reads {@code gateway.properties} of the configuration directory; defaults when there is none. */
    public static WebAdminSettings load(GatewaySettings settings) {
        Path file = settings.file(FILE);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return DEFAULT;
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupFailure(file + ": cannot be read: " + e.getMessage(), e);
        }
        return from(properties);
    }

    public static WebAdminSettings from(Properties properties) {
        Optional<String> value = Optional.ofNullable(properties.getProperty(TOKEN_MAX_LIFETIME))
            .map(String::strip)
            .filter(text -> !text.isEmpty());
        return value.map(text -> new WebAdminSettings(lifetime(text))).orElse(DEFAULT);
    }

    private static Duration lifetime(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        Duration lifetime;
        try {
            long amount = Long.parseLong(lower.substring(0, lower.length() - 1));
            lifetime = switch (lower.charAt(lower.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | ArithmeticException | IndexOutOfBoundsException e) {
            throw StartupFailure.of(FILE, TOKEN_MAX_LIFETIME, "'" + text + "' is not a duration such as 30m, 8h or 3600s");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw StartupFailure.of(FILE, TOKEN_MAX_LIFETIME, "must be positive");
        }
        return lifetime;
    }
}
