package org.santegateway.conversation;

import java.util.Objects;

/** What the policy decided about a message. */
public sealed interface Decision {
    /** No patient is involved (or the gateway wrote it): the conversation rules do not apply. */
    record NotConcerned() implements Decision {
    }

    /** Accepted, with the change to record in the store (none for a patient-initiated message). */
    record Accepted(Outcome outcome, java.util.Optional<ConversationChange> change) implements Decision {
        public Accepted {
            Objects.requireNonNull(outcome);
            Objects.requireNonNull(change);
        }
    }

    /** Refused: delivered to nobody. */
    record Refused(RefusalReason reason) implements Decision {
        public Refused {
            Objects.requireNonNull(reason);
        }
    }
}
