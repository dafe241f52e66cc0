package org.santegateway.server.webmail;

import java.net.URI;
import java.time.Duration;

import org.apache.james.core.MailAddress;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.login.LoginPolicy;

/**
 * The patient webmail settings of {@code gateway.properties}.
 *
 * <ul>
 *     <li>{@value #ENABLED}: whether the webmail listens (default true);</li>
 *     <li>{@value #BIND} and {@value #PORT}: the address and port of its HTTPS listener (default
 *     {@code 0.0.0.0:8443}; port 0 takes a free port, for tests);</li>
 *     <li>{@value #PRIVATE_KEY} and {@value #CERTIFICATES}: its TLS material (PEM, the chain leaf
 *     first), by default the server's ({@code file://certs/server.key}, {@code file://certs/server.pem});</li>
 *     <li>{@value #PUBLIC_URL}: the address patients use, for the link of notifications;</li>
 *     <li>{@value #SESSION_IDLE} and {@value #SESSION_ABSOLUTE}: session timeouts (durations, such as {@code 15m} or {@code PT15M});</li>
 *     <li>{@value #MAX_FAILURES}, {@value #LOCKOUT}, {@value #DELAY}: brute-force protection (failed logins
 *     before the account is locked, lockout duration, first delay after a failure, doubled each time);</li>
 *     <li>{@value #MAX_FAILURES_PER_CLIENT}: failed logins, whatever the account, after which a
 *     client address is refused for the lockout duration (password spraying across accounts);</li>
 *     <li>{@value #MAX_UPLOAD}: the largest reply with its attachments, in bytes;</li>
 *     <li>{@value #MAX_CONNECTIONS} and {@value #MAX_CONNECTIONS_PER_CLIENT}: connections open at once on the listener
 *     (default 4000) and from one client address (default 200); a connection over either is closed as it is
 *     accepted, so that connections held open by one client cannot take every file descriptor of the process;</li>
 *     <li>{@value #NOTIFICATION_SENDER}: the sender of new-message notifications, an e-mail address.</li>
 * </ul>
 */
public record WebmailSettings(boolean enabled, String bind, int port, String privateKey, String certificates, URI publicUrl,
                              Duration sessionIdle, Duration sessionAbsolute, int maxFailures, Duration lockout,
                              Duration firstDelay, int maxFailuresPerClient, int maxUpload, String notificationSender,
                              int maxConnections, int maxConnectionsPerClient) {
    public static final String ENABLED = "webmail.enabled";
    public static final String BIND = "webmail.bind";
    public static final String PORT = "webmail.port";
    public static final String PRIVATE_KEY = "webmail.tls.privateKey";
    public static final String CERTIFICATES = "webmail.tls.certificates";
    public static final String PUBLIC_URL = "webmail.public.url";
    public static final String SESSION_IDLE = "webmail.session.idle";
    public static final String SESSION_ABSOLUTE = "webmail.session.absolute";
    public static final String MAX_FAILURES = "webmail.login.max.failures";
    public static final String LOCKOUT = "webmail.login.lockout";
    public static final String DELAY = "webmail.login.delay";
    public static final String MAX_FAILURES_PER_CLIENT = "webmail.login.max.failures.per.client";
    public static final String MAX_UPLOAD = "webmail.max.upload.size";
    public static final String MAX_CONNECTIONS = "webmail.max.connections";
    public static final String MAX_CONNECTIONS_PER_CLIENT = "webmail.max.connections.per.client";
    public static final String NOTIFICATION_SENDER = "webmail.notification.sender";

    /** The brute-force protection of the webmail login. */
    public LoginPolicy loginPolicy() {
        return new LoginPolicy(maxFailures, lockout, firstDelay, maxFailuresPerClient);
    }

    public static WebmailSettings from(GatewayProperties properties) {
        int maxFailures = properties.integer(MAX_FAILURES, 5, 1, Integer.MAX_VALUE);
        String publicUrl = properties.string(PUBLIC_URL, "https://localhost:8443/");
        URI url;
        try {
            url = URI.create(publicUrl);
        } catch (IllegalArgumentException e) {
            throw GatewayProperties.failure(PUBLIC_URL, "must be a URL");
        }
        return new WebmailSettings(
            properties.bool(ENABLED, true),
            properties.string(BIND, "0.0.0.0"),
            properties.integer(PORT, 8443, 0, 65535),
            properties.string(PRIVATE_KEY, "file://certs/server.key"),
            properties.string(CERTIFICATES, "file://certs/server.pem"),
            url,
            properties.positiveDuration(SESSION_IDLE, Duration.ofMinutes(15)),
            properties.positiveDuration(SESSION_ABSOLUTE, Duration.ofHours(8)),
            maxFailures,
            properties.positiveDuration(LOCKOUT, Duration.ofMinutes(15)),
            properties.positiveDuration(DELAY, Duration.ofMillis(250)),
            properties.integer(MAX_FAILURES_PER_CLIENT, 20, maxFailures, Integer.MAX_VALUE),
            properties.integer(MAX_UPLOAD, 10_000_000, 1024, Integer.MAX_VALUE),
            // Checked here: a bad sender would otherwise fail each notification, long after the start.
            properties.address(NOTIFICATION_SENDER).map(MailAddress::asString).orElse("ne-pas-repondre@localhost"),
            properties.integer(MAX_CONNECTIONS, 4000, 1, Integer.MAX_VALUE),
            properties.integer(MAX_CONNECTIONS_PER_CLIENT, 200, 1, Integer.MAX_VALUE));
    }
}
