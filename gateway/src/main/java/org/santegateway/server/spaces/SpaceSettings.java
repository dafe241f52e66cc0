package org.santegateway.server.spaces;

import java.time.Duration;

import org.santegateway.server.settings.GatewayProperties;

/**
 * The patient-space lifecycle, settings of {@code gateway.properties}.
 *
 * <ul>
 *     <li>{@value #OBJECTION_WINDOW}: from the notice to the opening, during which the patient may object (default
 *     {@code 42d}, six weeks: article R1111-28 of the public health code);</li>
 *     <li>{@value #ARCHIVE}: how long a closed space is kept, read-only, before it is deleted (default {@code 3650d});</li>
 *     <li>{@value #DELETION_NOTICE}: from a deletion request to the deletion (default {@code 90d});</li>
 *     <li>{@value #PERIOD}: how often the clock-driven transitions are applied (default {@code 1h}).</li>
 * </ul>
 * The notices point to the webmail's pages ({@code /opposition}, {@code /activation}) under {@value #PUBLIC_URL}.
 */
public record SpaceSettings(Duration objectionWindow, Duration archive, Duration deletionNotice, Duration period, String publicUrl) {
    /** The webmail's address for patients (the webmail's own setting). */
    public static final String PUBLIC_URL = "webmail.public.url";
    public static final String OBJECTION_WINDOW = "spaces.objection.window";
    public static final String ARCHIVE = "spaces.archive.period";
    public static final String DELETION_NOTICE = "spaces.deletion.notice";
    public static final String PERIOD = "spaces.check.period";

    public static SpaceSettings from(GatewayProperties properties) {
        return new SpaceSettings(
            properties.positiveDuration(OBJECTION_WINDOW, Duration.ofDays(42)),
            properties.positiveDuration(ARCHIVE, Duration.ofDays(3650)),
            properties.positiveDuration(DELETION_NOTICE, Duration.ofDays(90)),
            properties.positiveDuration(PERIOD, Duration.ofHours(1)),
            properties.string(PUBLIC_URL, "https://localhost:8443/"));
    }
}
