package org.santegateway.server.dmp;

import java.time.Instant;
import java.util.Optional;

import org.santegateway.dmp.Actor;
import org.santegateway.dmp.Author;
import org.santegateway.dmp.CodedValue;
import org.santegateway.dmp.ContentHash;
import org.santegateway.dmp.DocumentId;
import org.santegateway.dmp.DocumentMetadata;
import org.santegateway.dmp.DocumentOrigin;
import org.santegateway.dmp.Ins;
import org.santegateway.dmp.InsAuthority;
import org.santegateway.dmp.NewDocument;

/** Conversions between {@link DocumentMetadata} and its row. Over-long free texts are cut to their column. */
final class DocumentRows {
    private DocumentRows() {
    }

    static JpaDmpDocument toRow(DocumentId id, NewDocument document, long size, ContentHash hash, String blobName,
                                Instant filedAt, Actor depositor) {
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
        document.typeCode().ifPresent(code -> {
            row.typeCode = cut(code.code(), 64);
            row.typeCodeSystem = cut(code.codeSystem(), 128);
            row.typeCodeDisplay = code.displayName().map(value -> cut(value, 256)).orElse(null);
        });
        row.title = cut(document.title(), 1024);
        document.author().ifPresent(author -> {
            row.authorName = cut(author.displayName(), 512);
            row.authorId = author.id().map(value -> cut(value, 320)).orElse(null);
            row.authorIdSystem = author.idSystem().map(value -> cut(value, 128)).orElse(null);
        });
        row.creationTime = document.creationTime().map(Instant::toEpochMilli).orElse(null);
        row.mimeType = cut(document.mimeType(), 128);
        document.confidentiality().ifPresent(code -> {
            row.confidentialityCode = cut(code.code(), 64);
            row.confidentialityCodeSystem = cut(code.codeSystem(), 128);
            row.confidentialityCodeDisplay = code.displayName().map(value -> cut(value, 256)).orElse(null);
        });
        row.uniqueId = document.uniqueId().map(value -> cut(value, 256)).orElse(null);
        row.origin = document.origin().name();
        row.sourceMessageIdHash = document.sourceMessageIdHash();
        return row;
    }

    static DocumentMetadata toMetadata(JpaDmpDocument row) {
        NewDocument document = new NewDocument(new Ins(row.patient),
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
        return new DocumentMetadata(DocumentId.parse(row.id), document, row.size, new ContentHash(row.contentHash), row.hidden,
            Instant.ofEpochMilli(row.filedAt), new Actor(Actor.Kind.valueOf(row.depositorKind), row.depositorId));
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String cut(String value, int length) {
        return value.length() <= length ? value : value.substring(0, length);
    }
}
