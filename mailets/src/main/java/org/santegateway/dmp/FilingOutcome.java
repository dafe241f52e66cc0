package org.santegateway.dmp;

import java.util.Objects;

/** What {@link DmpStore#file} did. */
public sealed interface FilingOutcome {
    /** Filed: the document is in the patient's record. */
    record Filed(DocumentMetadata document) implements FilingOutcome {
        public Filed {
            Objects.requireNonNull(document);
        }
    }

    /** The patient's record already holds a document with the same content hash: not filed twice. */
    record Duplicate(DocumentId existing) implements FilingOutcome {
        public Duplicate {
            Objects.requireNonNull(existing);
        }
    }
}
