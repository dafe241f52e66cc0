package org.santegateway.server.spaces;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The codes a patient types to object or to activate their space: ten characters of an alphabet without look-alikes
 * (no I, L, O, U), shown as {@code XXXXX-XXXXX} (50 bits); stored as a SHA-256 digest bound to the INS. Typed codes are
 * compared without case, spaces or dashes.
 */
final class SpaceCodes {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private SpaceCodes() {
    }

    static String newCode() {
        StringBuilder code = new StringBuilder(11);
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                code.append('-');
            }
            code.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return code.toString();
    }

    static String digest(String ins, String code) {
        String normalised = code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((ins + ":" + normalised).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static boolean matches(String ins, String typed, String storedDigest) {
        return MessageDigest.isEqual(digest(ins, typed).getBytes(StandardCharsets.US_ASCII), storedDigest.getBytes(StandardCharsets.US_ASCII));
    }
}
