package org.santegateway.cda;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.santegateway.dmp.Author;
import org.santegateway.dmp.CodedValue;
import org.santegateway.dmp.DocumentOrigin;
import org.santegateway.dmp.DocumentTypes;
import org.santegateway.dmp.Ins;
import org.santegateway.dmp.InsAuthority;
import org.santegateway.dmp.NewDocument;
import org.santegateway.dmp.PatientIdentifier;

/**
 * What the gateway reads from a CDA R2 header.
 *
 * @param uniqueId           the document id as XDS writes a CDA uniqueId: {@code root^extension}, or {@code root}
 * @param code               the document type ({@code code}, LOINC in France)
 * @param title              the title, when present
 * @param effectiveTime      when the document was written ({@code effectiveTime/@value})
 * @param confidentiality    {@code confidentialityCode}, when present
 * @param authors            every {@code author/assignedAuthor}, in order
 * @param patientIdentifiers every {@code recordTarget/patientRole/id}, in order (INS among them
 *                           with root {@code 1.2.250.1.213.1.4.8} or {@code .9}), unjudged
 */
public record CdaHeader(Optional<String> uniqueId, CodedValue code, Optional<String> title, Optional<Instant> effectiveTime,
                        Optional<CodedValue> confidentiality, List<Author> authors, List<PatientIdentifier> patientIdentifiers) {
    public CdaHeader {
        Objects.requireNonNull(uniqueId);
        Objects.requireNonNull(code);
        Objects.requireNonNull(title);
        Objects.requireNonNull(effectiveTime);
        Objects.requireNonNull(confidentiality);
        authors = List.copyOf(authors);
        patientIdentifiers = List.copyOf(patientIdentifiers);
    }

    public Optional<Author> firstAuthor() {
        return authors.stream().findFirst();
    }

    /** The metadata to file a bare CDA document under (decided by {@link org.santegateway.dmp.PatientIdentification}). */
    public NewDocument toNewDocument(Ins patient, Optional<InsAuthority> authority, String sourceMessageIdHash) {
        return new NewDocument(patient, authority, Optional.of(code), title.orElse(""), firstAuthor(), effectiveTime,
            DocumentTypes.CDA, confidentiality, uniqueId, DocumentOrigin.CDA, sourceMessageIdHash);
    }
}
