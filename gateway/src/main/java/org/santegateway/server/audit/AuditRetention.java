package org.santegateway.server.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Purges audit records older than the retention period (six months by default: the trail must
 * keep at least that). Whole monthly segments go, oldest first; before each removal a checkpoint
 * signed with the trail's key records the last purged record and its MAC, so that the remaining
 * chain still verifies. The purge itself is recorded in the trail.
 */
public final class AuditRetention {
    public static final Period DEFAULT_RETENTION = Period.ofMonths(6);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChainedAuditTrail trail;
    private final byte[] key;
    private final Period retention;
    private final Clock clock;

    public AuditRetention(ChainedAuditTrail trail, byte[] key, Period retention, Clock clock) {
        this.trail = trail;
        this.key = key.clone();
        this.retention = retention;
        this.clock = clock;
    }

    /** Removes the segments entirely older than the retention period; returns how many. */
    public int purge() {
        Instant cutoff = clock.instant().atZone(ZoneOffset.UTC).minus(retention).toInstant();
        YearMonth cutoffMonth = YearMonth.from(cutoff.atZone(ZoneOffset.UTC));
        List<Path> segments = trail.segments().list();
        int removed = 0;
        long lastPurged = 0;
        for (int i = 0; i < segments.size() - 1; i++) {
            Path segment = segments.get(i);
            YearMonth month = AuditSegments.month(segment).orElseThrow();
            if (!month.isBefore(cutoffMonth)) {
                break;
            }
            Optional<AuditRecord> last = lastRecord(segment);
            if (last.isPresent()) {
                writeCheckpoint(last.get());
                lastPurged = last.get().seq();
            }
            try {
                Files.delete(segment);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot remove the audit segment " + segment, e);
            }
            removed++;
        }
        if (removed > 0) {
            trail.append(AuditRecord.EVENT, "gateway:retention", "audit.purge", List.of("through-seq:" + lastPurged),
                "purged", Optional.of("older-than:" + cutoffMonth));
        }
        return removed;
    }

    private void writeCheckpoint(AuditRecord last) {
        Instant now = clock.instant();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("seq", last.seq());
        fields.put("chain", last.mac());
        fields.put("time", now.toString());
        fields.put("mac", checkpointMac(last.seq(), last.mac(), now, key));
        Path target = trail.segments().checkpoint();
        try {
            Path temporary = Files.createTempFile(target.getParent(), ".checkpoint", ".tmp");
            Files.writeString(temporary, JSON.writeValueAsString(fields), StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the audit checkpoint", e);
        }
    }

    static boolean checkpointMacValid(AuditCheckpoint checkpoint, byte[] key) {
        return MessageDigest.isEqual(
            checkpointMac(checkpoint.seq(), checkpoint.chainMac(), checkpoint.time(), key).getBytes(StandardCharsets.US_ASCII),
            checkpoint.mac().getBytes(StandardCharsets.US_ASCII));
    }

    private static String checkpointMac(long seq, String chain, Instant time, byte[] key) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            hmac.update(("checkpoint\n" + seq + "\n" + chain + "\n" + time).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(hmac.doFinal());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<AuditRecord> lastRecord(Path segment) {
        try (BufferedReader reader = Files.newBufferedReader(segment, StandardCharsets.UTF_8)) {
            String line;
            String last = null;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    last = line;
                }
            }
            return Optional.ofNullable(last).map(AuditCodec::parse);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the audit segment " + segment, e);
        }
    }
}
