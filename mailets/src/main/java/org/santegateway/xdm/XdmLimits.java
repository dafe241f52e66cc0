package org.santegateway.xdm;

/**
 * The mandatory bounds of {@link XdmPackageReader}. The defaults fit a package carried by a
 * message of at most 25 MB (the patient-domain limit) with room for documents that compress well.
 *
 * @param maxEntries            zip entries (directories included); default 1000
 * @param maxTotalBytes         uncompressed bytes of all entries together; default 128 MiB
 * @param maxEntryBytes         uncompressed bytes of one document; a larger one is refused alone; default 32 MiB
 * @param maxMetadataBytes      bytes of all METADATA.XML files together (the whole package is refused past it); default 4 MiB
 * @param maxRatio              uncompressed/compressed ratio, per entry and over the package (a zip bomb past it); default 100
 * @param ratioThresholdBytes   the ratio is enforced once an entry (or the package) has inflated this much,
 *                              so that a small, very compressible file is no bomb; default 1 MiB
 * @param maxInMemoryBytes      document bytes the package keeps in memory in total; the rest is spooled
 *                              to encrypted temporary files; default 4 MiB
 * @param maxDocuments          documents listed in all METADATA.XML together; default 200
 * @param requireHashAndSize    refuse a document whose metadata does not declare its hash and size (XDM
 *                              makes both required); default true
 */
public record XdmLimits(int maxEntries, long maxTotalBytes, long maxEntryBytes, int maxMetadataBytes, int maxRatio,
                        long ratioThresholdBytes, int maxInMemoryBytes, int maxDocuments, boolean requireHashAndSize) {
    public static final XdmLimits DEFAULTS = new XdmLimits(1000, 128L << 20, 32L << 20, 4 << 20, 100, 1L << 20, 4 << 20, 200, true);

    public XdmLimits {
        if (maxEntries <= 0 || maxTotalBytes <= 0 || maxEntryBytes <= 0 || maxMetadataBytes <= 0 || maxRatio <= 0
            || ratioThresholdBytes < 0 || maxInMemoryBytes < 0 || maxDocuments <= 0) {
            throw new IllegalArgumentException("XDM limits must be positive");
        }
    }
}
