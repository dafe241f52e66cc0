package org.santegateway.server.dmp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import org.santegateway.dmp.Actor;
import org.santegateway.dmp.Author;
import org.santegateway.dmp.CodedValue;
import org.santegateway.dmp.ContentHash;
import org.santegateway.dmp.DocumentAad;
import org.santegateway.dmp.DocumentId;
import org.santegateway.dmp.DocumentIntegrityException;
import org.santegateway.dmp.DocumentMetadata;
import org.santegateway.dmp.DocumentOrigin;
import org.santegateway.dmp.Ins;
import org.santegateway.dmp.InsAuthority;
import org.santegateway.dmp.MetadataCipher;
import org.santegateway.dmp.NewDocument;

/**
 * Conversions between {@link DocumentMetadata} and its row. Over-long free texts are cut to their
 * former column length, then the sender's descriptive metadata is sealed into one column
 * ({@link MetadataCipher}, bound to the document id and patient); rows filed before sealing are read
 * from their clear columns until {@link EmbeddedDmpStore#sealClearMetadata()} has sealed them.
 */
final class DocumentRows {
    /** Above the base64 of the largest sealed value (about 12.7 KB: every field at its cut length, 3 bytes a character). */
    static final int SEALED_COLUMN_LENGTH = 16384;
    private static final byte FORMAT = 1;

    private DocumentRows() {
    }

    static JpaDmpDocument toRow(DocumentId id, NewDocument document, long size, ContentHash hash, String blobName,
                                Instant filedAt, Actor depositor, MetadataCipher cipher) {
        JpaDmpDocument row = new JpaDmpDocument();
        row.id = id.toString();
        row.patient = document.patient().matricule();
        row.contentHash = hash.hex();
        row.blobName = blobName;
        row.size = size;
        row.hidden = false;
        row.filedAt = filedAt.toEpochMilli();
        row.depositorKind = depositor.kind().name();
        row.depositorId = cut(depositor.identifier(), 320);
        row.patientAuthority = document.patientAuthority().map(Enum::name).orElse(null);
        row.title = "";
        row.mimeType = cut(document.mimeType(), 128);
        row.origin = document.origin().name();
        row.sourceMessageIdHash = document.sourceMessageIdHash();
        row.sealedMetadata = seal(id, document, cipher);
        return row;
    }

    /** The sealed form of a row filed before sealing, read from its clear columns. */
    static String sealClearColumns(JpaDmpDocument row, MetadataCipher cipher) {
        return seal(DocumentId.parse(row.id), clearDocument(row), cipher);
    }

    static DocumentMetadata toMetadata(JpaDmpDocument row, MetadataCipher cipher) throws DocumentIntegrityException {
        DocumentId id = DocumentId.parse(row.id);
        NewDocument document = row.sealedMetadata == null ? clearDocument(row) : unseal(id, row, cipher);
        return new DocumentMetadata(id, document, row.size, new ContentHash(row.contentHash), row.hidden,
            Instant.ofEpochMilli(row.filedAt), new Actor(Actor.Kind.valueOf(row.depositorKind), row.depositorId));
    }

