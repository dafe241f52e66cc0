package org.santegateway.server.admin;

import java.time.Duration;

import org.santegateway.server.settings.GatewayProperties;


/**
 * The WebAdmin settings of {@code gateway.properties} (the listener itself is James's
 * {@code webadmin.properties}). A malformed value stops startup with a line naming the key.
 *
 * <ul>
 *   <li>{@value #TOKEN_MAX_LIFETIME}: the longest lifetime a bearer token may have, {@code exp}
 *   minus {@code iat} (or minus now, when the token has no {@code iat} or one in the future), a
 *   duration such as {@code 30m}, {@code 8h}, {@code 3600s} or {@code PT8H}; default {@code 24h}. Tokens without {@code exp} are
 *   refused whatever this value: a token that never expires is a permanent key to the gateway.</li>
 * </ul>
 */
public record WebAdminSettings(Duration maxTokenLifetime) {
    public static final String TOKEN_MAX_LIFETIME = "webadmin.token.max.lifetime";
    public static final Duration DEFAULT_MAX_TOKEN_LIFETIME = Duration.ofHours(24);

    public static final WebAdminSettings DEFAULT = new WebAdminSettings(DEFAULT_MAX_TOKEN_LIFETIME);

    public static WebAdminSettings from(GatewayProperties properties) {
        return new WebAdminSettings(properties.positiveDuration(TOKEN_MAX_LIFETIME, DEFAULT_MAX_TOKEN_LIFETIME));
    }
}
