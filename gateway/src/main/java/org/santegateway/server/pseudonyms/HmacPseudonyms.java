package org.santegateway.server.pseudonyms;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.santegateway.audit.Pseudonyms;

/**
 * Pseudonyms as HMAC-SHA-256 with the audit key of the lower-cased identifier, 16 hex digits
 * (64 bits: no collision in practice among a gateway's users). The log masking uses the same
 * function, cut to 8 digits, so that a log line and an audit record about one person match.
 */
public class HmacPseudonyms implements Pseudonyms {
    private final SecretKeySpec key;

    public HmacPseudonyms(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    @Override
    public String of(String identifier) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(identifier.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
