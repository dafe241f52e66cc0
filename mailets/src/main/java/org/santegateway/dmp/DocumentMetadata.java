package org.santegateway.dmp;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A filed document as the DMP store keeps and lists it: XDS-style metadata, never the content.
 *
 * @param id          the store's identifier
 * @param document    the metadata the routing gave at filing
 * @param size        size of the content in bytes
 * @param contentHash SHA-256 of the content (duplicate key per patient, content address)
 * @param hidden      true when the patient hid it from professionals
 * @param filedAt     when the store filed it
 * @param depositor   who filed it (the sending professional)
 */
public record DocumentMetadata(DocumentId id, NewDocument document, long size, ContentHash contentHash,
                               boolean hidden, Instant filedAt, Actor depositor) {
    public DocumentMetadata {
        Objects.requireNonNull(id);
        Objects.requireNonNull(document);
        Objects.requireNonNull(contentHash);
        Objects.requireNonNull(filedAt);
        Objects.requireNonNull(depositor);
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
    }

    public Ins patient() {
        return document.patient();
    }

    public Optional<CodedValue> typeCode() {
        return document.typeCode();
    }

    public String title() {
        return document.title();
    }

    public String mimeType() {
        return document.mimeType();
    }

    public Optional<Instant> creationTime() {
        return document.creationTime();
    }

    public DocumentMetadata withHidden(boolean newHidden) {
        return new DocumentMetadata(id, document, size, contentHash, newHidden, filedAt, depositor);
    }
}
