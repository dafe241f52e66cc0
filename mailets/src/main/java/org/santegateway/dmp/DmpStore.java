package org.santegateway.dmp;

import java.util.List;

/**
 * The patients' medical records (the DMP store): documents with XDS-style metadata, encrypted at
 * rest, with the patient's controls and an access history.
 *
 * <p>Contract for every implementation (the embedded one in {@code gateway/}, one per distributed
 * backend):</p>
 * <ul>
 *   <li>Content is encrypted with {@link DocumentCipher} (a key per document wrapped by the master
 *       key, {@link DocumentAad} binding the document id and the patient); plaintext never reaches
 *       the disk. Content is addressed by its {@link ContentHash}; metadata lives in a database.</li>
 *   <li>Every call names its {@link Actor} and is decided by {@link DmpAccessRule}; every call,
 *       granted or refused, adds an {@link AccessEvent} to the patient's history. Filing is the
 *       gateway's routing decision (see {@link PatientIdentification}) and is recorded as
 *       {@link AccessAction#FILE} under the depositing professional.</li>
 *   <li>A document with the same content hash as one already in the patient's record is not filed
 *       again ({@link FilingOutcome.Duplicate}).</li>
 *   <li>To a professional, a hidden document does not exist: lists leave it out and a fetch answers
 *       {@link AccessOutcome.NotFound} (the history records the real reason).</li>
 *   <li>A patient files into their own record only ({@link DocumentOrigin#PATIENT}), and deletes only what they
 *       filed.</li>
 * </ul>
 */
public interface DmpStore {
    /**
     * Files a document into {@code document.patient()}'s record. The store checks that
     * {@code content} hashes to what it declares while it encrypts it.
     *
     * @param depositor the professional who sent the document
     */
    FilingOutcome file(Actor depositor, NewDocument document, DocumentContent content) throws DmpStoreException;

    /** The patient's documents the actor may see (a professional does not see hidden ones), newest first. */
    AccessOutcome<List<DocumentMetadata>> list(Actor actor, Ins patient) throws DmpStoreException;

    /** One document with its content. */
    AccessOutcome<StoredDocument> fetch(Actor actor, DocumentId document) throws DmpStoreException;

    /** Hides a document from professionals, or shows it again: the patient only. */
    AccessOutcome<DocumentMetadata> setHidden(Actor actor, DocumentId document, boolean hidden) throws DmpStoreException;

    /** Every access to the patient's record, oldest first: the patient only. */
    AccessOutcome<List<AccessEvent>> accessHistory(Actor actor, Ins patient) throws DmpStoreException;

    /**
     * Deletes a document the patient added themselves (content and metadata; the history keeps the deletion): the
     * patient only, and only theirs ({@link DocumentOrigin#PATIENT}); a professional's document is not theirs to delete.
     */
    AccessOutcome<DocumentId> delete(Actor actor, DocumentId document) throws DmpStoreException;
}
