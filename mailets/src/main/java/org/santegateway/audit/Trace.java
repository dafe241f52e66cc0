package org.santegateway.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an audit record says, without its time (the {@link OutcomeRecorder} stamps it): who
 * (actor kind and pseudonymous id), what (action, outcome, reason code of a refusal) and on what
 * (object identifiers). See {@link AuditEvent} for the meaning of each field.
 */
public record Trace(ActorKind actorKind, String actorId, String action, List<String> objectIds, AuditOutcome outcome,
                    Optional<String> reason) {
    public Trace {
        Objects.requireNonNull(actorKind);
        Objects.requireNonNull(actorId);
        Objects.requireNonNull(action);
        objectIds = List.copyOf(objectIds);
        Objects.requireNonNull(outcome);
        Objects.requireNonNull(reason);
    }

    AuditEvent at(Instant at) {
        return new AuditEvent(at, actorKind, actorId, action, objectIds, outcome, reason);
    }
}
