package org.santegateway.server.audit;

import java.time.Period;
import java.time.format.DateTimeParseException;

import org.santegateway.server.settings.GatewayProperties;

/**
 * The audit trail settings of {@code gateway.properties}.
 *
 * <ul>
 *     <li>{@value #RETENTION}: how long audit records are kept, an ISO-8601 period ({@code P6M},
 *     {@code P1Y}: months and years, which durations cannot express), six months at least
 *     (the default).</li>
 * </ul>
 */
public record AuditSettings(Period retention) {
    public static final String RETENTION = "audit.retention";

    public static AuditSettings from(GatewayProperties properties) {
        return new AuditSettings(properties.string(RETENTION).map(AuditSettings::retention).orElse(AuditRetention.DEFAULT_RETENTION));
    }

    private static Period retention(String value) {
        Period period;
        try {
            period = Period.parse(value);
        } catch (DateTimeParseException e) {
            throw GatewayProperties.failure(RETENTION, "'" + value + "' is not an ISO-8601 period such as P6M or P1Y");
        }
        if (period.isNegative() || period.toTotalMonths() < 6) {
            throw GatewayProperties.failure(RETENTION, "'" + value + "' is shorter than the six months audit records must be kept");
        }
        return period;
    }
}
