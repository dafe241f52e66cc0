package org.santegateway.dmp;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The document types the DMP accepts, and the check that content is what it claims to be: the
 * declared MIME type must be supported and the first bytes must match it (a "PDF" that is an
 * executable, a "JPEG" that is a zip, are refused). Any archive is refused as a nested archive,
 * whatever it is declared as: an archive inside a package or a message is never unpacked.
 */
public final class DocumentTypes {
    public static final String CDA = "text/xml";
    public static final String PDF = "application/pdf";
    public static final String JPEG = "image/jpeg";
    public static final String PNG = "image/png";
    public static final String TIFF = "image/tiff";
    public static final String TEXT = "text/plain";
    public static final String RTF = "text/rtf";

    /** How many leading bytes {@link #check} looks at. */
    public static final int HEAD_BYTES = 16;

    /** Every supported MIME type. {@code text/xml} stands for a CDA R2 document only. */
    public static final Set<String> SUPPORTED = Set.of(CDA, PDF, JPEG, PNG, TIFF, TEXT, RTF);

    private static final Set<String> ARCHIVE_TYPES = Set.of("application/zip", "application/x-zip-compressed",
        "application/x-zip", "multipart/x-zip", "application/gzip", "application/x-gzip", "application/x-tar",
        "application/x-7z-compressed", "application/x-rar-compressed", "application/vnd.rar", "application/java-archive");

    /** What is wrong with a document's type. */
    public enum Problem {
        /** A MIME type the DMP does not take. */
        UNSUPPORTED_TYPE,
        /** A zip (or another archive) inside a package or a message. */
        NESTED_ARCHIVE,
        /** The content does not start the way its declared type does. */
        CONTENT_MISMATCH
    }

    private DocumentTypes() {
    }

    /** The MIME type without parameters, lower case ({@code "application/PDF; name=x"} gives {@code application/pdf}). */
    public static String normalize(String mimeType) {
        if (mimeType == null) {
            return "";
        }
        int semicolon = mimeType.indexOf(';');
        String bare = semicolon >= 0 ? mimeType.substring(0, semicolon) : mimeType;
        bare = bare.strip().toLowerCase(Locale.ROOT);
        return switch (bare) {
            case "application/xml", "application/hl7-v3+xml", "application/hl7-cda+xml" -> CDA;
            case "image/jpg", "image/pjpeg" -> JPEG;
            case "application/rtf" -> RTF;
            default -> bare;
        };
    }

    /**
     * Checks a declared type against the first bytes of the content ({@code head}, up to
     * {@link #HEAD_BYTES}). Empty when the document may be filed as that type.
     */
    public static Optional<Problem> check(String declaredMimeType, byte[] head) {
        String type = normalize(declaredMimeType);
        if (isArchive(head) || ARCHIVE_TYPES.contains(type)) {
            return Optional.of(Problem.NESTED_ARCHIVE);
        }
        if (!SUPPORTED.contains(type)) {
            return Optional.of(Problem.UNSUPPORTED_TYPE);
        }
        boolean matches = switch (type) {
            case PDF -> startsWith(head, '%', 'P', 'D', 'F', '-');
            case JPEG -> startsWith(head, 0xFF, 0xD8, 0xFF);
            case PNG -> startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
            case TIFF -> startsWith(head, 'I', 'I', 42, 0) || startsWith(head, 'M', 'M', 0, 42);
            case RTF -> startsWith(head, '{', '\\', 'r', 't', 'f');
            // Text and XML have no magic; the CDA reader judges XML, and binary is not text.
            case TEXT, CDA -> !containsNul(head);
            default -> false;
        };
        return matches ? Optional.empty() : Optional.of(Problem.CONTENT_MISMATCH);
    }

    /** Zip (local file, empty archive, spanned), gzip, 7z, RAR. */
    public static boolean isArchive(byte[] head) {
        return startsWith(head, 'P', 'K', 3, 4) || startsWith(head, 'P', 'K', 5, 6) || startsWith(head, 'P', 'K', 7, 8)
            || startsWith(head, 0x1F, 0x8B) || startsWith(head, '7', 'z', 0xBC, 0xAF, 0x27, 0x1C)
            || startsWith(head, 'R', 'a', 'r', '!', 0x1A, 0x07);
    }

    private static boolean containsNul(byte[] head) {
        for (byte b : head) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != (magic[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    static byte[] headOf(byte[] content) {
        return Arrays.copyOf(content, Math.min(content.length, HEAD_BYTES));
    }
}
