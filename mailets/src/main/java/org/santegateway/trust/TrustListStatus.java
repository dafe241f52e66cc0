package org.santegateway.trust;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.santegateway.trust.TrustListException.Reason;

/**
 * What a health check or the WebAdmin route shows about the list in force.
 *
 * @param loadedAt      when the list in force was loaded
 * @param latestUpdate  the most recent {@code DateMAJ} in it (how fresh the ANS data is)
 * @param generatedAt   its {@code DateDeGeneration}
 * @param domainCount   domains in force, local additions included
 * @param entryCount    (domain, operator) pairs in force
 * @param sha256        SHA-256 of the file in force
 * @param lastCheckAt   the last time the file was read (successfully or not)
 * @param lastRejection the last refused file since the list in force was loaded, if any
 * @param skipped       the malformed entries of the file in force, left out of the list
 */
public record TrustListStatus(Instant loadedAt, Optional<Instant> latestUpdate, Optional<Instant> generatedAt,
                              int domainCount, int entryCount, String sha256, Instant lastCheckAt,
                              Optional<Rejection> lastRejection, List<SkippedEntry> skipped) {
    public TrustListStatus {
        skipped = List.copyOf(skipped);
    }

    /** A refused file: when, why, and the operator's one-line message. */
    public record Rejection(Instant at, Reason reason, String message) {
    }
}
