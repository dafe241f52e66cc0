package org.santegateway.server.dmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.persistence.EntityManager;
import java.util.stream.Stream;

import org.apache.openjpa.persistence.OpenJPAPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.audit.AuditEvent;
import org.santegateway.dmp.AccessAction;
import org.santegateway.dmp.AccessEvent;
import org.santegateway.dmp.AccessOutcome;
import org.santegateway.dmp.Actor;
import org.santegateway.dmp.Author;
import org.santegateway.dmp.CodedValue;
import org.santegateway.dmp.ContentHash;
import org.santegateway.dmp.DenialReason;
import org.santegateway.dmp.DmpAccessRule;
import org.santegateway.dmp.DmpStoreException;
import org.santegateway.dmp.DocumentContent;
import org.santegateway.dmp.DocumentAad;
import org.santegateway.dmp.DocumentId;
import org.santegateway.dmp.DocumentIntegrityException;
import org.santegateway.dmp.DocumentMetadata;
import org.santegateway.dmp.DocumentOrigin;
import org.santegateway.dmp.DocumentTypes;
import org.santegateway.dmp.FilingOutcome;
import org.santegateway.dmp.Ins;
import org.santegateway.dmp.MasterKey;
import org.santegateway.dmp.MetadataCipher;
import org.santegateway.dmp.NewDocument;
import org.santegateway.dmp.StoredDocument;
import org.santegateway.server.persistence.DatabaseConfiguration;
import org.santegateway.server.persistence.ManagedEntityManagerFactory;
import org.santegateway.server.persistence.StorageDirectories;

/** The embedded store on a real Derby database and real files: encryption, duplicates, tampering, access rules. */
class EmbeddedDmpStoreTest {
    static final Ins PATIENT = new Ins(DmpTestDocuments.ins("1850575123456"));
    static final Ins OTHER_PATIENT = new Ins(DmpTestDocuments.ins("2920399123789"));
    static final Ins SEALED_PATIENT = new Ins(DmpTestDocuments.ins("1770699123654"));
    static final String MARTIN = "dr.martin@hopital.test";
    static final String DURAND = "dr.durand@hopital.test";
    static final String GRANTED = "dr.granted@hopital.test";
    static final Actor MARTIN_ACTOR = Actor.professional(MARTIN);

    @TempDir
    static Path var;
    static ManagedEntityManagerFactory database;
    static EncryptedBlobs blobs;
    static MetadataCipher metadataCipher;
    static EmbeddedDmpStore store;
    static JpaAccessGrants grants;
    static List<AuditEvent> audit = new ArrayList<>();

