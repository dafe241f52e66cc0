package org.santegateway.server.spaces;

import java.time.Instant;
import java.util.Optional;

/**
 * A patient's space as admins see it: the INS, the state, the personal address notices go to (none after a deletion
 * or an objection), whether notices go by post, whether it was ever activated, why it was closed, and the time of its
 * next clock-driven transition.
 */
public record PatientSpace(String ins, SpaceState state, Optional<String> personalEmail, boolean postal, boolean activated,
                           Optional<String> closeReason, Instant notifiedAt, Optional<Instant> dueAt, Instant updatedAt) {
}
