package org.santegateway.dmp;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One access to a patient's record, granted or refused: who, when, what, which document. The
 * patient reads these in their access history.
 *
 * @param document the document concerned; empty for a list or a history read
 * @param denial   empty when the access was granted, the reason otherwise
 */
public record AccessEvent(Instant at, Actor actor, Ins patient, AccessAction action, Optional<DocumentId> document,
                          Optional<DenialReason> denial) {
    public AccessEvent {
        Objects.requireNonNull(at);
        Objects.requireNonNull(actor);
        Objects.requireNonNull(patient);
        Objects.requireNonNull(action);
        Objects.requireNonNull(document);
        Objects.requireNonNull(denial);
    }

    public boolean granted() {
        return denial.isEmpty();
    }
}
