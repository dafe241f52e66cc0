package org.santegateway.server.dmp;

import java.io.IOException;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.openjpa.persistence.OpenJPAPersistence;

import org.santegateway.dmp.AccessAction;
import org.santegateway.dmp.AccessDecision;
import org.santegateway.dmp.AccessEvent;
import org.santegateway.dmp.AccessOutcome;
import org.santegateway.dmp.Actor;
import org.santegateway.dmp.DenialReason;
import org.santegateway.dmp.DmpAccessRule;
import org.santegateway.dmp.DmpStore;
import org.santegateway.dmp.DmpStoreException;
import org.santegateway.dmp.DocumentAad;
import org.santegateway.dmp.DocumentContent;
import org.santegateway.dmp.DocumentId;
import org.santegateway.dmp.DocumentIntegrityException;
import org.santegateway.dmp.DocumentMetadata;
import org.santegateway.dmp.DocumentOrigin;
import org.santegateway.dmp.EncryptionSummary;
import org.santegateway.dmp.FilingOutcome;
import org.santegateway.dmp.Ins;
import org.santegateway.dmp.MetadataCipher;
import org.santegateway.dmp.NewDocument;
import org.santegateway.dmp.StoredDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link DmpStore}: metadata, access history and grants in the gateway's JPA
 * database, content encrypted in {@link EncryptedBlobs} under {@code <data>/var/dmp/}.
 *
 * <p>Filing is serialised per (patient, content hash) inside this process (the embedded store has
 * one process), so that the same document racing in twice is filed once and its blob written once.
 * The blob is written and forced before the row is committed: a crash in between leaves an orphan
 * blob that the next filing of the same content replaces, never a row without content.</p>
 *
 * <p>The sender's descriptive metadata (title, which is often the mail subject, author, codes) is
 * sealed in the row under its own key wrapped by the master key ({@link MetadataCipher}, bound to the
 * document and patient) and opened only for an actor the access rule lets through. Rows filed
 * before sealing are read from their clear columns until {@link #sealClearMetadata()} seals them.</p>
 *
 * <p>Besides the {@link DmpStore} calls, {@link #onBehalfOfPatient} serves WebAdmin: an admin acts
 * with the patient's rights on the patient's record, and the history records the admin.</p>
 */
public class EmbeddedDmpStore implements DmpStore {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedDmpStore.class);
    private static final int LOCK_STRIPES = 64;
    private static final int SEAL_BATCH = 200;
    private static final String DERBY = "Apache Derby";

    private final EntityManagerFactory entityManagerFactory;
    private final EncryptedBlobs blobs;
    private final MetadataCipher metadataCipher;
    private final DmpAccessRule rule;
    private final DmpAccessAudit audit;
    private final Clock clock;
    private final Object[] locks = new Object[LOCK_STRIPES];
    private final AtomicLong sequence = new AtomicLong();

    public EmbeddedDmpStore(EntityManagerFactory entityManagerFactory, EncryptedBlobs blobs, MetadataCipher metadataCipher,
                            DmpAccessRule rule, DmpAccessAudit audit, Clock clock) {
        this.entityManagerFactory = Objects.requireNonNull(entityManagerFactory);
        this.blobs = Objects.requireNonNull(blobs);
        this.metadataCipher = Objects.requireNonNull(metadataCipher);
        this.rule = Objects.requireNonNull(rule);
        this.audit = Objects.requireNonNull(audit);
        this.clock = Objects.requireNonNull(clock);
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
        sequence.set(clock.millis() * 1000);
    }

    @Override
    public FilingOutcome file(Actor depositor, NewDocument document, DocumentContent content) throws DmpStoreException {
        Objects.requireNonNull(depositor);
        Ins patient = document.patient();
        if (depositor.kind() == Actor.Kind.PATIENT && (!depositor.equals(Actor.patient(patient)) || document.origin() != DocumentOrigin.PATIENT)) {
            throw new DmpStoreException("a patient files only their own documents into their own record", false, null);
        }
        String blobName = blobs.nameOf(patient, content.sha256());
        synchronized (locks[Math.floorMod(blobName.hashCode(), LOCK_STRIPES)]) {
            Optional<String> existing = read(entityManager -> entityManager
                .createQuery("SELECT d.id FROM GatewayDmpDocument d WHERE d.patient = :patient AND d.contentHash = :hash", String.class)
                .setParameter("patient", patient.matricule())
                .setParameter("hash", content.sha256().hex())
                .getResultList().stream().findFirst());
            if (existing.isPresent()) {
                DocumentId id = DocumentId.parse(existing.get());
                write(entityManager -> entityManager.persist(event(depositor, patient, AccessAction.FILE, Optional.of(id), Optional.empty())));
                return new FilingOutcome.Duplicate(id);
            }
            DocumentId id = DocumentId.random();
            EncryptionSummary summary;
            try {
                summary = blobs.write(blobName, content, new DocumentAad(id, patient));
            } catch (IOException e) {
                throw new DmpStoreException("the document could not be written to the store (" + e.getClass().getSimpleName() + ")", true, e);
            }
            if (!summary.plaintextSha256().equals(content.sha256()) || summary.plaintextSize() != content.size()) {
                deleteQuietly(blobName);
                throw new DmpStoreException("the content read differs from the content declared", false, null);
            }
            Instant now = clock.instant();
            JpaDmpDocument row = DocumentRows.toRow(id, document, summary.plaintextSize(), summary.plaintextSha256(), blobName, now,
                depositor, metadataCipher);
            try {
                write(entityManager -> {
                    entityManager.persist(row);
                    entityManager.persist(event(depositor, patient, AccessAction.FILE, Optional.of(id), Optional.empty()));
                });
            } catch (DmpStoreException e) {
                deleteQuietly(blobName);
                throw e;
            }
            LOGGER.debug("Filed document {} ({} bytes)", id, summary.plaintextSize());
            return new FilingOutcome.Filed(toMetadata(row));
        }
    }

    @Override
    public AccessOutcome<List<DocumentMetadata>> list(Actor actor, Ins patient) throws DmpStoreException {
        return list(actor, patient, actor);
    }

    @Override
    public AccessOutcome<StoredDocument> fetch(Actor actor, DocumentId document) throws DmpStoreException {
        return fetch(actor, document, false);
    }

    @Override
    public AccessOutcome<DocumentMetadata> setHidden(Actor actor, DocumentId document, boolean hidden) throws DmpStoreException {
        return setHidden(actor, document, hidden, false);
    }

    @Override
    public AccessOutcome<List<AccessEvent>> accessHistory(Actor actor, Ins patient) throws DmpStoreException {
        return accessHistory(actor, patient, actor);
    }

    /**
     * The store as an admin sees it through WebAdmin: the admin has the patient's rights on the
     * patient's record (list, fetch, hide/show, history), and every access is recorded under the
     * admin ({@link Actor.Kind#ADMIN}) in the patient's history and the audit trail.
     */
    public DmpStore onBehalfOfPatient(String adminLogin) {
        Actor admin = Actor.admin(adminLogin);
        return new DmpStore() {
            @Override
            public FilingOutcome file(Actor depositor, NewDocument document, DocumentContent content) throws DmpStoreException {
                throw new UnsupportedOperationException("admins do not file documents");
            }

            @Override
            public AccessOutcome<List<DocumentMetadata>> list(Actor ignored, Ins patient) throws DmpStoreException {
                return EmbeddedDmpStore.this.list(admin, patient, Actor.patient(patient));
            }

            @Override
            public AccessOutcome<StoredDocument> fetch(Actor ignored, DocumentId document) throws DmpStoreException {
                return EmbeddedDmpStore.this.fetch(admin, document, true);
            }

            @Override
            public AccessOutcome<DocumentMetadata> setHidden(Actor ignored, DocumentId document, boolean hidden) throws DmpStoreException {
                return EmbeddedDmpStore.this.setHidden(admin, document, hidden, true);
            }

            @Override
            public AccessOutcome<List<AccessEvent>> accessHistory(Actor ignored, Ins patient) throws DmpStoreException {
                return EmbeddedDmpStore.this.accessHistory(admin, patient, Actor.patient(patient));
            }

            @Override
            public AccessOutcome<DocumentId> delete(Actor ignored, DocumentId document) throws DmpStoreException {
                // What the patient added is theirs to delete, not an admin's.
                return EmbeddedDmpStore.this.delete(admin, document);
            }
        };
    }

    private AccessOutcome<List<DocumentMetadata>> list(Actor actor, Ins patient, Actor decidedAs) throws DmpStoreException {
        AccessDecision decision = rule.mayList(decidedAs, patient);
        Optional<DenialReason> denial = denial(decision);
        record(actor, patient, AccessAction.LIST, Optional.empty(), denial);
        if (denial.isPresent()) {
            return new AccessOutcome.Denied<>(denial.get());
        }
        boolean professional = decidedAs.kind() == Actor.Kind.PROFESSIONAL;
        List<JpaDmpDocument> rows = read(entityManager -> entityManager
            .createQuery("SELECT d FROM GatewayDmpDocument d WHERE d.patient = :patient ORDER BY d.filedAt DESC", JpaDmpDocument.class)
            .setParameter("patient", patient.matricule())
            .getResultList().stream()
            .filter(row -> !(professional && row.hidden))
            .toList());
        List<DocumentMetadata> documents = new ArrayList<>(rows.size());
        for (JpaDmpDocument row : rows) {
            documents.add(toMetadata(row));
        }
        return new AccessOutcome.Granted<>(documents);
    }

    private AccessOutcome<StoredDocument> fetch(Actor actor, DocumentId id, boolean onBehalfOfPatient) throws DmpStoreException {
        Optional<JpaDmpDocument> row = find(id);
        if (row.isEmpty()) {
            return new AccessOutcome.NotFound<>();
        }
        DocumentMetadata metadata = toMetadata(row.get());
        Actor decidedAs = onBehalfOfPatient ? Actor.patient(metadata.patient()) : actor;
        Optional<DenialReason> denial = denial(rule.mayFetch(decidedAs, metadata));
        record(actor, metadata.patient(), AccessAction.FETCH, Optional.of(id), denial);
        if (denial.isPresent()) {
            // To a professional a hidden document does not exist.
            return denial.get() == DenialReason.HIDDEN_BY_PATIENT ? new AccessOutcome.NotFound<>() : new AccessOutcome.Denied<>(denial.get());
        }
        String blobName = row.get().blobName;
        DocumentAad aad = new DocumentAad(id, metadata.patient());
        return new AccessOutcome.Granted<>(new StoredDocument(metadata, () -> blobs.open(blobName, aad)));
    }

    private AccessOutcome<DocumentMetadata> setHidden(Actor actor, DocumentId id, boolean hidden, boolean onBehalfOfPatient)
        throws DmpStoreException {
        Optional<JpaDmpDocument> row = find(id);
        if (row.isEmpty()) {
            return new AccessOutcome.NotFound<>();
        }
        DocumentMetadata metadata = toMetadata(row.get());
        Actor decidedAs = onBehalfOfPatient ? Actor.patient(metadata.patient()) : actor;
        AccessDecision decision = rule.mayChangeVisibility(decidedAs, metadata);
        Optional<DenialReason> denial = denial(decision);
        AccessAction action = hidden ? AccessAction.HIDE : AccessAction.SHOW;
        if (denial.isPresent()) {
            record(actor, metadata.patient(), action, Optional.of(id), denial);
            if (decidedAs.kind() == Actor.Kind.PROFESSIONAL && metadata.hidden()) {
                return new AccessOutcome.NotFound<>();
            }
            return new AccessOutcome.Denied<>(denial.get());
        }
        write(entityManager -> {
            JpaDmpDocument managed = entityManager.find(JpaDmpDocument.class, id.toString());
            if (managed != null) {
                managed.setHidden(hidden);
            }
            entityManager.persist(event(actor, metadata.patient(), action, Optional.of(id), Optional.empty()));
        });
        audit.access(actor, metadata.patient(), action, Optional.of(id), Optional.empty());
        return new AccessOutcome.Granted<>(metadata.withHidden(hidden));
    }

    private AccessOutcome<List<AccessEvent>> accessHistory(Actor actor, Ins patient, Actor decidedAs) throws DmpStoreException {
        Optional<DenialReason> denial = denial(rule.mayReadHistory(decidedAs, patient));
        record(actor, patient, AccessAction.READ_HISTORY, Optional.empty(), denial);
        if (denial.isPresent()) {
            return new AccessOutcome.Denied<>(denial.get());
        }
        List<AccessEvent> events = read(entityManager -> entityManager
            .createQuery("SELECT e FROM GatewayDmpAccessEvent e WHERE e.patient = :patient ORDER BY e.at, e.sequence",
                JpaDmpAccessEvent.class)
            .setParameter("patient", patient.matricule())
            .getResultList().stream()
            .map(EmbeddedDmpStore::toEvent)
            .toList());
        return new AccessOutcome.Granted<>(events);
    }

    @Override
    public AccessOutcome<DocumentId> delete(Actor actor, DocumentId id) throws DmpStoreException {
        Optional<JpaDmpDocument> row = find(id);
        if (row.isEmpty()) {
            return new AccessOutcome.NotFound<>();
        }
        DocumentMetadata metadata = toMetadata(row.get());
        boolean theirs = actor.kind() == Actor.Kind.PATIENT && actor.equals(Actor.patient(metadata.patient()))
            && metadata.document().origin() == DocumentOrigin.PATIENT && metadata.depositor().equals(actor);
        if (!theirs) {
            DenialReason reason = actor.kind() == Actor.Kind.PATIENT && actor.equals(Actor.patient(metadata.patient()))
                ? DenialReason.ROLE_NOT_ALLOWED : DenialReason.NOT_THE_PATIENT;
            record(actor, metadata.patient(), AccessAction.DELETE, Optional.of(id), Optional.of(reason));
            return actor.kind() == Actor.Kind.PROFESSIONAL ? new AccessOutcome.NotFound<>() : new AccessOutcome.Denied<>(reason);
        }
        write(entityManager -> {
            JpaDmpDocument managed = entityManager.find(JpaDmpDocument.class, id.toString());
            if (managed != null) {
                entityManager.remove(managed);
            }
            entityManager.persist(event(actor, metadata.patient(), AccessAction.DELETE, Optional.of(id), Optional.empty()));
        });
        deleteQuietly(row.get().blobName);
        audit.access(actor, metadata.patient(), AccessAction.DELETE, Optional.of(id), Optional.empty());
        return new AccessOutcome.Granted<>(id);
    }

    /** The metadata of a document whatever its visibility, without access check: for the gateway's own routing. */
    Optional<DocumentMetadata> metadata(DocumentId id) throws DmpStoreException {
        Optional<JpaDmpDocument> row = find(id);
        return row.isPresent() ? Optional.of(toMetadata(row.get())) : Optional.empty();
    }

    /**
     * Seals the descriptive metadata of rows filed before sealing and empties their clear columns,
     * in batches; on Derby, then rebuilds the table and checkpoints, so that the clear values do not
     * linger in freed space of the table's pages or in the transaction log. Idempotent; called once
     * at start. Returns how many rows it sealed.
     */
    public int sealClearMetadata() throws DmpStoreException {
        int sealed = 0;
        while (true) {
            List<String> ids = read(entityManager -> entityManager
                .createQuery("SELECT d.id FROM GatewayDmpDocument d WHERE d.sealedMetadata IS NULL", String.class)
                .setMaxResults(SEAL_BATCH)
                .getResultList());
            if (ids.isEmpty()) {
                break;
            }
            write(entityManager -> {
                for (String id : ids) {
                    JpaDmpDocument managed = entityManager.find(JpaDmpDocument.class, id);
                    if (managed != null && managed.sealedMetadata == null) {
                        managed.seal(DocumentRows.sealClearColumns(managed, metadataCipher));
                    }
                }
            });
            sealed += ids.size();
        }
        if (sealed > 0) {
            compactDerbyTable();
            LOGGER.info("Sealed the metadata of {} DMP documents filed before metadata encryption", sealed);
        }
        return sealed;
    }

    private void compactDerbyTable() throws DmpStoreException {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try (Connection connection = (Connection) OpenJPAPersistence.cast(entityManager).getConnection()) {
            if (!DERBY.equals(connection.getMetaData().getDatabaseProductName())) {
                return;
            }
            String schema;
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("VALUES CURRENT SCHEMA")) {
                result.next();
                schema = result.getString(1);
            }
            try (CallableStatement compress = connection.prepareCall("CALL SYSCS_UTIL.SYSCS_COMPRESS_TABLE(?, ?, 1)")) {
                compress.setString(1, schema);
                compress.setString(2, "GATEWAY_DMP_DOCUMENT");
                compress.execute();
            }
            try (CallableStatement checkpoint = connection.prepareCall("CALL SYSCS_UTIL.SYSCS_CHECKPOINT_DATABASE()")) {
                checkpoint.execute();
            }
        } catch (SQLException | PersistenceException e) {
            throw new DmpStoreException("the DMP table could not be compacted after sealing its metadata", true, e);
        } finally {
            entityManager.close();
        }
    }

    private DocumentMetadata toMetadata(JpaDmpDocument row) throws DmpStoreException {
        try {
            return DocumentRows.toMetadata(row, metadataCipher);
        } catch (DocumentIntegrityException e) {
            LOGGER.error("The metadata of DMP document {} does not decrypt ({})", row.id, e.reason());
            throw new DmpStoreException("the metadata of a DMP document does not decrypt", false, e);
        }
    }

    private Optional<JpaDmpDocument> find(DocumentId id) throws DmpStoreException {
        return read(entityManager -> Optional.ofNullable(entityManager.find(JpaDmpDocument.class, id.toString())));
    }

    private void record(Actor actor, Ins patient, AccessAction action, Optional<DocumentId> document, Optional<DenialReason> denial)
        throws DmpStoreException {
        write(entityManager -> entityManager.persist(event(actor, patient, action, document, denial)));
        if (action != AccessAction.HIDE && action != AccessAction.SHOW || denial.isPresent()) {
            audit.access(actor, patient, action, document, denial);
        }
    }

    private JpaDmpAccessEvent event(Actor actor, Ins patient, AccessAction action, Optional<DocumentId> document,
                                    Optional<DenialReason> denial) {
        JpaDmpAccessEvent event = new JpaDmpAccessEvent();
        event.id = UUID.randomUUID().toString();
        event.patient = patient.matricule();
        event.at = clock.millis();
        event.sequence = sequence.incrementAndGet();
        event.actorKind = actor.kind().name();
        event.actorId = actor.identifier().length() <= 320 ? actor.identifier() : actor.identifier().substring(0, 320);
        event.action = action.name();
        event.documentId = document.map(DocumentId::toString).orElse(null);
        event.denial = denial.map(Enum::name).orElse(null);
        return event;
    }

    private static AccessEvent toEvent(JpaDmpAccessEvent row) {
        return new AccessEvent(Instant.ofEpochMilli(row.at), new Actor(Actor.Kind.valueOf(row.actorKind), row.actorId),
            new Ins(row.patient), AccessAction.valueOf(row.action), Optional.ofNullable(row.documentId).map(DocumentId::parse),
            Optional.ofNullable(row.denial).map(DenialReason::valueOf));
    }

    private static Optional<DenialReason> denial(AccessDecision decision) {
        return decision instanceof AccessDecision.Denied denied ? Optional.of(denied.reason()) : Optional.empty();
    }

    private void deleteQuietly(String blobName) {
        try {
            blobs.delete(blobName);
        } catch (IOException e) {
            LOGGER.warn("An unreferenced DMP blob could not be deleted ({}); it is replaced by the next filing of the same content",
                e.getClass().getSimpleName());
        }
    }

    @FunctionalInterface
    private interface Work {
        void run(EntityManager entityManager);
    }

    private void write(Work work) throws DmpStoreException {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            entityManager.getTransaction().begin();
            work.run(entityManager);
            entityManager.getTransaction().commit();
        } catch (PersistenceException e) {
            throw new DmpStoreException("the DMP database could not be updated", true, e);
        } finally {
            if (entityManager.getTransaction().isActive()) {
                entityManager.getTransaction().rollback();
            }
            entityManager.close();
        }
    }

    private <T> T read(Function<EntityManager, T> query) throws DmpStoreException {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            return query.apply(entityManager);
        } catch (PersistenceException e) {
            throw new DmpStoreException("the DMP database could not be read", true, e);
        } finally {
            entityManager.close();
        }
    }
}
