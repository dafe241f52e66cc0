package org.santegateway.server.settings;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of {@code gateway.properties}: ISO-8601 ({@code PT15M}, {@code P1D},
 * {@code PT0.25S}) or a whole number with a unit, {@code ms}, {@code s}, {@code m}, {@code h} or
 * {@code d} ({@code 500ms}, {@code 90s}, {@code 15m}, {@code 8h}, {@code 7d}), case-insensitive.
 * Months and years are not durations (their length varies): {@code P6M} is refused.
 */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("([0-9]{1,18})(ms|s|m|h|d)");

    /** How an operator writes one, for error messages. */
    public static final String EXAMPLES = "90s, 15m, 8h, 7d or PT15M";

    private Durations() {
    }

    /** The duration, or empty when the text is in neither form (or out of range). */
    public static Optional<Duration> parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        Matcher matcher = SHORT.matcher(value);
        try {
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                return Optional.of(switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                });
            }
            if (value.startsWith("p") || value.startsWith("-p") || value.startsWith("+p")) {
                return Optional.of(Duration.parse(value));
            }
        } catch (ArithmeticException | DateTimeParseException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
