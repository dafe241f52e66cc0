package org.santegateway.filing;

import java.util.Objects;
import java.util.Optional;

import org.santegateway.audit.AuditOutcome;
import org.santegateway.dmp.DocumentId;
import org.santegateway.dmp.Ins;
import org.santegateway.dmp.IntegrationError;

/**
 * What became of one document of a message.
 *
 * @param outcome  filed, duplicate (already in the record) or refused
 * @param reason   for a refusal, a fixed code: an MSSanté code (902-905) or the refusal's code
 *                 ({@code hash_mismatch}, {@code xdm.zip_bomb}...); {@code none} otherwise
 * @param error    the MSSanté integration error, for a patient identification refusal
 * @param patient  the patient whose record it went into, when decided
 * @param document the store's id of the document (new or existing), when filed or duplicate
 */
public record DocumentResult(Outcome outcome, String reason, Optional<IntegrationError> error, Optional<Ins> patient,
                             Optional<DocumentId> document) {
    public enum Outcome implements AuditOutcome {
        FILED, DUPLICATE, REFUSED;

        @Override
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final String NO_REASON = "none";

    public DocumentResult {
        Objects.requireNonNull(outcome);
        Objects.requireNonNull(reason);
        Objects.requireNonNull(error);
        Objects.requireNonNull(patient);
        Objects.requireNonNull(document);
    }

    static DocumentResult filed(Ins patient, DocumentId id) {
        return new DocumentResult(Outcome.FILED, NO_REASON, Optional.empty(), Optional.of(patient), Optional.of(id));
    }

    static DocumentResult duplicate(Ins patient, DocumentId id) {
        return new DocumentResult(Outcome.DUPLICATE, NO_REASON, Optional.empty(), Optional.of(patient), Optional.of(id));
    }

    static DocumentResult refused(String reason) {
        return new DocumentResult(Outcome.REFUSED, reason, Optional.empty(), Optional.empty(), Optional.empty());
    }

    static DocumentResult refused(IntegrationError error, Optional<Ins> patient) {
        return new DocumentResult(Outcome.REFUSED, error.code(), Optional.of(error), patient, Optional.empty());
    }

    public boolean refused() {
        return outcome == Outcome.REFUSED;
    }
}
