package org.santegateway.xdm;

import java.util.Locale;
import java.util.Optional;

/**
 * Zip entry names and document URIs, judged before anything is done with them: no traversal
 * ({@code ..}, {@code .}, empty segments), nothing absolute ({@code /x}, {@code C:x}, a URI scheme),
 * no backslash, no control character, bounded length.
 */
final class EntryNames {
    static final int MAX_NAME_LENGTH = 512;
    private static final String ROOT = "IHE_XDM";
    private static final String SUBSET_PREFIX = "SUBSET";

    private EntryNames() {
    }

    /** A safe zip entry name (directories end with {@code /}). */
    static boolean isSafeEntryName(String name) {
        String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        return isSafeRelativePath(path);
    }

    /** A safe relative path: segments separated by {@code /}, none empty, {@code .} or {@code ..}. */
    static boolean isSafeRelativePath(String path) {
        if (path == null || path.isEmpty() || path.length() > MAX_NAME_LENGTH) {
            return false;
        }
        if (path.startsWith("/") || path.indexOf('\\') >= 0 || path.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return false;
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** The key names are compared by: XDM names are case-insensitive (ISO 9660 heritage). */
    static String key(String name) {
        return name.toUpperCase(Locale.ROOT);
    }

    /** For {@code IHE_XDM/SUBSET01/DIR/FILE}, the subset key {@code IHE_XDM/SUBSET01}; empty outside a subset. */
    static Optional<String> subsetOf(String name) {
        String[] segments = key(name).split("/");
        if (segments.length >= 3 && segments[0].equals(ROOT) && segments[1].startsWith(SUBSET_PREFIX)) {
            return Optional.of(segments[0] + "/" + segments[1]);
        }
        return Optional.empty();
    }

    static boolean isMetadata(String name) {
        String[] segments = key(name).split("/");
        return segments.length == 3 && subsetOf(name).isPresent() && segments[2].equals("METADATA.XML");
    }

    /** The key of the entry a document URI names in its subset, or empty when the URI is not a safe relative path. */
    static Optional<String> resolve(String subsetKey, String uri) {
        if (!isSafeRelativePath(uri)) {
            return Optional.empty();
        }
        String key = key(uri);
        // Some producers write the URI from the package root; it must still lie in the same subset.
        return Optional.of(key.startsWith(subsetKey + "/") ? key : subsetKey + "/" + key);
    }
}
