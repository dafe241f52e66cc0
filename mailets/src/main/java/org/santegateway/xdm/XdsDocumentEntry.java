package org.santegateway.xdm;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import org.santegateway.dmp.Author;
import org.santegateway.dmp.CodedValue;
import org.santegateway.dmp.PatientIdentifier;

/**
 * One XDS DocumentEntry (an ebRIM {@code ExtrinsicObject}) of METADATA.XML.
 *
 * @param entryId          the ExtrinsicObject id (a symbolic name or a urn:uuid; no health data)
 * @param mimeType         {@code @mimeType}
 * @param uri              the {@code URI} slot: the file, relative to the subset directory
 * @param patientId        XDSDocumentEntry.patientId (ExternalIdentifier), unjudged
 * @param sourcePatientId  the {@code sourcePatientId} slot, unjudged
 * @param uniqueId         XDSDocumentEntry.uniqueId (ExternalIdentifier)
 * @param typeCode         typeCode classification (LOINC in France)
 * @param classCode        classCode classification
 * @param formatCode       formatCode classification
 * @param confidentiality  the first confidentialityCode classification
 * @param authors          author classifications ({@code authorPerson}, else {@code authorInstitution})
 * @param creationTime     the {@code creationTime} slot (UTC)
 * @param title            {@code Name/LocalizedString/@value}; may be empty
 * @param sha1Hex          the {@code hash} slot: SHA-1 of the document, lowercase hex
 * @param size             the {@code size} slot, in bytes
 */
public record XdsDocumentEntry(String entryId, String mimeType, Optional<String> uri, Optional<PatientIdentifier> patientId,
                               Optional<PatientIdentifier> sourcePatientId, Optional<String> uniqueId,
                               Optional<CodedValue> typeCode, Optional<CodedValue> classCode, Optional<CodedValue> formatCode,
                               Optional<CodedValue> confidentiality, List<Author> authors, Optional<Instant> creationTime,
                               String title, Optional<String> sha1Hex, OptionalLong size) {
    public XdsDocumentEntry {
        Objects.requireNonNull(entryId);
        Objects.requireNonNull(mimeType);
        Objects.requireNonNull(uri);
        Objects.requireNonNull(patientId);
        Objects.requireNonNull(sourcePatientId);
        Objects.requireNonNull(uniqueId);
        Objects.requireNonNull(typeCode);
        Objects.requireNonNull(classCode);
        Objects.requireNonNull(formatCode);
        Objects.requireNonNull(confidentiality);
        authors = List.copyOf(authors);
        Objects.requireNonNull(creationTime);
        Objects.requireNonNull(title);
        Objects.requireNonNull(sha1Hex);
        Objects.requireNonNull(size);
    }
}
