package org.santegateway.server.registry;

import java.time.Duration;

import org.santegateway.server.settings.GatewayProperties;

/**
 * The inactivity rule of registered mailboxes, settings of {@code gateway.properties}: a mailbox nobody signed in to
 * for a year is closed and its mail deleted, after a notice (the CNIL's rule for MSSanté operators).
 *
 * <ul>
 *     <li>{@value #ENABLED}: whether the rule runs (default true);</li>
 *     <li>{@value #NOTICE}: idle time after which the notice is delivered into the mailbox (default {@code 335d}, eleven months);</li>
 *     <li>{@value #CLOSURE}: idle time after which a noticed mailbox is closed, its James user and its mail deleted
 *     (default {@code 365d}); the holder always has at least the difference between the two after the notice;</li>
 *     <li>{@value #PERIOD}: how often the rule is applied (default {@code 6h}).</li>
 * </ul>
 */
public record InactivitySettings(boolean enabled, Duration notice, Duration closure, Duration period) {
    public static final String ENABLED = "registry.inactivity.enabled";
    public static final String NOTICE = "registry.inactivity.notice";
    public static final String CLOSURE = "registry.inactivity.closure";
    public static final String PERIOD = "registry.inactivity.check.period";

    /** The time between the notice and the closure, at the least. */
    public Duration grace() {
        return closure.minus(notice);
    }

    public static InactivitySettings from(GatewayProperties properties) {
        Duration notice = properties.positiveDuration(NOTICE, Duration.ofDays(335));
        Duration closure = properties.positiveDuration(CLOSURE, Duration.ofDays(365));
        if (closure.compareTo(notice) <= 0) {
            throw GatewayProperties.failure(CLOSURE, "must be longer than " + NOTICE + " (the holder is told before the closure)");
        }
        return new InactivitySettings(properties.bool(ENABLED, true), notice, closure,
            properties.positiveDuration(PERIOD, Duration.ofHours(6)));
    }
}
