package org.santegateway.xdm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.santegateway.cda.CdaHeader;
import org.santegateway.dmp.DocumentOrigin;
import org.santegateway.dmp.DocumentTypes;
import org.santegateway.dmp.Ins;
import org.santegateway.dmp.InsAuthority;
import org.santegateway.dmp.NewDocument;
import org.santegateway.dmp.PatientIdentifier;
import org.santegateway.dmp.SpooledContent;

/** One document an XDM package lists: accepted with its verified content, or refused with a reason. */
public sealed interface XdmDocument {
    /** The ExtrinsicObject id of the document in METADATA.XML. */
    String entryId();

    /**
     * A document whose size and SHA-1 match its metadata and whose content matches its type.
     *
     * @param entry                    its XDS metadata
     * @param content                  its content (owned by the {@link XdmPackage}: valid until the package is closed)
     * @param cda                      its CDA header, for a CDA document ({@code text/xml})
     * @param submissionSetPatientIds  the patient identifiers of its submission set
     */
    record Accepted(XdsDocumentEntry entry, SpooledContent content, Optional<CdaHeader> cda,
                    List<PatientIdentifier> submissionSetPatientIds) implements XdmDocument {
        public Accepted {
            Objects.requireNonNull(entry);
            Objects.requireNonNull(content);
            Objects.requireNonNull(cda);
            submissionSetPatientIds = List.copyOf(submissionSetPatientIds);
        }

        @Override
        public String entryId() {
            return entry.entryId();
        }

        /**
         * Every patient identifier that concerns this document, for
         * {@link org.santegateway.dmp.PatientIdentification#decide}: XDS patientId and
         * sourcePatientId, the submission set's patientId, the CDA recordTarget ids.
         */
        public List<PatientIdentifier> patientIdentifiers() {
            List<PatientIdentifier> identifiers = new ArrayList<>();
            entry.patientId().ifPresent(identifiers::add);
            entry.sourcePatientId().ifPresent(identifiers::add);
            identifiers.addAll(submissionSetPatientIds);
            cda.ifPresent(header -> identifiers.addAll(header.patientIdentifiers()));
            return identifiers;
        }

        /** The metadata to file this document under, XDS first and the CDA header where XDS is silent. */
        public NewDocument toNewDocument(Ins patient, Optional<InsAuthority> authority, String sourceMessageIdHash) {
            return new NewDocument(patient, authority,
                entry.typeCode().or(() -> cda.map(CdaHeader::code)),
                entry.title().isEmpty() ? cda.flatMap(CdaHeader::title).orElse("") : entry.title(),
                entry.authors().stream().findFirst().or(() -> cda.flatMap(CdaHeader::firstAuthor)),
                entry.creationTime().or(() -> cda.flatMap(CdaHeader::effectiveTime)),
                DocumentTypes.normalize(entry.mimeType()),
                entry.confidentiality().or(() -> cda.flatMap(CdaHeader::confidentiality)),
                entry.uniqueId().or(() -> cda.flatMap(CdaHeader::uniqueId)),
                DocumentOrigin.XDM,
                sourceMessageIdHash);
        }
    }

    /**
     * A document that is not filed.
     *
     * @param entry the metadata when it could be read
     */
    record Refused(String entryId, Optional<XdsDocumentEntry> entry, DocumentRefusal reason) implements XdmDocument {
        public Refused {
            Objects.requireNonNull(entryId);
            Objects.requireNonNull(entry);
            Objects.requireNonNull(reason);
        }
    }
}
