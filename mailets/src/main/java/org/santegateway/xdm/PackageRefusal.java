package org.santegateway.xdm;

import java.util.Locale;

/** Why a whole XDM package was refused: none of its documents is filed. */
public enum PackageRefusal {
    /** Not a zip, truncated, or inconsistent (a CRC, a size, the central directory). */
    CORRUPT(false),
    /** More entries than {@link XdmLimits#maxEntries()}. */
    TOO_MANY_ENTRIES(false),
    /** More uncompressed bytes than {@link XdmLimits#maxTotalBytes()}. */
    TOO_LARGE(false),
    /** Inflates beyond {@link XdmLimits#maxRatio()}. */
    ZIP_BOMB(false),
    /** An entry name with {@code ..}, an absolute path, a backslash or a control character. */
    UNSAFE_ENTRY_NAME(false),
    /** Two entries with the same name (ignoring case): which one is the document would be ambiguous. */
    DUPLICATE_ENTRY(false),
    /** No {@code IHE_XDM/SUBSET*}{@code /METADATA.XML}: not an XDM package. */
    MISSING_METADATA(false),
    /** A METADATA.XML larger than {@link XdmLimits#maxMetadataBytes()}. */
    METADATA_TOO_LARGE(false),
    /** A METADATA.XML that is not well-formed, has a DOCTYPE, or is not XDS metadata. */
    MALFORMED_METADATA(false),
    /** More documents than {@link XdmLimits#maxDocuments()}. */
    TOO_MANY_DOCUMENTS(false),
    /** Reading the message or writing a temporary file failed: retry later. */
    IO_ERROR(true);

    private final boolean temporary;

    PackageRefusal(boolean temporary) {
        this.temporary = temporary;
    }

    public boolean temporary() {
        return temporary;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
