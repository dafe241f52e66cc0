package org.santegateway.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of identifiers that must not appear in clear in logs or audit events (Message-IDs,
 * patient addresses), as lowercase hex: the same input always gives the same 64 characters, so
 * events about one message or one person can be correlated without revealing them.
 */
public final class Hashes {
    private Hashes() {
    }

    public static String sha256(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
