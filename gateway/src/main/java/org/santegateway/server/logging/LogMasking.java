package org.santegateway.server.logging;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces what would identify a person in a log line by a keyed pseudonym: e-mail addresses
 * (a patient's address carries their INS) become {@code <addr:1a2b3c4d>}, anything shaped like a
 * matricule INS {@code <ins:...>}. The same value gives the same pseudonym with the same key, so
 * lines about one person can still be correlated. The key is the gateway's audit key when it can be
 * read, a random one for the process otherwise.
 */
public final class LogMasking {
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._%+=\\-]+@[A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)*");
    private static final Pattern INS = Pattern.compile("(?<![A-Za-z0-9])[1-478]\\d{4}(?:\\d{2}|2[AaBb])\\d{8}(?![A-Za-z0-9])");

    private final SecretKeySpec key;

    public LogMasking(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    public static LogMasking fromKeyFile(String keyFile) {
        byte[] key = null;
        if (keyFile != null && !keyFile.isBlank()) {
            try {
                key = HexFormat.of().parseHex(Files.readString(Path.of(keyFile), StandardCharsets.US_ASCII).strip());
            } catch (java.io.IOException | IllegalArgumentException e) {
                key = null;
            }
        }
        if (key == null) {
            key = new byte[32];
            new SecureRandom().nextBytes(key);
        }
        return new LogMasking(key);
    }

    public String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String withoutAddresses = replace(ADDRESS.matcher(text), "addr");
        return replace(INS.matcher(withoutAddresses), "ins");
    }

    private String replace(Matcher matcher, String kind) {
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(result, Matcher.quoteReplacement("<" + kind + ":" + pseudonym(matcher.group()) + ">"));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private String pseudonym(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(value.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
