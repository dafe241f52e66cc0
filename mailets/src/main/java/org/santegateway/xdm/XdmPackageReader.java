package org.santegateway.xdm;

import java.io.IOException;
import java.io.InputStream;
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

import org.santegateway.cda.CdaException;
import org.santegateway.cda.CdaHeader;
import org.santegateway.cda.CdaHeaderReader;
import org.santegateway.dmp.ContentSpooler;
import org.santegateway.dmp.ContentTooLargeException;
import org.santegateway.dmp.DocumentTypes;
import org.santegateway.dmp.PatientIdentifier;
import org.santegateway.dmp.SpooledContent;
import org.santegateway.io.BoundedZipReader;

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
 * <p>Memory stays bounded: entries stream through a {@link BoundedZipReader}; documents
 * are spooled ({@link ContentSpooler}) in memory up to {@link XdmLimits#maxInMemoryBytes()} in all,
 * the rest in encrypted temporary files, since METADATA.XML may come after the documents. Entries
 * outside the subsets are inflated (to count them against the limits) and dropped. The input is
 * not closed. Never throws on bad input; logs nothing. Thread-safe: one instance serves every
 * message.</p>
 */
public final class XdmPackageReader {
    /** The conventional attachment name. */
    public static final String FILE_NAME = "IHE_XDM.ZIP";

    private final XdmLimits limits;
    private final BoundedZipReader zipReader;
    private final ContentSpooler spooler;
    private final CdaHeaderReader cdaReader;
    private final XdsMetadataParser metadataParser;

    public XdmPackageReader(XdmLimits limits, ContentSpooler spooler, CdaHeaderReader cdaReader) {
        this.limits = Objects.requireNonNull(limits);
        this.zipReader = new BoundedZipReader(new BoundedZipReader.Limits(limits.maxEntries(), limits.maxTotalBytes(), limits.maxRatio(),
            limits.ratioThresholdBytes()));
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
        return zipReader.read(zipStream, new EntryCollector(entries), failure -> switch (failure) {
            case CORRUPT -> PackageRefusal.CORRUPT;
            case TOO_MANY_ENTRIES -> PackageRefusal.TOO_MANY_ENTRIES;
            case TOO_LARGE -> PackageRefusal.TOO_LARGE;
            case ZIP_BOMB -> PackageRefusal.ZIP_BOMB;
            case IO_ERROR -> PackageRefusal.IO_ERROR;
        });
    }

    /** Keeps the metadata and the subsets' files of the zip, refusing unsafe or duplicate names. */
    private final class EntryCollector implements BoundedZipReader.EntryHandler<PackageRefusal> {
        private final Entries entries;
        private final Set<String> names = new HashSet<>();
        private long inMemory;
        private long metadataBytes;

        EntryCollector(Entries entries) {
            this.entries = entries;
        }

        @Override
        public Optional<PackageRefusal> entry(ZipEntry zipEntry, InputStream entry) throws IOException {
            String name = zipEntry.getName();
            if (!EntryNames.isSafeEntryName(name)) {
                return Optional.of(PackageRefusal.UNSAFE_ENTRY_NAME);
            }
            String key = EntryNames.key(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
            if (!names.add(key)) {
                return Optional.of(PackageRefusal.DUPLICATE_ENTRY);
            }
            if (zipEntry.isDirectory()) {
                BoundedZipReader.drain(entry);
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
                    BoundedZipReader.drain(entry);
                    entries.files.put(key, new SubsetFile(Optional.empty()));
                }
            } else {
                BoundedZipReader.drain(entry);
            }
            return Optional.empty();
        }
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

    /** What the zip held: metadata per subset (sorted by name), files in subsets by key. */
    private static final class Entries {
        final Map<String, byte[]> metadata = new TreeMap<>();
        final Map<String, SubsetFile> files = new HashMap<>();
    }

    /** A file of a subset: its content, or empty when it was over the entry limit. */
    private record SubsetFile(Optional<SpooledContent> content) {
    }
}
