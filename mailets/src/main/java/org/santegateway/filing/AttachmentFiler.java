package org.santegateway.filing;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.ParseException;

import org.santegateway.cda.CdaException;
import org.santegateway.cda.CdaHeader;
import org.santegateway.cda.CdaHeaderReader;
import org.santegateway.dmp.Actor;
import org.santegateway.dmp.Author;
import org.santegateway.dmp.ContentSpooler;
import org.santegateway.dmp.ContentTooLargeException;
import org.santegateway.dmp.DmpStore;
import org.santegateway.dmp.DmpStoreException;
import org.santegateway.dmp.DocumentTypes;
import org.santegateway.dmp.FilingOutcome;
import org.santegateway.dmp.IdentificationDecision;
import org.santegateway.dmp.Ins;
import org.santegateway.dmp.IntegrationError;
import org.santegateway.dmp.NewDocument;
import org.santegateway.dmp.SpooledContent;
import org.santegateway.xdm.XdmDocument;
import org.santegateway.xdm.XdmPackage;
import org.santegateway.xdm.XdmPackageReader;
import org.santegateway.xdm.XdmReadResult;

/**
 * Files the documents a professional's message carries into the patients' records:
 * <ul>
 *   <li>an IHE XDM zip ({@code IHE_XDM.ZIP} or any zip): each document its metadata lists, into the
 *       record of the patient its INS designates ({@link org.santegateway.dmp.PatientIdentification});</li>
 *   <li>a bare CDA R2 document ({@code text/xml}, {@code .xml}): into the record its header designates;</li>
 *   <li>a PDF or an image: into the record of each patient addressee, with the message's metadata.</li>
 * </ul>
 * Attachments are the parts with a file name or an {@code attachment} disposition, and the parts
 * of a document type; the text of the message and S/MIME signatures are not documents. Each
 * document gets a {@link DocumentResult}; bad input is a refusal of that document, never an
 * exception. Only a store failure or an unreadable message throws (retry later).
 *
 * <p>When the message has no patient addressee (between professionals), a document is filed only
 * when it identifies its patient: a document without any INS is then no refusal, just not a
 * patient's document (and a PDF has nobody to go to).</p>
 */
public final class AttachmentFiler {
    /** The refusal code of an attachment that cannot be decoded (bad base64, malformed MIME). */
    public static final String UNREADABLE = "unreadable_attachment";

    private final DmpStore store;
    private final XdmPackageReader xdmReader;
    private final CdaHeaderReader cdaReader;
    private final ContentSpooler spooler;
    private final org.santegateway.dmp.PatientIdentification identification;
    private final long maxDocumentBytes;

    public AttachmentFiler(DmpStore store, XdmPackageReader xdmReader, CdaHeaderReader cdaReader, ContentSpooler spooler,
                           org.santegateway.dmp.PatientIdentification identification, long maxDocumentBytes) {
        this.store = Objects.requireNonNull(store);
        this.xdmReader = Objects.requireNonNull(xdmReader);
        this.cdaReader = Objects.requireNonNull(cdaReader);
        this.spooler = Objects.requireNonNull(spooler);
        this.identification = Objects.requireNonNull(identification);
        this.maxDocumentBytes = maxDocumentBytes;
    }

    /** The message's context: who sent it, to which patients, and its metadata for PDF and images. */
    public record Context(Actor depositor, Author sender, Set<Ins> patientAddressees, String subject, Optional<Instant> sentDate,
                          String messageIdHash) {
        public Context {
            Objects.requireNonNull(depositor);
            Objects.requireNonNull(sender);
            patientAddressees = Set.copyOf(patientAddressees);
            subject = subject == null ? "" : subject;
            Objects.requireNonNull(sentDate);
            Objects.requireNonNull(messageIdHash);
        }
    }

    public List<DocumentResult> file(MimeMessage message, Context context) throws DmpStoreException, MessagingException, IOException {
        List<DocumentResult> results = new ArrayList<>();
        walk(message, context, results, 0);
        return results;
    }

