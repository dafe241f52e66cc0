package org.santegateway.dmp;

import java.util.Objects;

/** The answer of a store call subject to the access rule: the result, or the reason it was refused. */
public sealed interface AccessOutcome<T> {
    record Granted<T>(T value) implements AccessOutcome<T> {
        public Granted {
            Objects.requireNonNull(value);
        }
    }

    record Denied<T>(DenialReason reason) implements AccessOutcome<T> {
        public Denied {
            Objects.requireNonNull(reason);
        }
    }

    /** For a record or document that does not exist (or, to a professional, is hidden). */
    record NotFound<T>() implements AccessOutcome<T> {
    }
}
