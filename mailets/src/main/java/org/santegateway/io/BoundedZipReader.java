package org.santegateway.io;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads a zip from a stream, in one pass, within limits: a number of entries, a number of
 * inflated bytes, and an inflation ratio per entry and over the archive (zip bombs). Each entry is
 * handed to an {@link EntryHandler} as a stream that enforces the limits as it is read; what the
 * handler leaves unread is inflated to the end and counted too, then dropped.
 *
 * <p>{@link ZipInputStream} stops at the first thing that is not a local entry, end of stream
 * included, so a zip cut between two entries would pass for a shorter one: after the last entry
 * the end-of-central-directory record must end the stream and count the entries that were read
 * (the central directory itself is bounded). The input is not closed. Never throws on bad input:
 * every defect becomes a {@link Failure}. Thread-safe: one instance serves every archive.</p>
 */
public final class BoundedZipReader {
    private static final int END_RECORD_BYTES = 22;
    private static final int MAX_ZIP_COMMENT = 1024;
    private static final long MAX_CENTRAL_DIRECTORY_BYTES = 8L << 20;
    private static final int DRAIN_BUFFER = 16 * 1024;

    /**
     * @param maxEntries          entries, directories included
     * @param maxTotalBytes       inflated bytes of all entries together
     * @param maxRatio            inflated/compressed ratio, per entry and over the archive
     * @param ratioThresholdBytes the ratio is enforced once an entry (or the archive) has inflated this much
     */
    public record Limits(int maxEntries, long maxTotalBytes, long maxRatio, long ratioThresholdBytes) {
    }

    /** Why an archive was not read to its sound end. */
    public enum Failure {
        /** Not a zip, truncated, or inconsistent (a CRC, a size, the central directory). */
        CORRUPT,
        /** More entries than {@link Limits#maxEntries()}. */
        TOO_MANY_ENTRIES,
        /** More inflated bytes than {@link Limits#maxTotalBytes()}. */
        TOO_LARGE,
        /** Inflates beyond {@link Limits#maxRatio()}. */
        ZIP_BOMB,
        /** Reading the input failed (or the handler failed to store an entry). */
        IO_ERROR
    }

    /** Receives each entry in order; returns a reason to stop reading, or empty to go on. */
    @FunctionalInterface
    public interface EntryHandler<R> {
        /**
         * @param entry   the entry's name and attributes, as the local header gives them
         * @param content the entry's inflated bytes; need not be read to the end, nor closed
         */
        Optional<R> entry(ZipEntry entry, InputStream content) throws IOException;
    }

    private final Limits limits;

    public BoundedZipReader(Limits limits) {
        this.limits = Objects.requireNonNull(limits);
    }

    /**
     * Reads every entry of the archive through {@code handler}.
     *
     * @return empty when the archive was read to its sound end; otherwise the handler's reason to
     *     stop, or the failure turned into the caller's type by {@code failures}
     */
    public <R> Optional<R> read(InputStream zipStream, EntryHandler<R> handler, Function<Failure, R> failures) {
        CountingInputStream raw = new CountingInputStream(Objects.requireNonNull(zipStream));
        Totals totals = new Totals();
        int count = 0;
        // Closing the zip stream frees its inflater at once; the caller's stream stays open (see CountingInputStream#close).
        try (ZipInputStream zip = new ZipInputStream(raw, StandardCharsets.UTF_8)) {
            ZipEntry zipEntry;
            while ((zipEntry = zip.getNextEntry()) != null) {
                if (++count > limits.maxEntries()) {
                    return Optional.of(failures.apply(Failure.TOO_MANY_ENTRIES));
                }
                GuardedEntryStream entry = new GuardedEntryStream(zip, raw, totals);
                Optional<R> stop = handler.entry(zipEntry, entry);
                if (stop.isPresent()) {
                    return stop;
                }
                drain(entry);
            }
            return checkEndOfArchive(raw, count).map(failures);
        } catch (LimitExceededException e) {
            return Optional.of(failures.apply(e.failure));
        } catch (ZipException | EOFException e) {
            return Optional.of(failures.apply(Failure.CORRUPT));
        } catch (IOException e) {
            return Optional.of(failures.apply(Failure.IO_ERROR));
        } catch (RuntimeException e) {
            // ZipInputStream reports some defects unchecked (a name that is not UTF-8, say).
            return Optional.of(failures.apply(Failure.CORRUPT));
        }
    }

