package org.santegateway.server.settings;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.startup.StartupFailure;

/**
 * The operator's settings file, {@value #FILE} of the configuration directory, read once at start
 * (UTF-8, {@link Properties} syntax; a key given twice keeps its last value) and then only looked
 * up. Every {@code *Settings} class takes its values from here with the typed accessors below,
 * and every malformed value is a {@link StartupFailure} naming the file and the setting.
 *
 * <p>Common to all accessors: a value is stripped, and a blank value is the same as an absent key
 * (the default applies). Lists are comma-separated. Durations are ISO-8601 or a number with a
 * unit, see {@link Durations}. Keys this class is never asked about are ignored, as before.</p>
 */
public final class GatewayProperties {
    public static final String FILE = "gateway.properties";

    private static final GatewayProperties NONE = new GatewayProperties(Map.of());

    private final Map<String, String> values;

    private GatewayProperties(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Reads {@value #FILE} of the configuration directory; no file is no setting (each default applies). */
    public static GatewayProperties load(GatewaySettings settings) {
        Path file = settings.file(FILE);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return NONE;
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupFailure(file + ": cannot be read: " + e.getMessage(), e);
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return new GatewayProperties(values);
    }

    /** Settings given as they would be written in the file (tests, and servers assembled without the file). */
    public static GatewayProperties of(Map<String, String> values) {
        return new GatewayProperties(values);
    }

    /** No setting at all: every default. */
    public static GatewayProperties none() {
        return NONE;
    }

    /** A failure naming this file and the setting, for checks the settings classes make themselves. */
    public static StartupFailure failure(String key, String problem) {
        return StartupFailure.of(FILE, key, problem);
    }

    /** The stripped value; empty when absent or blank. */
    public Optional<String> string(String key) {
        return Optional.ofNullable(values.get(key)).map(String::strip).filter(value -> !value.isEmpty());
    }

    public String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    /** The comma-separated items, each stripped, empty items left out; empty when absent or blank. */
    public List<String> list(String key) {
        return string(key).map(value -> Arrays.stream(value.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList())
            .orElse(List.of());
    }

    /** {@code true} or {@code false}, in any case. */
    public boolean bool(String key, boolean defaultValue) {
        Optional<String> value = string(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw failure(key, "'" + value.get() + "' is not true or false");
        };
    }

    /** A whole number from {@code minimum} to {@code maximum}. */
    public int integer(String key, int defaultValue, int minimum, int maximum) {
        return (int) wholeNumber(key, defaultValue, minimum, maximum);
    }

    /** A whole number from {@code minimum} to {@code maximum}, for values beyond an {@code int} (sizes in bytes). */
    public long wholeNumber(String key, long defaultValue, long minimum, long maximum) {
        Optional<String> value = string(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        long number;
        try {
            number = Long.parseLong(value.get());
        } catch (NumberFormatException e) {
            throw failure(key, "'" + value.get() + "' is not a whole number");
        }
        if (number < minimum) {
            throw failure(key, "must be at least " + minimum);
        }
        if (number > maximum) {
            throw failure(key, "must be at most " + maximum);
        }
        return number;
    }

    /** A duration above zero, see {@link Durations}. */
    public Duration positiveDuration(String key, Duration defaultValue) {
        Duration duration = duration(key, false).orElse(defaultValue);
        if (duration.isNegative() || duration.isZero()) {
            throw failure(key, "must be positive");
        }
        return duration;
    }

    /**
     * A duration above zero, where a bare number is also read as seconds: the poll intervals
     * ({@code trust.list.poll.interval}, {@code crl.poll.interval}) always took {@code 60} for a minute.
     */
    public Duration positiveDurationOrSeconds(String key, Duration defaultValue) {
        Duration duration = duration(key, true).orElse(defaultValue);
        if (duration.isNegative() || duration.isZero()) {
            throw failure(key, "must be positive");
        }
        return duration;
    }

    /** A duration of zero or more ({@code 0s} often meaning "off"), see {@link Durations}. */
    public Duration nonNegativeDuration(String key, Duration defaultValue) {
        Duration duration = duration(key, false).orElse(defaultValue);
        if (duration.isNegative()) {
            throw failure(key, "must not be negative");
        }
        return duration;
    }

    private Optional<Duration> duration(String key, boolean bareSeconds) {
        Optional<String> value = string(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (bareSeconds && value.get().matches("[0-9]{1,18}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.get())));
        }
        return Optional.of(Durations.parse(value.get())
            .orElseThrow(() -> failure(key, "'" + value.get() + "' is not a duration such as " + Durations.EXAMPLES)));
    }

    /** An e-mail address ({@code user@domain}); empty when absent or blank. */
    public Optional<MailAddress> address(String key) {
        return string(key).map(value -> {
            try {
                return new MailAddress(value);
            } catch (AddressException e) {
                throw failure(key, "is not an e-mail address");
            }
        });
    }

    /** A file, relative to {@code base} or absolute; empty when absent or blank. */
    public Optional<Path> path(String key, Path base) {
        return string(key).map(value -> base.resolve(value).normalize());
    }

    /** Comma-separated files, each relative to {@code base} or absolute. */
    public List<Path> paths(String key, Path base) {
        return list(key).stream().map(value -> base.resolve(value).normalize()).toList();
    }

    /**
     * The settings whose keys start with {@code prefix} and go on after it, by key in alphabetical
     * order, their values stripped (possibly blank: the caller decides what a blank entry means).
     */
    public SortedMap<String, String> withPrefix(String prefix) {
        SortedMap<String, String> result = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                result.put(key, value.strip());
            }
        });
        return result;
    }
}