    private void walk(Part part, Context context, List<DocumentResult> results, int depth) throws DmpStoreException, MessagingException, IOException {
        String type = baseType(part);
        if (type.startsWith("multipart/")) {
            if (depth > 8) {
                return;
            }
            Object content;
            int count;
            try {
                content = part.getContent();
                count = content instanceof Multipart multipart ? multipart.getCount() : 0;
            } catch (MessagingException | IOException e) {
                // A malformed MIME structure: whatever it holds cannot be filed, the message still goes on.
                results.add(DocumentResult.refused(UNREADABLE));
                return;
            }
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < count; i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    if ("multipart/signed".equals(type) && i > 0) {
                        continue;
                    }
                    walk(child, context, results, depth + 1);
                }
            }
            return;
        }
        if (!isDocumentCandidate(part, type)) {
            return;
        }
        String fileName = fileName(part);
        if (NOT_DOCUMENTS_ALONE.contains(effectiveType(type, fileName))) {
            // A text or RTF file attached to a message is correspondence, not a document of the record (README: XDM,
            // CDA, PDF and images); inside an XDM package, its metadata makes it one.
            return;
        }
        if (isZip(type, fileName)) {
            try (TrackedInput input = open(part)) {
                if (input == null) {
                    results.add(DocumentResult.refused(UNREADABLE));
                    return;
                }
                fileXdm(input, context, results);
            } catch (UnreadableAttachmentException e) {
                results.add(DocumentResult.refused(UNREADABLE));
            }
            return;
        }
        SpooledContent content;
        try (TrackedInput input = open(part)) {
            if (input == null) {
                results.add(DocumentResult.refused(UNREADABLE));
                return;
            }
            try {
                content = spooler.spool(input, maxDocumentBytes);
            } catch (ContentTooLargeException e) {
                results.add(DocumentResult.refused("too_large"));
                return;
            } catch (IOException e) {
                if (input.failed) {
                    results.add(DocumentResult.refused(UNREADABLE));
                    return;
                }
                throw e;
            }
        }
        try (content) {
            if (DocumentTypes.isArchive(content.head())) {
                try (InputStream input = content.openStream()) {
                    fileXdm(input, context, results);
                }
                return;
            }
            String declared = effectiveType(type, fileName);
            if (DocumentTypes.CDA.equals(declared)) {
                fileCda(content, context, results);
            } else {
                fileFromMessage(content, declared, context, results);
            }
        }
    }

    private void fileXdm(InputStream input, Context context, List<DocumentResult> results) throws DmpStoreException, IOException {
        XdmReadResult read = xdmReader.read(input);
        if (read instanceof XdmReadResult.Refused refused) {
            if (refused.reason().temporary() && input instanceof TrackedInput tracked && tracked.failed) {
                throw new UnreadableAttachmentException();
            }
            if (refused.reason().temporary()) {
                throw new IOException("the XDM package could not be read: " + refused.reason().code());
            }
            if (context.patientAddressees().isEmpty() && refused.reason() == org.santegateway.xdm.PackageRefusal.MISSING_METADATA) {
                // Between professionals, a zip that is no XDM package is nobody's document.
                return;
            }
            results.add(DocumentResult.refused("xdm." + refused.reason().code()));
            return;
        }
        try (XdmPackage xdmPackage = ((XdmReadResult.Read) read).xdmPackage()) {
            for (XdmDocument document : xdmPackage.documents()) {
                if (document instanceof XdmDocument.Refused refused) {
                    results.add(DocumentResult.refused(refused.reason().code()));
                } else if (document instanceof XdmDocument.Accepted accepted) {
                    IdentificationDecision decision = identification.decide(accepted.patientIdentifiers(), context.patientAddressees());
                    fileIdentified(decision, context, results,
                        file -> accepted.toNewDocument(file.patient(), file.authority(), context.messageIdHash()), accepted.content());
                }
            }
        }
    }

    private void fileCda(SpooledContent content, Context context, List<DocumentResult> results) throws DmpStoreException, IOException {
        CdaHeader header;
        try (InputStream input = content.openStream()) {
            header = cdaReader.read(input);
        } catch (CdaException e) {
            results.add(DocumentResult.refused("invalid_cda"));
            return;
        }
        IdentificationDecision decision = identification.decide(header.patientIdentifiers(), context.patientAddressees());
        fileIdentified(decision, context, results, file -> header.toNewDocument(file.patient(), file.authority(), context.messageIdHash()),
            content);
    }

    private interface Metadata {
        NewDocument of(IdentificationDecision.File file);
    }

    private void fileIdentified(IdentificationDecision decision, Context context, List<DocumentResult> results, Metadata metadata,
                                SpooledContent content) throws DmpStoreException {
        if (decision instanceof IdentificationDecision.Refuse refuse) {
            if (context.patientAddressees().isEmpty() && refuse.error() == IntegrationError.INS_MISSING) {
                // Between professionals, a document without INS is not a patient's document.
                return;
            }
            results.add(DocumentResult.refused(refuse.error(), Optional.empty()));
            return;
        }
        IdentificationDecision.File file = (IdentificationDecision.File) decision;
        results.add(store(context, metadata.of(file), content));
    }

    private void fileFromMessage(SpooledContent content, String type, Context context, List<DocumentResult> results) throws DmpStoreException {
        Optional<DocumentTypes.Problem> problem = DocumentTypes.check(type, content.head());
        if (problem.isPresent()) {
            if (context.patientAddressees().isEmpty()) {
                return;
            }
            results.add(DocumentResult.refused(problem.get().name().toLowerCase(Locale.ROOT)));
            return;
        }
        for (Map.Entry<Ins, IdentificationDecision> entry : identification.decideForAddressees(context.patientAddressees()).entrySet()) {
            if (entry.getValue() instanceof IdentificationDecision.Refuse refuse) {
                results.add(DocumentResult.refused(refuse.error(), Optional.of(entry.getKey())));
            } else {
                NewDocument document = NewDocument.fromMessage(entry.getKey(), context.sender(), context.subject(), context.sentDate(),
                    type, context.messageIdHash());
                results.add(store(context, document, content));
            }
        }
    }

    private DocumentResult store(Context context, NewDocument document, SpooledContent content) throws DmpStoreException {
        FilingOutcome outcome = store.file(context.depositor(), document, content);
        if (outcome instanceof FilingOutcome.Filed filed) {
            return DocumentResult.filed(document.patient(), filed.document().id());
        }
        return DocumentResult.duplicate(document.patient(), ((FilingOutcome.Duplicate) outcome).existing());
    }

    /** The decoded content of a part, or null when the part cannot even be opened (an unknown transfer encoding). */
    private static TrackedInput open(Part part) throws IOException {
        try {
            return new TrackedInput(part.getInputStream());
        } catch (MessagingException e) {
            return null;
        }
    }

    /** The part's stream, remembering whether reading it failed (bad base64...), as opposed to the spool or the store. */
    private static final class TrackedInput extends java.io.FilterInputStream {
        private boolean failed;

        TrackedInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            try {
                return super.read(bytes, offset, length);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }
    }

    private static final class UnreadableAttachmentException extends IOException {
        private static final long serialVersionUID = 1L;
    }

    /** Types filed from an XDM package only, never as a bare attachment. */
    private static final java.util.Set<String> NOT_DOCUMENTS_ALONE = java.util.Set.of(DocumentTypes.TEXT, DocumentTypes.RTF);

    private static boolean isDocumentCandidate(Part part, String type) throws MessagingException {
        if (type.startsWith("application/pkcs7-") || type.startsWith("application/x-pkcs7-") || type.equals("message/rfc822")
            || type.startsWith("message/")) {
            return false;
        }
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || fileName(part) != null;
        if (attachment) {
            return true;
        }
        // Inline text is the message itself; a document type without a name is still a document.
        return !type.startsWith("text/plain") && !type.startsWith("text/html") && !type.isEmpty()
            && (DocumentTypes.SUPPORTED.contains(DocumentTypes.normalize(type)) || type.contains("zip"));
    }

    private static boolean isZip(String type, String fileName) {
        return type.contains("zip") || (fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".zip"));
    }

    /** The declared type, or the one of the file name's extension when the type says nothing ({@code application/octet-stream}). */
    static String effectiveType(String type, String fileName) {
        String normalized = DocumentTypes.normalize(type);
        if (!normalized.isEmpty() && !"application/octet-stream".equals(normalized)) {
            return normalized;
        }
        if (fileName == null) {
            return normalized;
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".pdf")) {
            return DocumentTypes.PDF;
        } else if (lower.endsWith(".xml")) {
            return DocumentTypes.CDA;
        } else if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return DocumentTypes.JPEG;
        } else if (lower.endsWith(".png")) {
            return DocumentTypes.PNG;
        } else if (lower.endsWith(".tif") || lower.endsWith(".tiff")) {
            return DocumentTypes.TIFF;
        } else if (lower.endsWith(".txt")) {
            return DocumentTypes.TEXT;
        } else if (lower.endsWith(".rtf")) {
            return DocumentTypes.RTF;
        }
        return normalized;
    }

    private static String baseType(Part part) throws MessagingException {
        String header = part.getContentType();
        if (header == null) {
            return "text/plain";
        }
        try {
            return new ContentType(header).getBaseType().toLowerCase(Locale.ROOT);
        } catch (ParseException e) {
            return "application/octet-stream";
        }
    }

    private static String fileName(Part part) {
        try {
            return part.getFileName();
        } catch (MessagingException e) {
            return null;
        }
    }
}
