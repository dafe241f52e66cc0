package org.santegateway.xdm;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import org.santegateway.cda.CdaException;
import org.santegateway.cda.CdaHeader;
import org.santegateway.cda.CdaHeaderReader;
import org.santegateway.dmp.ContentSpooler;
import org.santegateway.dmp.ContentTooLargeException;
import org.santegateway.dmp.DocumentTypes;
import org.santegateway.dmp.PatientIdentifier;
import org.santegateway.dmp.SpooledContent;

/**
 * Reads an IHE XDM package ({@code IHE_XDM.ZIP}: {@code INDEX.HTM}, {@code README.TXT},
 * {@code IHE_XDM/SUBSET01/METADATA.XML} and the documents) from a stream, in one pass, and checks
 * each document its metadata lists against what the zip holds.
 *
 * <p>The whole package is refused ({@link PackageRefusal}) when it is not a sound, bounded zip or
 * has no readable metadata: a truncated or corrupt zip (the central directory is checked, so a zip
 * cut at an entry boundary is caught too), more entries, bytes or inflation ratio than
 * {@link XdmLimits} allow (zip bombs), an entry name with {@code ..}, an absolute path or a
 * backslash, two entries with the same name, no {@code IHE_XDM/SUBSET*}{@code /METADATA.XML}, or
 * metadata that is not well-formed (or has a DOCTYPE). Otherwise each listed document is accepted
 * or refused on its own ({@link DocumentRefusal}): unsafe or dangling URI, too large, declared size
 * or SHA-1 not matching (both required by default), unsupported type, archive inside the package,
 * content not matching its type, {@code text/xml} that is not a CDA R2 document.</p>
 *
 * <p>Memory stays bounded: entries stream through {@link java.util.zip.ZipInputStream}; documents
 * are spooled ({@link ContentSpooler}) in memory up to {@link XdmLimits#maxInMemoryBytes()} in all,
 * the rest in encrypted temporary files, since METADATA.XML may come after the documents. Entries
 * outside the subsets are inflated (to count them against the limits) and dropped. The input is
 * not closed. Never throws on bad input; logs nothing. Thread-safe: one instance serves every
 * message.</p>
 */
public final class XdmPackageReader {
    /** The conventional attachment name. */
    public static final String FILE_NAME = "IHE_XDM.ZIP";
    private static final int END_RECORD_BYTES = 22;
    private static final int MAX_ZIP_COMMENT = 1024;
    private static final long MAX_CENTRAL_DIRECTORY_BYTES = 8L << 20;
    private static final int DRAIN_BUFFER = 16 * 1024;

    private final XdmLimits limits;
    private final ContentSpooler spooler;
    private final CdaHeaderReader cdaReader;
    private final XdsMetadataParser metadataParser;

    public XdmPackageReader(XdmLimits limits, ContentSpooler spooler, CdaHeaderReader cdaReader) {
        this.limits = Objects.requireNonNull(limits);
        this.spooler = Objects.requireNonNull(spooler);
        this.cdaReader = Objects.requireNonNull(cdaReader);
        this.metadataParser = new XdsMetadataParser(limits.maxMetadataBytes(), limits.maxDocuments());
    }

    /** Whether an attachment name is the conventional XDM one (case-insensitive); any zip may still be XDM. */
    public static boolean isXdmFileName(String fileName) {
        return fileName != null && fileName.strip().equalsIgnoreCase(FILE_NAME);
    }

    public XdmReadResult read(InputStream zipStream) {
        Objects.requireNonNull(zipStream);
        Entries entries = new Entries();
        boolean handedOver = false;
        try {
            Optional<PackageRefusal> refusal = readEntries(zipStream, entries);
            if (refusal.isPresent()) {
                return new XdmReadResult.Refused(refusal.get());
            }
            if (entries.metadata.isEmpty()) {
                return new XdmReadResult.Refused(PackageRefusal.MISSING_METADATA);
            }
            List<XdmDocument> documents = new ArrayList<>();
            int listed = 0;
            for (Map.Entry<String, byte[]> subset : entries.metadata.entrySet()) {
                XdsMetadata metadata = metadataParser.parse(new java.io.ByteArrayInputStream(subset.getValue()));
                listed += metadata.entries().size();
                if (listed > limits.maxDocuments()) {
                    return new XdmReadResult.Refused(PackageRefusal.TOO_MANY_DOCUMENTS);
                }
                for (XdsMetadata.Entry entry : metadata.entries()) {
                    documents.add(document(subset.getKey(), entry, metadata.submissionSetPatientIds(), entries.files));
                }
            }
            closeUnused(entries.files, documents);
            handedOver = true;
            return new XdmReadResult.Read(new XdmPackage(documents));
        } catch (XdsMetadataException e) {
            return new XdmReadResult.Refused(e.refusal());
        } catch (RuntimeException e) {
            // Hostile input must never break the pipeline: whatever slipped through is a corrupt package.
            return new XdmReadResult.Refused(PackageRefusal.CORRUPT);
        } finally {
            if (!handedOver) {
                entries.files.values().forEach(file -> file.content.ifPresent(XdmPackage::closeQuietly));
            }
        }
    }

