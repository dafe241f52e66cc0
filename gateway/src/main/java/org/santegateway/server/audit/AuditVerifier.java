package org.santegateway.server.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks the whole audit trail: every record must follow the one before (sequence without gap)
 * and carry the MAC that chains it to it, from the genesis or from the signed retention
 * checkpoint. Reports the first broken record: where a record was altered, removed, inserted or
 * reordered. Records removed from the end are detected by comparing with the sequence the running
 * gateway last wrote ({@code expectedLastSeq}).
 */
public final class AuditVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The first problem found: the sequence number where the chain breaks, the file and line, why. */
    public record Break(long seq, String file, long line, String reason) {
    }

    public record Result(long recordsChecked, long lastSeq, Optional<Break> firstBreak) {
        public boolean valid() {
            return firstBreak.isEmpty();
        }
    }

    private final AuditSegments segments;
    private final AuditCodec codec;
    private final byte[] key;

    public AuditVerifier(Path directory, byte[] key) {
        this.segments = new AuditSegments(directory);
        this.codec = new AuditCodec(key);
        this.key = key.clone();
    }

    public Result verify(Optional<Long> expectedLastSeq) {
        long expected = 1;
        String previous = AuditCodec.GENESIS;
        long checked = 0;
        Optional<AuditCheckpoint> checkpoint;
        try {
            checkpoint = readCheckpoint(segments);
        } catch (IllegalArgumentException e) {
            return new Result(0, 0, Optional.of(new Break(0, AuditSegments.CHECKPOINT, 1, e.getMessage())));
        }
        if (checkpoint.isPresent()) {
            if (!AuditRetention.checkpointMacValid(checkpoint.get(), key)) {
                return new Result(0, 0, Optional.of(new Break(checkpoint.get().seq(), AuditSegments.CHECKPOINT, 1,
                    "checkpoint signature is invalid")));
            }
            expected = checkpoint.get().seq() + 1;
            previous = checkpoint.get().chainMac();
        }
        for (Path segment : segments.list()) {
            try (BufferedReader reader = Files.newBufferedReader(segment, StandardCharsets.UTF_8)) {
                String line;
                long lineNumber = 0;
                while ((line = reader.readLine()) != null) {
                    lineNumber++;
                    AuditRecord record;
                    try {
                        record = AuditCodec.parse(line);
                    } catch (IllegalArgumentException e) {
                        return broken(checked, expected, segment, lineNumber, "unreadable record: " + e.getMessage());
                    }
                    if (checkpoint.isPresent() && record.seq() <= checkpoint.get().seq()) {
                        continue;
                    }
                    if (record.seq() != expected) {
                        return broken(checked, expected, segment, lineNumber, "expected record " + expected + " but found "
                            + record.seq() + ": records were removed or inserted");
                    }
                    if (!codec.verify(record, previous)) {
                        return broken(checked, expected, segment, lineNumber,
                            "MAC does not chain: the record was altered, or one before it was removed, inserted or reordered");
                    }
                    previous = record.mac();
                    expected++;
                    checked++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + segment, e);
            }
        }
        long last = expected - 1;
        if (expectedLastSeq.isPresent() && expectedLastSeq.get() > last) {
            return new Result(checked, last, Optional.of(new Break(last + 1, "-", 0,
                "records " + (last + 1) + " to " + expectedLastSeq.get() + " written by the gateway are missing")));
        }
        return new Result(checked, last, Optional.empty());
    }

    private static Result broken(long checked, long seq, Path segment, long line, String reason) {
        return new Result(checked, seq - 1, Optional.of(new Break(seq, segment.getFileName().toString(), line, reason)));
    }

    static Optional<AuditCheckpoint> readCheckpoint(AuditSegments segments) {
        Path file = segments.checkpoint();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            return Optional.of(new AuditCheckpoint(node.required("seq").asLong(), node.required("chain").asText(),
                Instant.parse(node.required("time").asText()), node.required("mac").asText()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable checkpoint: " + e.getMessage());
        }
    }

    /** Every record as stored (JSON lines), oldest first, for export. */
    public void export(Appendable out) throws IOException {
        for (Path segment : segments.list()) {
            try (BufferedReader reader = Files.newBufferedReader(segment, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    out.append(line).append('\n');
                }
            }
        }
    }

    List<Path> segmentFiles() {
        return segments.list();
    }
}
