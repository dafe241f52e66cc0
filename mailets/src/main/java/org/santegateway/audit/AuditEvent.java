package org.santegateway.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One decision of the gateway, as the audit trail keeps it: who (the actor's role and a hash of
 * their address), what (the action and its outcome, with a reason code for a refusal), on what
 * (object identifiers: a hashed Message-ID, a conversation id) and when. By construction it holds
 * no subject, body, address or patient identifier in clear.
 *
 * @param at       when the decision was taken
 * @param actorRole the kind of actor, the name of an {@link ActorKind} ({@code PATIENT}, {@code PROFESSIONAL}...)
 * @param actorId  SHA-256 of the actor's address (see {@link Hashes})
 * @param action   what was decided about, e.g. {@code conversation.message}
 * @param objectIds identifiers of the objects concerned, e.g. {@code message:<sha256>}, {@code conversation:<uuid>}
 * @param outcome  the outcome, e.g. {@code opened}, {@code refused}
 * @param reason   the reason code of a refusal
 */
public record AuditEvent(Instant at, String actorRole, String actorId, String action, List<String> objectIds,
                         String outcome, Optional<String> reason) {
    public AuditEvent {
        Objects.requireNonNull(at);
        Objects.requireNonNull(actorRole);
        Objects.requireNonNull(actorId);
        Objects.requireNonNull(action);
        objectIds = List.copyOf(objectIds);
        Objects.requireNonNull(outcome);
        Objects.requireNonNull(reason);
    }

    /** An event whose actor kind and outcome are typed: the record keeps their names as above. */
    public AuditEvent(Instant at, ActorKind actorKind, String actorId, String action, List<String> objectIds,
                      AuditOutcome outcome, Optional<String> reason) {
        this(at, actorKind.name(), actorId, action, objectIds, outcome.tag(), reason);
    }
}