    private Optional<PackageRefusal> readEntries(InputStream zipStream, Entries entries) {
        CountingInputStream raw = new CountingInputStream(zipStream);
        Totals totals = new Totals();
        int count = 0;
        Set<String> names = new HashSet<>();
        long inMemory = 0;
        long metadataBytes = 0;
        // Closing the zip stream frees its inflater at once; the caller's stream stays open (see CountingInputStream#close).
        try (ZipInputStream zip = new ZipInputStream(raw, StandardCharsets.UTF_8)) {
            ZipEntry zipEntry;
            while ((zipEntry = zip.getNextEntry()) != null) {
                if (++count > limits.maxEntries()) {
                    return Optional.of(PackageRefusal.TOO_MANY_ENTRIES);
                }
                String name = zipEntry.getName();
                if (!EntryNames.isSafeEntryName(name)) {
                    return Optional.of(PackageRefusal.UNSAFE_ENTRY_NAME);
                }
                String key = EntryNames.key(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
                if (!names.add(key)) {
                    return Optional.of(PackageRefusal.DUPLICATE_ENTRY);
                }
                GuardedEntryStream entry = new GuardedEntryStream(zip, raw, totals);
                if (zipEntry.isDirectory()) {
                    drain(entry);
                } else if (EntryNames.isMetadata(name)) {
                    byte[] metadata = entry.readNBytes((int) (limits.maxMetadataBytes() - metadataBytes) + 1);
                    metadataBytes += metadata.length;
                    if (metadataBytes > limits.maxMetadataBytes()) {
                        return Optional.of(PackageRefusal.METADATA_TOO_LARGE);
                    }
                    entries.metadata.put(EntryNames.subsetOf(name).orElseThrow(), metadata);
                } else if (EntryNames.subsetOf(name).isPresent()) {
                    int allowance = (int) Math.max(0, Math.min(Integer.MAX_VALUE, limits.maxInMemoryBytes() - inMemory));
                    try {
                        SpooledContent content = spooler.spool(entry, limits.maxEntryBytes(), allowance);
                        if (content.inMemory()) {
                            inMemory += content.size();
                        }
                        entries.files.put(key, new SubsetFile(Optional.of(content)));
                    } catch (ContentTooLargeException e) {
                        drain(entry);
                        entries.files.put(key, new SubsetFile(Optional.empty()));
                    }
                } else {
                    drain(entry);
                }
            }
            return checkEndOfArchive(raw, count);
        } catch (LimitExceededException e) {
            return Optional.of(e.refusal);
        } catch (ZipException | EOFException e) {
            return Optional.of(PackageRefusal.CORRUPT);
        } catch (IOException e) {
            return Optional.of(PackageRefusal.IO_ERROR);
        } catch (RuntimeException e) {
            // ZipInputStream reports some defects unchecked (a name that is not UTF-8, say).
            return Optional.of(PackageRefusal.CORRUPT);
        }
    }

    /**
     * ZipInputStream stops at the first thing that is not a local entry, end of stream included: a
     * zip cut between two entries would pass for a shorter one. The end-of-central-directory record
     * must end the stream and count the entries that were read.
     */
    private Optional<PackageRefusal> checkEndOfArchive(CountingInputStream raw, int entriesRead) throws IOException {
        byte[] buffer = new byte[DRAIN_BUFFER];
        long drained = 0;
        int n;
        while ((n = raw.read(buffer)) >= 0) {
            drained += n;
            if (drained > MAX_CENTRAL_DIRECTORY_BYTES) {
                return Optional.of(PackageRefusal.CORRUPT);
            }
        }
        byte[] tail = raw.tail();
        for (int at = tail.length - END_RECORD_BYTES; at >= 0; at--) {
            if (le32(tail, at) == 0x06054b50L && at + END_RECORD_BYTES + le16(tail, at + 20) == tail.length) {
                int total = le16(tail, at + 10);
                // 0xFFFF: the count is in a Zip64 record; the local entries were checked one by one anyway.
                boolean countMatches = total == 0xFFFF || total == entriesRead;
                return countMatches ? Optional.empty() : Optional.of(PackageRefusal.CORRUPT);
            }
        }
        return Optional.of(PackageRefusal.CORRUPT);
    }

    private XdmDocument document(String subset, XdsMetadata.Entry parsed, List<PatientIdentifier> submissionSetIds,
                                 Map<String, SubsetFile> files) {
        if (parsed instanceof XdsMetadata.Invalid invalid) {
            return new XdmDocument.Refused(invalid.entryId(), Optional.empty(), DocumentRefusal.INVALID_METADATA);
        }
        XdsDocumentEntry entry = ((XdsMetadata.Valid) parsed).entry();
        Optional<String> key;
        if (entry.uri().isPresent()) {
            key = EntryNames.resolve(subset, entry.uri().get());
            if (key.isEmpty()) {
                return refused(entry, DocumentRefusal.UNSAFE_REFERENCE);
            }
        } else {
            key = byEntryId(subset, entry.entryId(), files);
        }
        SubsetFile file = key.map(files::get).orElse(null);
        if (file == null) {
            return refused(entry, DocumentRefusal.MISSING_FILE);
        }
        if (file.content.isEmpty()) {
            return refused(entry, DocumentRefusal.TOO_LARGE);
        }
        SpooledContent content = file.content.get();
        if (limits.requireHashAndSize() && (entry.sha1Hex().isEmpty() || entry.size().isEmpty())) {
            return refused(entry, DocumentRefusal.MISSING_INTEGRITY);
        }
        if (entry.size().isPresent() && entry.size().getAsLong() != content.size()) {
            return refused(entry, DocumentRefusal.SIZE_MISMATCH);
        }
        if (entry.sha1Hex().isPresent() && !entry.sha1Hex().get().equals(content.sha1Hex())) {
            return refused(entry, DocumentRefusal.HASH_MISMATCH);
        }
        Optional<DocumentTypes.Problem> problem = DocumentTypes.check(entry.mimeType(), content.head());
        if (problem.isPresent()) {
            return refused(entry, switch (problem.get()) {
                case UNSUPPORTED_TYPE -> DocumentRefusal.UNSUPPORTED_TYPE;
                case NESTED_ARCHIVE -> DocumentRefusal.NESTED_ARCHIVE;
                case CONTENT_MISMATCH -> DocumentRefusal.CONTENT_MISMATCH;
            });
        }
        Optional<CdaHeader> cda = Optional.empty();
        if (DocumentTypes.normalize(entry.mimeType()).equals(DocumentTypes.CDA)) {
            try (InputStream in = content.openStream()) {
                cda = Optional.of(cdaReader.read(in));
            } catch (CdaException | IOException e) {
                return refused(entry, DocumentRefusal.INVALID_CDA);
            }
        }
        return new XdmDocument.Accepted(entry, content, cda, submissionSetIds);
    }

    /** Without a URI slot: the one file of the subset named after the entry id, whatever its extension. */
    private static Optional<String> byEntryId(String subset, String entryId, Map<String, SubsetFile> files) {
        String prefix = subset + "/" + EntryNames.key(entryId) + ".";
        List<String> candidates = files.keySet().stream()
            .filter(name -> name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0)
            .toList();
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    private static XdmDocument refused(XdsDocumentEntry entry, DocumentRefusal reason) {
        return new XdmDocument.Refused(entry.entryId(), Optional.of(entry), reason);
    }

    private static void closeUnused(Map<String, SubsetFile> files, List<XdmDocument> documents) {
        Set<SpooledContent> used = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (XdmDocument document : documents) {
            if (document instanceof XdmDocument.Accepted accepted) {
                used.add(accepted.content());
            }
        }
        for (SubsetFile file : files.values()) {
            file.content.filter(content -> !used.contains(content)).ifPresent(XdmPackage::closeQuietly);
        }
    }

    private static void drain(InputStream entry) throws IOException {
        byte[] buffer = new byte[DRAIN_BUFFER];
        while (entry.read(buffer) >= 0) {
            // Inflate to count it against the limits, keep nothing.
        }
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static int le16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    /** What the zip held: metadata per subset (sorted by name), files in subsets by key. */
    private static final class Entries {
        final Map<String, byte[]> metadata = new TreeMap<>();
        final Map<String, SubsetFile> files = new HashMap<>();
    }

    /** A file of a subset: its content, or empty when it was over the entry limit. */
    private record SubsetFile(Optional<SpooledContent> content) {
    }

    private static final class Totals {
        long inflated;
    }

    private static final class LimitExceededException extends IOException {
        private static final long serialVersionUID = 1L;
        final transient PackageRefusal refusal;

        LimitExceededException(PackageRefusal refusal) {
            super(refusal.code());
            this.refusal = refusal;
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
                throw new LimitExceededException(PackageRefusal.TOO_LARGE);
            }
            long threshold = limits.ratioThresholdBytes();
            long entryCompressed = Math.max(1, raw.count() - rawAtStart);
            if (inflated > threshold && inflated / entryCompressed > limits.maxRatio()) {
                throw new LimitExceededException(PackageRefusal.ZIP_BOMB);
            }
            if (totals.inflated > threshold && totals.inflated / Math.max(1, raw.count()) > limits.maxRatio()) {
                throw new LimitExceededException(PackageRefusal.ZIP_BOMB);
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
