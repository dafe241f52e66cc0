package org.santegateway.server.audit;

import java.time.Instant;

/**
 * Where the retention job cut the trail: records up to {@code seq} were purged, the last of them
 * had MAC {@code chainMac} (the first remaining record chains to it). {@code mac} signs the
 * checkpoint with the trail's key, so that purging cannot be faked without it.
 */
public record AuditCheckpoint(long seq, String chainMac, Instant time, String mac) {
}