    private static String seal(DocumentId id, NewDocument document, MetadataCipher cipher) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writeCode(out, document.typeCode().map(code -> cutCode(code, 256)));
            out.writeUTF(cut(document.title(), 1024));
            writeOptional(out, document.author().map(author -> cut(author.displayName(), 512)));
            writeOptional(out, document.author().flatMap(Author::id).map(value -> cut(value, 320)));
            writeOptional(out, document.author().flatMap(Author::idSystem).map(value -> cut(value, 128)));
            out.writeBoolean(document.creationTime().isPresent());
            if (document.creationTime().isPresent()) {
                out.writeLong(document.creationTime().get().toEpochMilli());
            }
            writeCode(out, document.confidentiality().map(code -> cutCode(code, 256)));
            writeOptional(out, document.uniqueId().map(value -> cut(value, 256)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(cipher.seal(bytes.toByteArray(), new DocumentAad(id, document.patient())));
    }

    private static NewDocument unseal(DocumentId id, JpaDmpDocument row, MetadataCipher cipher) throws DocumentIntegrityException {
        Ins patient = new Ins(row.patient);
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(row.sealedMetadata);
        } catch (IllegalArgumentException e) {
            throw new DocumentIntegrityException(DocumentIntegrityException.Reason.BAD_HEADER, "sealed metadata is not base64", e);
        }
        byte[] plain = cipher.open(sealed, new DocumentAad(id, patient));
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
            if (in.readByte() != FORMAT) {
                throw new DocumentIntegrityException(DocumentIntegrityException.Reason.BAD_HEADER, "sealed metadata of an unknown format");
            }
            Optional<CodedValue> typeCode = readCode(in);
            String title = in.readUTF();
            Optional<String> authorName = readOptional(in);
            Optional<String> authorId = readOptional(in);
            Optional<String> authorIdSystem = readOptional(in);
            Optional<Instant> creationTime = in.readBoolean() ? Optional.of(Instant.ofEpochMilli(in.readLong())) : Optional.empty();
            Optional<CodedValue> confidentiality = readCode(in);
            Optional<String> uniqueId = readOptional(in);
            return new NewDocument(patient, Optional.ofNullable(row.patientAuthority).map(InsAuthority::valueOf), typeCode, title,
                authorName.map(name -> new Author(name, authorId, authorIdSystem)), creationTime, row.mimeType, confidentiality,
                uniqueId, DocumentOrigin.valueOf(row.origin), row.sourceMessageIdHash);
        } catch (DocumentIntegrityException e) {
            throw e;
        } catch (IOException e) {
            // Authenticated yet unreadable: written by code that no longer matches this one.
            throw new DocumentIntegrityException(DocumentIntegrityException.Reason.BAD_HEADER, "sealed metadata cannot be parsed", e);
        }
    }

    /** A row filed before sealing: the descriptive metadata in its clear columns. */
    private static NewDocument clearDocument(JpaDmpDocument row) {
        return new NewDocument(new Ins(row.patient),
            Optional.ofNullable(row.patientAuthority).map(InsAuthority::valueOf),
            Optional.ofNullable(row.typeCode).map(code -> new CodedValue(code, nullToEmpty(row.typeCodeSystem),
                Optional.ofNullable(row.typeCodeDisplay))),
            row.title,
            Optional.ofNullable(row.authorName).map(name -> new Author(name, Optional.ofNullable(row.authorId),
                Optional.ofNullable(row.authorIdSystem))),
            Optional.ofNullable(row.creationTime).map(Instant::ofEpochMilli),
            row.mimeType,
            Optional.ofNullable(row.confidentialityCode).map(code -> new CodedValue(code, nullToEmpty(row.confidentialityCodeSystem),
                Optional.ofNullable(row.confidentialityCodeDisplay))),
            Optional.ofNullable(row.uniqueId),
            DocumentOrigin.valueOf(row.origin),
            row.sourceMessageIdHash);
    }

    private static CodedValue cutCode(CodedValue code, int displayLength) {
        return new CodedValue(cut(code.code(), 64), cut(code.codeSystem(), 128),
            code.displayName().map(value -> cut(value, displayLength)));
    }

    private static void writeCode(DataOutputStream out, Optional<CodedValue> code) throws IOException {
        out.writeBoolean(code.isPresent());
        if (code.isPresent()) {
            out.writeUTF(code.get().code());
            out.writeUTF(code.get().codeSystem());
            writeOptional(out, code.get().displayName());
        }
    }

    private static Optional<CodedValue> readCode(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return Optional.empty();
        }
        String code = in.readUTF();
        String system = in.readUTF();
        return Optional.of(new CodedValue(code, system, readOptional(in)));
    }

    private static void writeOptional(DataOutputStream out, Optional<String> value) throws IOException {
        out.writeBoolean(value.isPresent());
        if (value.isPresent()) {
            out.writeUTF(value.get());
        }
    }

    private static Optional<String> readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? Optional.of(in.readUTF()) : Optional.empty();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String cut(String value, int length) {
        return value.length() <= length ? value : value.substring(0, length);
    }
}
