package org.santegateway.server.audit;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The audit trail's line format and chaining. A record is one JSON line with its fields in a fixed
 * order; its MAC is {@code HMAC-SHA-256(key, previousMac || "\n" || line-without-mac)}, so that
 * altering, removing, inserting or reordering a record breaks the chain from that record on. The
 * first record follows {@link #GENESIS}. A codec given a node name writes it in every record it seals
 * ({@code "node"}, after the time, covered by the MAC); records without one verify as they always did.
 */
public final class AuditCodec {
    public static final String GENESIS = "0".repeat(64);
    private static final String ALGORITHM = "HmacSHA256";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretKeySpec key;
    private final Optional<String> node;

    public AuditCodec(byte[] key) {
        this(key, Optional.empty());
    }

    public AuditCodec(byte[] key, Optional<String> node) {
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.node = Objects.requireNonNull(node);
    }

    /** The record that follows {@code previousMac}, with its MAC computed. */
    public AuditRecord seal(long seq, Instant time, String type, String actor, String action, List<String> objects,
                            String outcome, Optional<String> reason, String previousMac) {
        AuditRecord unsealed = new AuditRecord(seq, time, type, actor, action, objects, outcome, reason, "", node);
        return new AuditRecord(seq, time, type, actor, action, objects, outcome, reason, mac(previousMac, unsealed), node);
    }

    public boolean verify(AuditRecord record, String previousMac) {
        return MessageDigest.isEqual(
            mac(previousMac, record).getBytes(StandardCharsets.US_ASCII),
            record.mac().getBytes(StandardCharsets.US_ASCII));
    }

    public String toLine(AuditRecord record) {
        Map<String, Object> fields = body(record);
        fields.put("mac", record.mac());
        return write(fields);
    }

    public static AuditRecord parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            List<String> objects = new ArrayList<>();
            node.required("objects").forEach(value -> objects.add(value.asText()));
            JsonNode reason = node.get("reason");
            JsonNode writer = node.get("node");
            return new AuditRecord(
                node.required("seq").asLong(),
                Instant.parse(node.required("time").asText()),
                node.required("type").asText(),
                node.required("actor").asText(),
                node.required("action").asText(),
                objects,
                node.required("outcome").asText(),
                reason == null || reason.isNull() ? Optional.empty() : Optional.of(reason.asText()),
                node.required("mac").asText(),
                writer == null || writer.isNull() ? Optional.empty() : Optional.of(writer.asText()));
        } catch (JsonProcessingException | IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("not an audit record: " + e.getMessage());
        }
    }

    private String mac(String previousMac, AuditRecord record) {
        try {
            Mac hmac = Mac.getInstance(ALGORITHM);
            hmac.init(key);
            hmac.update(previousMac.getBytes(StandardCharsets.US_ASCII));
            hmac.update((byte) '\n');
            hmac.update(write(body(record)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hmac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> body(AuditRecord record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("seq", record.seq());
        fields.put("time", record.time().toString());
        record.node().ifPresent(writer -> fields.put("node", writer));
        fields.put("type", record.type());
        fields.put("actor", record.actor());
        fields.put("action", record.action());
        fields.put("objects", record.objects());
        fields.put("outcome", record.outcome());
        fields.put("reason", record.reason().orElse(null));
        return fields;
    }

    private static String write(Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