    @BeforeAll
    static void open() throws IOException {
        database = new ManagedEntityManagerFactory(DatabaseConfiguration.embeddedDerby(new StorageDirectories(var.resolve("db"))));
        MasterKey masterKey = MasterKey.generate();
        blobs = new EncryptedBlobs(var.resolve("dmp"), masterKey);
        metadataCipher = new MetadataCipher(masterKey);
        grants = new JpaAccessGrants(database.entityManagerFactory(), Clock.systemUTC());
        DmpAccessRule rule = new DmpAccessRule((professional, patient) -> professional.equals(MARTIN) && patient.equals(PATIENT), grants);
        store = new EmbeddedDmpStore(database.entityManagerFactory(), blobs, metadataCipher, rule,
            new DmpAccessAudit(audit::add, identifier -> "pseudo-" + Integer.toHexString(identifier.hashCode()), Clock.systemUTC()),
            Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    record Bytes(byte[] bytes) implements DocumentContent {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public ContentHash sha256() {
            try {
                return ContentHash.of(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public InputStream openStream() {
            return new ByteArrayInputStream(bytes);
        }
    }

    static NewDocument pdfFor(Ins patient, String title) {
        return NewDocument.fromMessage(patient, Author.ofSender("Dr Martin", MARTIN), title, Optional.empty(), DocumentTypes.PDF,
            HexFormat.of().formatHex(new byte[32]));
    }

    static DocumentMetadata file(Ins patient, byte[] content) throws Exception {
        FilingOutcome outcome = store.file(MARTIN_ACTOR, pdfFor(patient, "Ordonnance"), new Bytes(content));
        assertThat(outcome).isInstanceOf(FilingOutcome.Filed.class);
        return ((FilingOutcome.Filed) outcome).document();
    }

    static byte[] unique(String label) {
        return ("%PDF-1.7\n" + label + " " + java.util.UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
    }

    static <T> T granted(AccessOutcome<T> outcome) {
        assertThat(outcome).isInstanceOf(AccessOutcome.Granted.class);
        return ((AccessOutcome.Granted<T>) outcome).value();
    }

    static byte[] read(StoredDocument document) throws IOException {
        try (InputStream content = document.content().open()) {
            return content.readAllBytes();
        }
    }

    static List<Path> blobFiles() throws IOException {
        try (Stream<Path> files = Files.walk(var.resolve("dmp").resolve("blobs"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Nested
    class Encryption {
        @Test
        void contentShouldBeEncryptedOnDiskAndReadBackWhole() throws Exception {
            byte[] content = unique("CANARY-ENCRYPTION");
            DocumentMetadata document = file(PATIENT, content);

            assertThat(read(granted(store.fetch(Actor.patient(PATIENT), document.id())))).isEqualTo(content);
            for (Path blob : blobFiles()) {
                assertThat(new String(Files.readAllBytes(blob), StandardCharsets.ISO_8859_1)).doesNotContain("CANARY-ENCRYPTION");
            }
            assertThat(document.size()).isEqualTo(content.length);
            assertThat(document.contentHash()).isEqualTo(new Bytes(content).sha256());
        }

        @Test
        void tamperedBlobShouldFailTheReadInsteadOfGivingAlteredContent() throws Exception {
            byte[] content = unique("tamper");
            DocumentMetadata document = file(PATIENT, content);
            Path blob = blobs.path(blobs.nameOf(PATIENT, document.contentHash()));
            byte[] bytes = Files.readAllBytes(blob);
            bytes[bytes.length - 20] ^= 1;
            Files.write(blob, bytes, StandardOpenOption.TRUNCATE_EXISTING);

            StoredDocument stored = granted(store.fetch(Actor.patient(PATIENT), document.id()));
            assertThatThrownBy(() -> read(stored)).isInstanceOf(DocumentIntegrityException.class);
        }

        @Test
        void blobOfAnotherDocumentShouldNotDecryptUnderThisOne() throws Exception {
            DocumentMetadata first = file(PATIENT, unique("first"));
            DocumentMetadata second = file(PATIENT, unique("second"));
            Path firstBlob = blobs.path(blobs.nameOf(PATIENT, first.contentHash()));
            Path secondBlob = blobs.path(blobs.nameOf(PATIENT, second.contentHash()));
            Files.copy(firstBlob, secondBlob, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

            StoredDocument stored = granted(store.fetch(Actor.patient(PATIENT), second.id()));
            assertThatThrownBy(() -> read(stored)).isInstanceOf(DocumentIntegrityException.class);
        }
    }

    @Nested
    class Duplicates {
        @Test
        void sameContentForTheSamePatientShouldBeFiledOnce() throws Exception {
            byte[] content = unique("duplicate");
            DocumentMetadata first = file(PATIENT, content);

            FilingOutcome again = store.file(MARTIN_ACTOR, pdfFor(PATIENT, "Encore"), new Bytes(content));

            assertThat(again).isEqualTo(new FilingOutcome.Duplicate(first.id()));
        }

        @Test
        void sameContentForAnotherPatientShouldBeFiledForEach() throws Exception {
            byte[] content = unique("two patients");
            DocumentMetadata first = file(PATIENT, content);
            DocumentMetadata second = file(OTHER_PATIENT, content);

            assertThat(second.id()).isNotEqualTo(first.id());
            assertThat(read(granted(store.fetch(Actor.patient(OTHER_PATIENT), second.id())))).isEqualTo(content);
        }

        @Test
        void sameContentRacingInShouldBeFiledOnce() throws Exception {
            byte[] content = unique("race");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<FilingOutcome>> outcomes = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    outcomes.add(pool.submit(() -> store.file(MARTIN_ACTOR, pdfFor(PATIENT, "race"), new Bytes(content))));
                }
                Set<DocumentId> ids = new HashSet<>();
                int filed = 0;
                for (Future<FilingOutcome> outcome : outcomes) {
                    FilingOutcome value = outcome.get();
                    if (value instanceof FilingOutcome.Filed f) {
                        filed++;
                        ids.add(f.document().id());
                    } else {
                        ids.add(((FilingOutcome.Duplicate) value).existing());
                    }
                }
                assertThat(filed).isEqualTo(1);
                assertThat(ids).hasSize(1);
                assertThat(read(granted(store.fetch(Actor.patient(PATIENT), ids.iterator().next())))).isEqualTo(content);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class AccessRules {
        @Test
        void aPatientShouldFileIntoTheirOwnRecordOnlyAndDeleteOnlyWhatTheyFiled() throws Exception {
            Actor patient = Actor.patient(PATIENT);
            CodedValue prescription = new CodedValue("57833-6", CodedValue.LOINC, Optional.of("Ordonnance"));
            FilingOutcome filed = store.file(patient, NewDocument.fromPatient(PATIENT, prescription, "Ordonnance ajoutée",
                Instant.parse("2026-11-01T00:00:00Z"), "application/pdf"), new Bytes(unique("added by the patient")));
            DocumentId own = ((FilingOutcome.Filed) filed).document().id();
            DocumentMetadata professionals = file(PATIENT, unique("a professional's"));

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.file(patient, NewDocument.fromPatient(OTHER_PATIENT, prescription,
                    "elsewhere", Instant.parse("2026-11-01T00:00:00Z"), "application/pdf"), new Bytes("%PDF-1.7 x".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(DmpStoreException.class);
            assertThat(store.delete(patient, professionals.id())).isEqualTo(new AccessOutcome.Denied<>(DenialReason.ROLE_NOT_ALLOWED));
            assertThat(store.delete(MARTIN_ACTOR, own)).isInstanceOf(AccessOutcome.NotFound.class);
            assertThat(store.delete(Actor.patient(OTHER_PATIENT), own)).isEqualTo(new AccessOutcome.Denied<>(DenialReason.NOT_THE_PATIENT));
            assertThat(store.delete(patient, own)).isEqualTo(new AccessOutcome.Granted<>(own));

            assertThat(store.fetch(patient, own)).isInstanceOf(AccessOutcome.NotFound.class);
            assertThat(store.fetch(patient, professionals.id())).isInstanceOf(AccessOutcome.Granted.class);
            assertThat(granted(store.accessHistory(patient, PATIENT))).anySatisfy(event -> {
                assertThat(event.action()).isEqualTo(AccessAction.DELETE);
                assertThat(event.document()).contains(own);
                assertThat(event.denial()).isEmpty();
            });
        }

        @Test
        void professionalWithoutRelationshipShouldBeDeniedAndTheDenialRecorded() throws Exception {
            DocumentMetadata document = file(PATIENT, unique("no relationship"));

            assertThat(store.list(Actor.professional(DURAND), PATIENT)).isEqualTo(new AccessOutcome.Denied<>(DenialReason.NO_RELATIONSHIP));
            assertThat(store.fetch(Actor.professional(DURAND), document.id())).isEqualTo(new AccessOutcome.Denied<>(DenialReason.NO_RELATIONSHIP));

            List<AccessEvent> history = granted(store.accessHistory(Actor.patient(PATIENT), PATIENT));
            assertThat(history).anySatisfy(event -> {
                assertThat(event.actor()).isEqualTo(Actor.professional(DURAND));
                assertThat(event.action()).isEqualTo(AccessAction.FETCH);
                assertThat(event.document()).contains(document.id());
                assertThat(event.denial()).contains(DenialReason.NO_RELATIONSHIP);
            });
        }

        @Test
        void adminGrantShouldOpenTheRecordToAProfessionalUntilRevoked() throws Exception {
            DocumentMetadata document = file(PATIENT, unique("granted"));
            Actor granted = Actor.professional(GRANTED);
            assertThat(store.fetch(granted, document.id())).isInstanceOf(AccessOutcome.Denied.class);

            grants.grant(GRANTED, PATIENT, "admin");
            assertThat(store.fetch(granted, document.id())).isInstanceOf(AccessOutcome.Granted.class);

            grants.revoke(GRANTED, PATIENT);
            assertThat(store.fetch(granted, document.id())).isInstanceOf(AccessOutcome.Denied.class);
        }

        @Test
        void hiddenDocumentShouldNotExistForAProfessionalButRemainForThePatient() throws Exception {
            DocumentMetadata document = file(PATIENT, unique("hidden"));
            granted(store.setHidden(Actor.patient(PATIENT), document.id(), true));

            assertThat(store.fetch(MARTIN_ACTOR, document.id())).isInstanceOf(AccessOutcome.NotFound.class);
            assertThat(granted(store.list(MARTIN_ACTOR, PATIENT))).extracting(DocumentMetadata::id).doesNotContain(document.id());
            assertThat(granted(store.list(Actor.patient(PATIENT), PATIENT))).extracting(DocumentMetadata::id).contains(document.id());
        }

        @Test
        void onlyThePatientShouldHideOrReadTheHistory() throws Exception {
            DocumentMetadata document = file(PATIENT, unique("patient only"));

            assertThat(store.setHidden(MARTIN_ACTOR, document.id(), true)).isInstanceOf(AccessOutcome.Denied.class);
            assertThat(store.setHidden(Actor.patient(OTHER_PATIENT), document.id(), true))
                .isEqualTo(new AccessOutcome.Denied<>(DenialReason.NOT_THE_PATIENT));
            assertThat(store.accessHistory(MARTIN_ACTOR, PATIENT)).isInstanceOf(AccessOutcome.Denied.class);
            assertThat(store.list(Actor.admin("admin"), PATIENT)).isInstanceOf(AccessOutcome.Denied.class);
            assertThat(store.fetch(Actor.patient(OTHER_PATIENT), document.id())).isInstanceOf(AccessOutcome.Denied.class);
        }

        @Test
        void adminOnBehalfOfThePatientShouldBeRecordedAsTheAdmin() throws Exception {
            DocumentMetadata document = file(PATIENT, unique("admin"));

            granted(store.onBehalfOfPatient("alice").fetch(null, document.id()));

            assertThat(granted(store.accessHistory(Actor.patient(PATIENT), PATIENT)))
                .anySatisfy(event -> assertThat(event.actor()).isEqualTo(Actor.admin("alice")));
        }

        @Test
        void unknownDocumentShouldNotBeFound() throws Exception {
            assertThat(store.fetch(Actor.patient(PATIENT), DocumentId.random())).isInstanceOf(AccessOutcome.NotFound.class);
        }

        @Test
        void auditShouldNameNoPatientOrTitleInClear() throws Exception {
            file(PATIENT, unique("audit"));
            store.list(Actor.patient(PATIENT), PATIENT);

            assertThat(audit).isNotEmpty().allSatisfy(event -> {
                assertThat(String.join(" ", event.objectIds()) + " " + event.actorId()).doesNotContain(PATIENT.matricule())
                    .doesNotContain("Ordonnance").doesNotContain(MARTIN);
            });
        }
    }

    /** Forces Derby's cached pages to its files, so that what the database holds is what a grep of its directory sees. */
    static void checkpoint() throws SQLException {
        EntityManager entityManager = database.entityManagerFactory().createEntityManager();
        try (Connection connection = (Connection) OpenJPAPersistence.cast(entityManager).getConnection();
             CallableStatement checkpoint = connection.prepareCall("CALL SYSCS_UTIL.SYSCS_CHECKPOINT_DATABASE()")) {
            checkpoint.execute();
        } finally {
            entityManager.close();
        }
    }

    /** The files of the Derby database (data, log, indexes) in which {@code canary} occurs as bytes. */
    static List<Path> databaseFilesContaining(String canary) throws IOException {
        byte[] needle = canary.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(var.resolve("db"))) {
            List<Path> hits = new ArrayList<>();
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                if (indexOf(Files.readAllBytes(file), needle) >= 0) {
                    hits.add(file);
                }
            }
            return hits;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static void inTransaction(java.util.function.Consumer<EntityManager> work) {
        EntityManager entityManager = database.entityManagerFactory().createEntityManager();
        try {
            entityManager.getTransaction().begin();
            work.accept(entityManager);
            entityManager.getTransaction().commit();
        } finally {
            entityManager.close();
        }
    }

    @Nested
    class MetadataAtRest {
        @Test
        void titleAndAuthorShouldNotBeInTheDatabaseFilesWhenFiled() throws Exception {
            String title = "CANARY-TITLE-" + java.util.UUID.randomUUID();
            String author = "CANARY-AUTHOR-" + java.util.UUID.randomUUID();
            NewDocument document = NewDocument.fromMessage(PATIENT, Author.ofSender(author, MARTIN), title, Optional.empty(),
                DocumentTypes.PDF, HexFormat.of().formatHex(new byte[32]));
            FilingOutcome outcome = store.file(MARTIN_ACTOR, document, new Bytes(unique("sealed title")));
            checkpoint();

            assertThat(((FilingOutcome.Filed) outcome).document().title()).isEqualTo(title);
            assertThat(granted(store.list(Actor.patient(PATIENT), PATIENT))).anySatisfy(listed -> {
                assertThat(listed.title()).isEqualTo(title);
                assertThat(listed.document().author()).hasValueSatisfying(value -> assertThat(value.displayName()).isEqualTo(author));
            });
            assertThat(databaseFilesContaining(title)).isEmpty();
            assertThat(databaseFilesContaining(author)).isEmpty();
        }

        @Test
        void everyDescriptiveFieldShouldReadBackWhenSealed() throws Exception {
            NewDocument document = new NewDocument(SEALED_PATIENT, Optional.of(org.santegateway.dmp.InsAuthority.NIR),
                Optional.of(new CodedValue("11488-4", "2.16.840.1.113883.6.1", Optional.of("Consultation note"))),
                "Compte rendu é€", Optional.of(new Author("Dr Étienne", Optional.of("810000000001"), Optional.of("1.2.250.1.71.4.2.1"))),
                Optional.of(Instant.ofEpochMilli(1_700_000_000_000L)), DocumentTypes.PDF,
                Optional.of(new CodedValue("N", "2.16.840.1.113883.5.25", Optional.empty())), Optional.of("1.2.3.4^42"),
                DocumentOrigin.XDM, HexFormat.of().formatHex(new byte[32]));
            DocumentMetadata filed = ((FilingOutcome.Filed) store.file(MARTIN_ACTOR, document, new Bytes(unique("fields")))).document();

            DocumentMetadata read = granted(store.fetch(Actor.patient(SEALED_PATIENT), filed.id())).metadata();

            assertThat(read).isEqualTo(filed);
            assertThat(read.document()).isEqualTo(document);
        }

        @Test
        void rowFiledInClearShouldBeReadThenSealedAndLeaveNoClearCopyInTheFiles() throws Exception {
            String title = "CANARY-LEGACY-" + java.util.UUID.randomUUID();
            String author = "CANARY-LEGACY-AUTHOR-" + java.util.UUID.randomUUID();
            byte[] content = unique("legacy");
            DocumentId id = DocumentId.random();
            String blobName = blobs.nameOf(PATIENT, new Bytes(content).sha256());
            blobs.write(blobName, new Bytes(content), new DocumentAad(id, PATIENT));
            JpaDmpDocument row = DocumentRows.toRow(id, pdfFor(PATIENT, "ignored"), content.length, new Bytes(content).sha256(), blobName,
                Instant.now(), MARTIN_ACTOR, metadataCipher);
            // As an earlier version wrote it: the descriptive metadata in clear columns, nothing sealed.
            row.sealedMetadata = null;
            row.title = title;
            row.authorName = author;
            row.authorId = MARTIN;
            row.authorIdSystem = Author.MAIL_ADDRESS_SYSTEM;
            inTransaction(entityManager -> entityManager.persist(row));
            checkpoint();
            assertThat(databaseFilesContaining(title)).as("the check sees a clear title").isNotEmpty();
            assertThat(granted(store.fetch(Actor.patient(PATIENT), id)).metadata().title()).isEqualTo(title);

            assertThat(store.sealClearMetadata()).isEqualTo(1);

            StoredDocument sealed = granted(store.fetch(Actor.patient(PATIENT), id));
            assertThat(sealed.metadata().title()).isEqualTo(title);
            assertThat(sealed.metadata().document().author()).contains(Author.ofSender(author, MARTIN));
            assertThat(read(sealed)).isEqualTo(content);
            // The table and its indexes are rebuilt without the clear values; the transaction log still
            // holds the insert made before sealing until Derby moves past that log file (see README).
            assertThat(databaseFilesContaining(title)).allSatisfy(file -> assertThat(file.getParent().getFileName()).hasToString("log"));
            assertThat(databaseFilesContaining(author)).allSatisfy(file -> assertThat(file.getParent().getFileName()).hasToString("log"));
            assertThat(store.sealClearMetadata()).isZero();
        }

        @Test
        void metadataSealedForAnotherDocumentShouldFailTheReadInsteadOfShowingIt() throws Exception {
            DocumentMetadata first = file(SEALED_PATIENT, unique("first sealed"));
            DocumentMetadata second = file(SEALED_PATIENT, unique("second sealed"));
            inTransaction(entityManager -> {
                String sealed = entityManager.find(JpaDmpDocument.class, first.id().toString()).sealedMetadata;
                entityManager.createQuery("UPDATE GatewayDmpDocument d SET d.sealedMetadata = :sealed WHERE d.id = :id")
                    .setParameter("sealed", sealed).setParameter("id", second.id().toString()).executeUpdate();
            });

            assertThatThrownBy(() -> store.fetch(Actor.patient(SEALED_PATIENT), second.id())).isInstanceOf(DmpStoreException.class);
            assertThat(granted(store.fetch(Actor.patient(SEALED_PATIENT), first.id())).metadata().id()).isEqualTo(first.id());
        }
    }
}
