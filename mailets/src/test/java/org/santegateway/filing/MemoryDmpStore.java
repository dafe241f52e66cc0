package org.santegateway.filing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.santegateway.dmp.AccessEvent;
import org.santegateway.dmp.AccessOutcome;
import org.santegateway.dmp.Actor;
import org.santegateway.dmp.DmpStore;
import org.santegateway.dmp.DmpStoreException;
import org.santegateway.dmp.DocumentContent;
import org.santegateway.dmp.DocumentId;
import org.santegateway.dmp.DocumentMetadata;
import org.santegateway.dmp.FilingOutcome;
import org.santegateway.dmp.Ins;
import org.santegateway.dmp.NewDocument;
import org.santegateway.dmp.StoredDocument;

/** A DMP store in memory for the filing tests: files, recognises duplicates, can be made to fail. */
public final class MemoryDmpStore implements DmpStore {
    public final Map<DocumentId, DocumentMetadata> documents = new LinkedHashMap<>();
    public final Map<DocumentId, byte[]> contents = new LinkedHashMap<>();
    public boolean failing;

    @Override
    public synchronized FilingOutcome file(Actor depositor, NewDocument document, DocumentContent content) throws DmpStoreException {
        if (failing) {
            throw new DmpStoreException("store unavailable", true, null);
        }
        for (DocumentMetadata existing : documents.values()) {
            if (existing.patient().equals(document.patient()) && existing.contentHash().equals(content.sha256())) {
                return new FilingOutcome.Duplicate(existing.id());
            }
        }
        byte[] bytes;
        try (InputStream input = content.openStream()) {
            bytes = input.readAllBytes();
        } catch (IOException e) {
            throw new DmpStoreException("unreadable", false, e);
        }
        DocumentMetadata metadata = new DocumentMetadata(DocumentId.random(), document, bytes.length, content.sha256(), false,
            Instant.now(), depositor);
        documents.put(metadata.id(), metadata);
        contents.put(metadata.id(), bytes);
        return new FilingOutcome.Filed(metadata);
    }

    public List<DocumentMetadata> of(Ins patient) {
        return documents.values().stream().filter(document -> document.patient().equals(patient)).toList();
    }

    @Override
    public AccessOutcome<List<DocumentMetadata>> list(Actor actor, Ins patient) {
        return new AccessOutcome.Granted<>(of(patient));
    }

    @Override
    public AccessOutcome<StoredDocument> fetch(Actor actor, DocumentId document) {
        DocumentMetadata metadata = documents.get(document);
        return metadata == null ? new AccessOutcome.NotFound<>()
            : new AccessOutcome.Granted<>(new StoredDocument(metadata, () -> new ByteArrayInputStream(contents.get(document))));
    }

    @Override
    public AccessOutcome<DocumentMetadata> setHidden(Actor actor, DocumentId document, boolean hidden) {
        return new AccessOutcome.NotFound<>();
    }

    @Override
    public AccessOutcome<List<AccessEvent>> accessHistory(Actor actor, Ins patient) {
        return new AccessOutcome.Granted<>(new ArrayList<>());
    }

    @Override
    public AccessOutcome<DocumentId> delete(Actor actor, DocumentId document) {
        DocumentMetadata metadata = documents.get(document);
        if (metadata == null) {
            return new AccessOutcome.NotFound<>();
        }
        if (!metadata.depositor().equals(actor) || !actor.equals(Actor.patient(metadata.patient()))) {
            return new AccessOutcome.Denied<>(org.santegateway.dmp.DenialReason.ROLE_NOT_ALLOWED);
        }
        documents.remove(document);
        contents.remove(document);
        return new AccessOutcome.Granted<>(document);
    }
}
