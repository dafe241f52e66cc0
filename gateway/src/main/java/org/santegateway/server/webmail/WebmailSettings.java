package org.santegateway.server.webmail;

import java.net.URI;
import java.time.Duration;

import org.apache.commons.configuration2.Configuration;
import org.santegateway.server.PropertyValues;
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
 *     <li>{@value #SESSION_IDLE} and {@value #SESSION_ABSOLUTE}: session timeouts (ISO-8601 durations);</li>
 *     <li>{@value #MAX_FAILURES}, {@value #LOCKOUT}, {@value #DELAY}: brute-force protection (failed logins
 *     before the account is locked, lockout duration, first delay after a failure, doubled each time);</li>
 *     <li>{@value #MAX_FAILURES_PER_CLIENT}: failed logins, whatever the account, after which a
 *     client address is refused for the lockout duration (password spraying across accounts);</li>
 *     <li>{@value #MAX_UPLOAD}: the largest reply with its attachments, in bytes;</li>
 *     <li>{@value #NOTIFICATION_SENDER}: the sender of new-message notifications.</li>
 * </ul>
 */
public record WebmailSettings(boolean enabled, String bind, int port, String privateKey, String certificates, URI publicUrl,
                              Duration sessionIdle, Duration sessionAbsolute, int maxFailures, Duration lockout,
                              Duration firstDelay, int maxFailuresPerClient, int maxUpload, String notificationSender) {
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
    public static final String NOTIFICATION_SENDER = "webmail.notification.sender";

    /** The brute-force protection of the webmail login. */
    public LoginPolicy loginPolicy() {
        return new LoginPolicy(maxFailures, lockout, firstDelay, maxFailuresPerClient);
    }

    public static WebmailSettings from(Configuration configuration) {
        int port = configuration.getInt(PORT, 8443);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("gateway.properties: " + PORT + " must be a port number");
        }
        int maxFailures = configuration.getInt(MAX_FAILURES, 5);
        if (maxFailures < 1) {
            throw new IllegalArgumentException("gateway.properties: " + MAX_FAILURES + " must be at least 1");
        }
        int maxFailuresPerClient = configuration.getInt(MAX_FAILURES_PER_CLIENT, 20);
        if (maxFailuresPerClient < maxFailures) {
            throw new IllegalArgumentException("gateway.properties: " + MAX_FAILURES_PER_CLIENT + " must be at least " + MAX_FAILURES);
        }
        int maxUpload = configuration.getInt(MAX_UPLOAD, 10_000_000);
        if (maxUpload < 1024) {
            throw new IllegalArgumentException("gateway.properties: " + MAX_UPLOAD + " must be at least 1024 bytes");
        }
        URI publicUrl;
        try {
            publicUrl = URI.create(configuration.getString(PUBLIC_URL, "https://localhost:8443/"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gateway.properties: " + PUBLIC_URL + " must be a URL", e);
        }
        return new WebmailSettings(
            configuration.getBoolean(ENABLED, true),
            configuration.getString(BIND, "0.0.0.0"),
            port,
            configuration.getString(PRIVATE_KEY, "file://certs/server.key"),
            configuration.getString(CERTIFICATES, "file://certs/server.pem"),
            publicUrl,
            PropertyValues.positiveDuration(configuration, SESSION_IDLE, Duration.ofMinutes(15)),
            PropertyValues.positiveDuration(configuration, SESSION_ABSOLUTE, Duration.ofHours(8)),
            maxFailures,
            PropertyValues.positiveDuration(configuration, LOCKOUT, Duration.ofMinutes(15)),
            PropertyValues.positiveDuration(configuration, DELAY, Duration.ofMillis(250)),
            maxFailuresPerClient,
            maxUpload,
            configuration.getString(NOTIFICATION_SENDER, "ne-pas-repondre@localhost"));
    }
}
