package org.santegateway.dmp;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the routing hands to {@link DmpStore#file}: the metadata it found for one document. The
 * store adds what it computes itself (identifier, size and hash of the content it receives,
 * filing time) to make the {@link DocumentMetadata}.
 *
 * @param patient              the patient whose record receives the document (decided by {@link PatientIdentification})
 * @param patientAuthority     INS-NIR or INS-NIA when the document qualified the INS; empty for a document filed from a message
 * @param typeCode             the document type (LOINC) from XDS or CDA; empty for a PDF or an image from a message
 * @param title                the title (XDS title, CDA title, or the message subject); may be empty
 * @param author               the author (XDS authorPerson, CDA author, or the sender)
 * @param creationTime         when the document was written (XDS creationTime, CDA effectiveTime, or the message date)
 * @param mimeType             the MIME type, one of {@link DocumentTypes}
 * @param confidentiality      the confidentiality code when declared
 * @param uniqueId             the producer's unique identifier of the document (XDS uniqueId, CDA id) when declared
 * @param origin               where the document came from
 * @param sourceMessageIdHash  SHA-256 of the Message-ID of the message that carried it (see {@code org.santegateway.audit.Hashes})
 */
public record NewDocument(Ins patient, Optional<InsAuthority> patientAuthority, Optional<CodedValue> typeCode,
                          String title, Optional<Author> author, Optional<Instant> creationTime, String mimeType,
                          Optional<CodedValue> confidentiality, Optional<String> uniqueId, DocumentOrigin origin,
                          String sourceMessageIdHash) {
    public NewDocument {
        Objects.requireNonNull(patient);
        Objects.requireNonNull(patientAuthority);
        Objects.requireNonNull(typeCode);
        Objects.requireNonNull(title);
        Objects.requireNonNull(author);
        Objects.requireNonNull(creationTime);
        Objects.requireNonNull(mimeType);
        Objects.requireNonNull(confidentiality);
        Objects.requireNonNull(uniqueId);
        Objects.requireNonNull(origin);
        Objects.requireNonNull(sourceMessageIdHash);
    }

    /** A PDF or an image the patient adds to their own record, with the type, title and date they chose. */
    public static NewDocument fromPatient(Ins patient, CodedValue type, String title, Instant creationTime, String mimeType) {
        return new NewDocument(patient, Optional.empty(), Optional.of(type), title.strip(), Optional.empty(), Optional.of(creationTime),
            DocumentTypes.normalize(mimeType), Optional.empty(), Optional.empty(), DocumentOrigin.PATIENT, "");
    }

    /**
     * A PDF or an image attached to a message, filed for a patient addressee with the metadata of
     * the message: the sender as author, the message date as creation time, the subject as title.
     */
    public static NewDocument fromMessage(Ins patient, Author sender, String subject, Optional<Instant> sentDate,
                                          String mimeType, String sourceMessageIdHash) {
        return new NewDocument(patient, Optional.empty(), Optional.empty(), subject == null ? "" : subject.strip(),
            Optional.of(sender), sentDate, DocumentTypes.normalize(mimeType), Optional.empty(), Optional.empty(),
            DocumentOrigin.MESSAGE, sourceMessageIdHash);
    }
}
