package org.santegateway.dmp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A fetched document: its metadata and a way to read the content, decrypted on the fly. The
 * stream fails with {@link DocumentIntegrityException} at the first tampered or missing byte:
 * consumers must read to the end before they treat the content as whole (a webmail aborts the
 * download on that exception).
 */
public record StoredDocument(DocumentMetadata metadata, ContentOpener content) {
    public StoredDocument {
        Objects.requireNonNull(metadata);
        Objects.requireNonNull(content);
    }

    @FunctionalInterface
    public interface ContentOpener {
        InputStream open() throws IOException;
    }
}
