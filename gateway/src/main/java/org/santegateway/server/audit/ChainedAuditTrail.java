package org.santegateway.server.audit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tamper-evident audit trail: every event is appended as one JSON line to the current month's
 * segment, chained to the one before by an HMAC-SHA-256 with a key kept outside the trail
 * ({@link AuditCodec}), and forced to disk before {@link #record} returns, so that an event the
 * gateway acted on is never lost. Appends are serialised; the force is shared (group commit): a
 * thread whose record another thread's force already covered returns without forcing again.
 * Reading and verifying go through {@link AuditVerifier}.
 */
public class ChainedAuditTrail implements AuditLog, AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ChainedAuditTrail.class);

    private final AuditSegments segments;
    private final AuditCodec codec;
    private final Clock clock;
    private final Object syncLock = new Object();
    private long syncedSeq;
    private long lastSeq;
    private String lastMac;
    private Path currentSegment;
    private FileChannel channel;

    public ChainedAuditTrail(Path directory, byte[] key, Clock clock) {
        this(directory, key, Optional.empty(), clock);
    }

    /** A trail whose records name {@code node}, the gateway node writing it. */
    public ChainedAuditTrail(Path directory, byte[] key, Optional<String> node, Clock clock) {
        this.segments = new AuditSegments(directory);
        this.codec = new AuditCodec(key, node);
        this.clock = clock;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the audit trail directory " + directory, e);
        }
        recoverTail();
    }

    @Override
    public void record(AuditEvent event) {
        append(AuditRecord.EVENT, event.actorRole() + ":" + event.actorId(), event.action(), event.objectIds(),
            event.outcome(), event.reason());
    }

    public AuditRecord append(String type, String actor, String action, List<String> objects,
                              String outcome, Optional<String> reason) {
        AuditRecord record = write(type, actor, action, objects, outcome, reason);
        forceThrough(record.seq());
        return record;
    }

    private synchronized AuditRecord write(String type, String actor, String action, List<String> objects,
                                           String outcome, Optional<String> reason) {
        Instant now = clock.instant();
        AuditRecord record = codec.seal(lastSeq + 1, now, type, actor, action, objects, outcome, reason, lastMac);
        byte[] line = (codec.toLine(record) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            FileChannel target = channelFor(now);
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                target.write(buffer);
            }
        } catch (IOException e) {
            // Fail closed: the caller must not act as if the event were recorded.
            throw new UncheckedIOException("Cannot append to the audit trail", e);
        }
        lastSeq = record.seq();
        lastMac = record.mac();
        return record;
    }

    /** Returns once the record {@code seq} is on disk, forcing the segment unless another thread's force covered it. */
    private void forceThrough(long seq) {
        synchronized (syncLock) {
            if (syncedSeq >= seq) {
                return;
            }
            long covered;
            FileChannel target;
            synchronized (this) {
                covered = lastSeq;
                target = channel;
            }
            try {
                if (target != null) {
                    target.force(false);
                }
            } catch (java.nio.channels.ClosedChannelException rotated) {
                // A rotation or close() closed it after forcing it (closeChannel): the records are on disk.
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot force the audit trail to disk", e);
            }
            syncedSeq = covered;
        }
    }

    public synchronized long lastSequence() {
        return lastSeq;
    }

    @Override
    public synchronized void close() {
        closeChannel();
    }

    AuditSegments segments() {
        return segments;
    }

    private FileChannel channelFor(Instant time) throws IOException {
        Path segment = segments.segmentFor(time);
        if (!segment.equals(currentSegment) || channel == null) {
            closeChannel();
            channel = FileChannel.open(segment, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            currentSegment = segment;
        }
        return channel;
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.force(false);
                channel.close();
            } catch (IOException e) {
                LOGGER.warn("Closing the audit segment {} failed", currentSegment, e);
            }
            channel = null;
        }
    }

    /** Finds where the chain ends, dropping a line a crash left half-written. */
    private void recoverTail() {
        lastSeq = 0;
        lastMac = AuditCodec.GENESIS;
        AuditVerifier.readCheckpoint(segments).ifPresent(checkpoint -> {
            lastSeq = checkpoint.seq();
            lastMac = checkpoint.chainMac();
        });
        List<Path> files = segments.list();
        for (int i = files.size() - 1; i >= 0; i--) {
            Optional<String> last = lastCompleteLine(files.get(i));
            if (last.isPresent()) {
                AuditRecord record = AuditCodec.parse(last.get());
                lastSeq = record.seq();
                lastMac = record.mac();
                return;
            }
        }
    }

    private static Optional<String> lastCompleteLine(Path file) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long length = raf.length();
            long end = length;
            // A crash during an append leaves a line without its newline: cut it off.
            while (end > 0) {
                raf.seek(end - 1);
                if (raf.read() == '\n') {
                    break;
                }
                end--;
            }
            if (end < length) {
                LOGGER.warn("Audit segment {} ended with an incomplete line ({} bytes): removed", file.getFileName(), length - end);
                raf.setLength(end);
            }
            if (end == 0) {
                return Optional.empty();
            }
            long start = end - 1;
            while (start > 0) {
                raf.seek(start - 1);
                if (raf.read() == '\n') {
                    break;
                }
                start--;
            }
            byte[] bytes = new byte[(int) (end - 1 - start)];
            raf.seek(start);
            raf.readFully(bytes);
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the audit segment " + file, e);
        }
    }
}
