package org.santegateway.dmp;

import java.util.Objects;

/** What {@link DmpAccessRule} decided. */
public sealed interface AccessDecision {
    /** Why an access is allowed: kept in the history with the access. */
    enum Basis {
        /** The patient in their own record. */
        OWN_RECORD,
        /** A professional taking part in a conversation with the patient. */
        CONVERSATION,
        /** A professional an admin granted access to the patient's record. */
        ADMIN_GRANT
    }

    record Allowed(Basis basis) implements AccessDecision {
        public Allowed {
            Objects.requireNonNull(basis);
        }
    }

    record Denied(DenialReason reason) implements AccessDecision {
        public Denied {
            Objects.requireNonNull(reason);
        }
    }

    default boolean allowed() {
        return this instanceof Allowed;
    }
}