    /** Inflates the rest of an entry, so that it counts against the limits, and keeps nothing. */
    public static void drain(InputStream entry) throws IOException {
        byte[] buffer = new byte[DRAIN_BUFFER];
        while (entry.read(buffer) >= 0) {
            // Inflate to count it against the limits, keep nothing.
        }
    }

    /** The end-of-central-directory record must end the stream and count the entries that were read. */
    private static Optional<Failure> checkEndOfArchive(CountingInputStream raw, int entriesRead) throws IOException {
        byte[] buffer = new byte[DRAIN_BUFFER];
        long drained = 0;
        int n;
        while ((n = raw.read(buffer)) >= 0) {
            drained += n;
            if (drained > MAX_CENTRAL_DIRECTORY_BYTES) {
                return Optional.of(Failure.CORRUPT);
            }
        }
        byte[] tail = raw.tail();
        for (int at = tail.length - END_RECORD_BYTES; at >= 0; at--) {
            if (le32(tail, at) == 0x06054b50L && at + END_RECORD_BYTES + le16(tail, at + 20) == tail.length) {
                int total = le16(tail, at + 10);
                // 0xFFFF: the count is in a Zip64 record; the local entries were checked one by one anyway.
                boolean countMatches = total == 0xFFFF || total == entriesRead;
                return countMatches ? Optional.empty() : Optional.of(Failure.CORRUPT);
            }
        }
        return Optional.of(Failure.CORRUPT);
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static int le16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static final class Totals {
        long inflated;
    }

    private static final class LimitExceededException extends IOException {
        private static final long serialVersionUID = 1L;
        final transient Failure failure;

        LimitExceededException(Failure failure) {
            super(failure.name());
            this.failure = failure;
        }
    }

    /** One entry's inflated bytes, checked against the total and ratio limits as they come. */
    private final class GuardedEntryStream extends FilterInputStream {
        private final CountingInputStream raw;
        private final Totals totals;
        private final long rawAtStart;
        private long inflated;

        GuardedEntryStream(ZipInputStream zip, CountingInputStream raw, Totals totals) {
            super(zip);
            this.raw = raw;
            this.totals = totals;
            this.rawAtStart = raw.count();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int n = in.read(bytes, offset, length);
            if (n > 0) {
                inflated += n;
                totals.inflated += n;
                check();
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(n, DRAIN_BUFFER)];
            int read = read(buffer, 0, buffer.length);
            return Math.max(read, 0);
        }

        @Override
        public void close() {
            // The zip stream stays open for the next entry.
        }

        private void check() throws LimitExceededException {
            if (totals.inflated > limits.maxTotalBytes()) {
                throw new LimitExceededException(Failure.TOO_LARGE);
            }
            long threshold = limits.ratioThresholdBytes();
            long entryCompressed = Math.max(1, raw.count() - rawAtStart);
            if (inflated > threshold && inflated / entryCompressed > limits.maxRatio()) {
                throw new LimitExceededException(Failure.ZIP_BOMB);
            }
            if (totals.inflated > threshold && totals.inflated / Math.max(1, raw.count()) > limits.maxRatio()) {
                throw new LimitExceededException(Failure.ZIP_BOMB);
            }
        }
    }

    /** Counts the compressed bytes read and keeps the last ones (where the end-of-central-directory record is). */
    private static final class CountingInputStream extends FilterInputStream {
        private final byte[] ring = new byte[END_RECORD_BYTES + MAX_ZIP_COMMENT];
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                record(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int n = in.read(bytes, offset, length);
            if (n > 0) {
                record(bytes, offset, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(n, DRAIN_BUFFER)];
            int read = read(buffer, 0, buffer.length);
            return Math.max(read, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void close() {
            // The caller owns the stream.
        }

        long count() {
            return count;
        }

        byte[] tail() {
            int length = (int) Math.min(count, ring.length);
            byte[] tail = new byte[length];
            for (int i = 0; i < length; i++) {
                tail[i] = ring[(int) ((count - length + i) % ring.length)];
            }
            return tail;
        }

        private void record(byte[] bytes, int offset, int n) {
            int start = Math.max(0, n - ring.length);
            for (int i = start; i < n; i++) {
                ring[(int) ((count + i) % ring.length)] = bytes[offset + i];
            }
            count += n;
        }
    }
}
