package org.santegateway.server.agenda;

import java.nio.file.Path;
import java.time.Duration;

import org.santegateway.server.GatewaySettings;
import org.santegateway.server.settings.GatewayProperties;

/**
 * The agenda's settings in {@code gateway.properties}.
 *
 * <ul>
 *     <li>{@value #PREVENTION_RULES}: the prevention rule table (default {@code prevention-rules.txt} of the configuration
 *     directory); a faulty table stops the start, naming the line;</li>
 *     <li>{@value #REMINDERS_PERIOD}: how often reminders are looked for (default {@code 1h}); a reminder goes once,
 *     the day before an appointment, and the day a prevention item comes due (or the first run after it).</li>
 * </ul>
 */
public record AgendaSettings(Path preventionRules, Duration remindersPeriod) {
    public static final String PREVENTION_RULES = "agenda.prevention.rules";
    public static final String REMINDERS_PERIOD = "agenda.reminders.check.period";

    public static AgendaSettings from(GatewayProperties properties, GatewaySettings settings) {
        return new AgendaSettings(
            properties.path(PREVENTION_RULES, settings.configDirectory()).orElse(settings.configDirectory().resolve("prevention-rules.txt")),
            properties.positiveDuration(REMINDERS_PERIOD, Duration.ofHours(1)));
    }
}
