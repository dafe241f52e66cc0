package org.santegateway.xdm;

import java.util.Locale;

/** Why one document of an XDM package is not filed (the others may be). */
public enum DocumentRefusal {
    /** The metadata does not describe the document properly (no mimeType, a malformed hash or size...). */
    INVALID_METADATA,
    /** The document's URI leaves its subset directory or is not a relative path. */
    UNSAFE_REFERENCE,
    /** No file in the package for the document. */
    MISSING_FILE,
    /** The file is larger than {@link XdmLimits#maxEntryBytes()}. */
    TOO_LARGE,
    /** The metadata does not declare the document's hash and size (see {@link XdmLimits#requireHashAndSize()}). */
    MISSING_INTEGRITY,
    /** The file's size differs from the declared size. */
    SIZE_MISMATCH,
    /** The file's SHA-1 differs from the declared hash. */
    HASH_MISMATCH,
    /** A MIME type the DMP does not take. */
    UNSUPPORTED_TYPE,
    /** A zip or another archive inside the package. */
    NESTED_ARCHIVE,
    /** The content does not match its declared type. */
    CONTENT_MISMATCH,
    /** Declared {@code text/xml} but not a readable CDA R2 document. */
    INVALID_CDA;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
