package org.santegateway.dmp;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/** SHA-256 of a document's content, lowercase hex: its address in the store and its duplicate key. */
public record ContentHash(String hex) {
    public static final String ALGORITHM = "SHA-256";

    public ContentHash {
        Objects.requireNonNull(hex);
        hex = hex.toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a SHA-256 is 64 hex digits");
        }
    }

    public static ContentHash of(byte[] digest) {
        if (digest.length != 32) {
            throw new IllegalArgumentException("a SHA-256 is 32 bytes");
        }
        return new ContentHash(HexFormat.of().formatHex(digest));
    }
}
