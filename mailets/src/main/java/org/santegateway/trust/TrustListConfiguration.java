package org.santegateway.trust;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the trust list comes from and how it is accepted.
 *
 * @param file               the ANS XML file, as downloaded
 * @param checksum           how the file's integrity is checked (see {@link Checksum})
 * @param maxBytes           larger files are refused without being parsed
 * @param localAdditions     (domain, operator) pairs added to whatever the file says: test
 *                           partners, an operator not yet published
 * @param maxDroppedFraction a new list that has fewer than {@code (1 - maxDroppedFraction)} times
 *                           the domains of the list in force is refused (a truncated or wrong
 *                           download would otherwise cut the gateway off from most of the trust
 *                           space); {@code 1.0} disables the guard; {@link ReloadingTrustList#forceReload()}
 *                           bypasses it once. Also the share of malformed entries a file may have
 *                           (they are skipped) before it is refused as a whole, at every load,
 *                           the first one included, and even when forced
 * @param pollInterval       how often the file (and its side file) is checked for a change
 */
public record TrustListConfiguration(Path file, Checksum checksum, long maxBytes, List<TrustEntry> localAdditions,
                                     double maxDroppedFraction, Duration pollInterval) {
    public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;
    public static final double DEFAULT_MAX_DROPPED_FRACTION = 0.25;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMinutes(1);

    public TrustListConfiguration {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(pollInterval, "pollInterval");
        localAdditions = List.copyOf(localAdditions);
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        if (!(maxDroppedFraction > 0 && maxDroppedFraction <= 1)) {
            throw new IllegalArgumentException("maxDroppedFraction must be in (0, 1]");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
    }

    /** The file with a required side-file checksum and the defaults above. */
    public static TrustListConfiguration of(Path file) {
        return new TrustListConfiguration(file, Checksum.sideFile(), DEFAULT_MAX_BYTES, List.of(),
            DEFAULT_MAX_DROPPED_FRACTION, DEFAULT_POLL_INTERVAL);
    }

    public TrustListConfiguration withChecksum(Checksum checksum) {
        return new TrustListConfiguration(file, checksum, maxBytes, localAdditions, maxDroppedFraction, pollInterval);
    }

    public TrustListConfiguration withMaxBytes(long maxBytes) {
        return new TrustListConfiguration(file, checksum, maxBytes, localAdditions, maxDroppedFraction, pollInterval);
    }

    public TrustListConfiguration withLocalAdditions(List<TrustEntry> localAdditions) {
        return new TrustListConfiguration(file, checksum, maxBytes, localAdditions, maxDroppedFraction, pollInterval);
    }

    public TrustListConfiguration withMaxDroppedFraction(double maxDroppedFraction) {
        return new TrustListConfiguration(file, checksum, maxBytes, localAdditions, maxDroppedFraction, pollInterval);
    }

    public TrustListConfiguration withPollInterval(Duration pollInterval) {
        return new TrustListConfiguration(file, checksum, maxBytes, localAdditions, maxDroppedFraction, pollInterval);
    }

    /** The side file holding the expected SHA-256: {@code <file>.sha256}. */
    public Path sideFile() {
        return file.resolveSibling(file.getFileName() + ".sha256");
    }

    /**
     * How the file's SHA-256 is checked.
     *
     * <ul>
     *   <li>{@link #sideFile()} (the default): the expected value is read from {@code <file>.sha256}
     *   next to the file, in {@code sha256sum} format ({@code <64 hex>  <name>}) or as the bare hex
     *   value. The downloading job writes both; a half-written or corrupted download then fails the
     *   check and is not used, and updates need no configuration change. It detects accidents, not
     *   an attacker who can write both files.</li>
     *   <li>{@link #pinned(String)}: the value is in the configuration. Only that exact file is
     *   ever accepted; each update needs a configuration change (for a frozen list).</li>
     *   <li>{@link #none()}: no check.</li>
     * </ul>
     */
    public sealed interface Checksum {
        static Checksum none() {
            return new None();
        }

        static Checksum sideFile() {
            return new SideFile();
        }

        static Checksum pinned(String sha256Hex) {
            return new Pinned(sha256Hex);
        }

        record None() implements Checksum {
        }

        record SideFile() implements Checksum {
        }

        record Pinned(String sha256Hex) implements Checksum {
            private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

            public Pinned {
                sha256Hex = Objects.requireNonNull(sha256Hex, "sha256Hex").strip().toLowerCase(Locale.ROOT);
                if (!HEX.matcher(sha256Hex).matches()) {
                    throw new IllegalArgumentException("a SHA-256 checksum is 64 hexadecimal characters");
                }
            }
        }
    }
}
