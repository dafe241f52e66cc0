package org.santegateway.xdm;

import java.util.List;
import java.util.Objects;

import org.santegateway.dmp.PatientIdentifier;

/**
 * The content of one METADATA.XML: its document entries, each valid or not, and the patient
 * identifiers of its submission set.
 */
public record XdsMetadata(List<Entry> entries, List<PatientIdentifier> submissionSetPatientIds) {
    public XdsMetadata {
        entries = List.copyOf(entries);
        submissionSetPatientIds = List.copyOf(submissionSetPatientIds);
    }

    /** One ExtrinsicObject, parsed or not. */
    public sealed interface Entry {
        String entryId();
    }

    public record Valid(XdsDocumentEntry entry) implements Entry {
        public Valid {
            Objects.requireNonNull(entry);
        }

        @Override
        public String entryId() {
            return entry.entryId();
        }
    }

    /** An ExtrinsicObject whose metadata cannot describe a document; {@code defect} names the slot, never a value. */
    public record Invalid(String entryId, String defect) implements Entry {
        public Invalid {
            Objects.requireNonNull(entryId);
            Objects.requireNonNull(defect);
        }
    }
}
