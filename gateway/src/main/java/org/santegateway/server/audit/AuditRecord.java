package org.santegateway.server.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the audit trail: an event, or the checkpoint that the retention job leaves where
 * it cut the chain. {@code mac} chains it to the record before (see {@link AuditCodec}).
 *
 * @param seq      position in the trail, from 1, without gaps
 * @param time     UTC time of the event
 * @param type     {@code event} or {@code checkpoint}
 * @param actor    who (a role and a keyed pseudonym, never an address or patient identifier)
 * @param action   what, e.g. {@code smtp.auth}, {@code conversation.message}
 * @param objects  identifiers of what it was done to (hashed Message-ID, document id...)
 * @param outcome  e.g. {@code success}, {@code refused}
 * @param reason   reason code, when there is one
 * @param mac      HMAC-SHA-256 over the previous record's MAC and this record, hex
 * @param node     the gateway node that wrote it ({@code node.id}); absent in records of versions before nodes
 */
public record AuditRecord(long seq, Instant time, String type, String actor, String action, List<String> objects,
                          String outcome, Optional<String> reason, String mac, Optional<String> node) {
    public static final String EVENT = "event";
    public static final String CHECKPOINT = "checkpoint";

    public AuditRecord {
        Objects.requireNonNull(time);
        Objects.requireNonNull(type);
        Objects.requireNonNull(actor);
        Objects.requireNonNull(action);
        objects = List.copyOf(objects);
        Objects.requireNonNull(outcome);
        Objects.requireNonNull(reason);
        Objects.requireNonNull(mac);
        Objects.requireNonNull(node);
    }

    /** A record without a node name, as versions before nodes wrote them. */
    public AuditRecord(long seq, Instant time, String type, String actor, String action, List<String> objects,
                       String outcome, Optional<String> reason, String mac) {
        this(seq, time, type, actor, action, objects, outcome, reason, mac, Optional.empty());
    }
}
