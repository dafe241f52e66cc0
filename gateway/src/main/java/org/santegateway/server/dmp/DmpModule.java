package org.santegateway.server.dmp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.settings.NodeIdentity;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.webadmin.Routes;
import org.santegateway.cda.CdaHeaderReader;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.dmp.AccessGrants;
import org.santegateway.dmp.ContentSpooler;
import org.santegateway.dmp.ConversationMembership;
import org.santegateway.dmp.DmpAccessRule;
import org.santegateway.dmp.DmpStore;
import org.santegateway.dmp.DmpStoreException;
import org.santegateway.dmp.Ins;
import org.santegateway.dmp.MasterKey;
import org.santegateway.dmp.MasterKeyException;
import org.santegateway.dmp.MetadataCipher;
import org.santegateway.dmp.PatientIdentification;
import org.santegateway.filing.AttachmentFiler;
import org.santegateway.server.startup.StartupFailure;
import org.santegateway.xdm.XdmLimits;
import org.santegateway.xdm.XdmPackageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;

import ca.uhn.fhir.context.FhirContext;

/**
 * The DMP store and what the filing mailets need: the master key ({@code <data>/conf/dmp-master.key},
 * created on first start with mode 0600), the encrypted blobs ({@code <data>/var/dmp/} or
 * {@value #BLOBS_DIRECTORY}), the
 * embedded {@link DmpStore} with its access rule (conversations and admin grants) and its sealed
 * metadata (rows of earlier versions are sealed at start), the XDM reader, the patient
 * identification and the {@link AttachmentFiler} of the filing mailet, and the WebAdmin routes
 * under {@code /gateway/dmp}.
 */
public class DmpModule extends AbstractModule {
    public static final String MASTER_KEY_FILE = "dmp-master.key";
    private static final Logger LOGGER = LoggerFactory.getLogger(DmpModule.class);

    @Override
    protected void configure() {
        bind(JpaAccessGrants.class).in(Scopes.SINGLETON);
        bind(AccessGrants.class).to(JpaAccessGrants.class);
        bind(JpaConversationMembership.class).in(Scopes.SINGLETON);
        bind(ConversationMembership.class).to(JpaConversationMembership.class);
        bind(DmpAccessAudit.class).in(Scopes.SINGLETON);
        bind(DmpStore.class).to(EmbeddedDmpStore.class);
        bind(CdaHeaderReader.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(DmpRoutes.class);
    }

    /** {@value #BLOBS_DIRECTORY}: where the encrypted documents are; default {@code <data>/var/dmp}. */
    public static final String BLOBS_DIRECTORY = "dmp.blobs.directory";

    public static Path dmpDirectory(JamesDirectoriesProvider directories) {
        return Path.of(directories.getVarDirectory()).resolve("dmp");
    }

    /**
     * The directory of the encrypted documents: {@value #BLOBS_DIRECTORY} (absolute, or relative to the data
     * directory), which nodes sharing one database must set to one directory on storage they all mount, or
     * {@code <data>/var/dmp}.
     */
    public static Path blobsDirectory(GatewayProperties properties, JamesDirectoriesProvider directories) {
        return properties.path(BLOBS_DIRECTORY, Path.of(directories.getRootDirectory())).orElse(dmpDirectory(directories));
    }

    /** HAPI's R4 context is costly to build (it scans the model classes): one for the server's life (MHD, directory export). */
    @Provides
    @Singleton
    FhirContext fhirContext() {
        return FhirContext.forR4();
    }

    @Provides
    @Singleton
    MasterKey masterKey(JamesDirectoriesProvider directories) {
        Path file = Path.of(directories.getConfDirectory()).resolve(MASTER_KEY_FILE);
        try {
            Files.createDirectories(file.getParent());
            boolean created = !Files.exists(file);
            MasterKey key = MasterKey.loadOrCreate(file);
            if (created) {
                LOGGER.info("Created the DMP master key {} (id {}): back it up, the documents cannot be read without it", file, key.id());
            }
            return key;
        } catch (MasterKeyException | IOException e) {
            throw new StartupFailure("DMP master key: " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    EncryptedBlobs blobs(JamesDirectoriesProvider directories, GatewayProperties properties, NodeIdentity node, MasterKey masterKey) {
        Path directory = blobsDirectory(properties, directories);
        try {
            return new EncryptedBlobs(directory, node.id(), masterKey);
        } catch (IOException e) {
            throw new StartupFailure("DMP store: " + directory + " cannot be prepared: " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    EmbeddedDmpStore store(EntityManagerFactory entityManagerFactory, EncryptedBlobs blobs, MasterKey masterKey,
                           ConversationMembership membership, AccessGrants grants, DmpAccessAudit audit, Clock clock) {
        EmbeddedDmpStore store = new EmbeddedDmpStore(entityManagerFactory, blobs, new MetadataCipher(masterKey),
            new DmpAccessRule(membership, grants), audit, clock);
        try {
            // Rows filed by an earlier version kept their title and author in clear.
            store.sealClearMetadata();
        } catch (DmpStoreException e) {
            throw new StartupFailure("DMP store: the metadata of earlier documents could not be sealed: " + e.getMessage(), e);
        }
        return store;
    }

    @Provides
    @Singleton
    ContentSpooler spooler(JamesDirectoriesProvider directories) {
        Path spool = dmpDirectory(directories).resolve("spool");
        try {
            Files.createDirectories(spool);
            // Left by a crash: encrypted under keys that died with the process.
            try (var leftovers = Files.list(spool)) {
                for (Path leftover : (Iterable<Path>) leftovers::iterator) {
                    Files.deleteIfExists(leftover);
                }
            }
        } catch (IOException e) {
            throw new StartupFailure("DMP store: " + spool + " cannot be prepared: " + e.getMessage(), e);
        }
        return new ContentSpooler(spool, ContentSpooler.DEFAULT_MEMORY_THRESHOLD);
    }

    @Provides
    @Singleton
    XdmPackageReader xdmReader(ContentSpooler spooler, CdaHeaderReader cdaReader) {
        return new XdmPackageReader(XdmLimits.DEFAULTS, spooler, cdaReader);
    }

    /** What FileDocumentsInDmp files a message's documents with: a document is at most as large as an XDM entry may be. */
    @Provides
    @Singleton
    AttachmentFiler attachmentFiler(DmpStore store, XdmPackageReader xdmReader, CdaHeaderReader cdaReader, ContentSpooler spooler,
                                    PatientIdentification identification) {
        return new AttachmentFiler(store, xdmReader, cdaReader, spooler, identification, XdmLimits.DEFAULTS.maxEntryBytes());
    }

    @Provides
    @Singleton
    PatientIdentification patientIdentification(UsersRepository users, PatientDomains patientDomains) {
        return new PatientIdentification(ins -> isPatient(users, patientDomains, ins));
    }

    private static boolean isPatient(UsersRepository users, PatientDomains patientDomains, Ins ins) {
        for (Domain domain : patientDomains.domains()) {
            try {
                if (users.contains(Username.of(ins.matricule() + "@" + domain.asString()))
                    || users.contains(Username.of(ins.matricule().toLowerCase(java.util.Locale.ROOT) + "@" + domain.asString()))) {
                    return true;
                }
            } catch (UsersRepositoryException e) {
                throw new IllegalStateException("the users repository cannot be read", e);
            }
        }
        return false;
    }
}
