package org.santegateway.dmp;

import java.util.Objects;
import java.util.Optional;

/** Whether a document goes into a patient's record, and whose. */
public sealed interface IdentificationDecision {
    /** File into {@code patient}'s record; {@code authority} when the document qualified the INS itself. */
    record File(Ins patient, Optional<InsAuthority> authority) implements IdentificationDecision {
        public File {
            Objects.requireNonNull(patient);
            Objects.requireNonNull(authority);
        }
    }

    /** Do not file: the sender gets an MDN {@code processed/error} naming {@code error.code()}. */
    record Refuse(IntegrationError error) implements IdentificationDecision {
        public Refuse {
            Objects.requireNonNull(error);
        }
    }
}
