package org.santegateway.server.persistence;

import java.nio.file.Path;

import javax.inject.Inject;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;

import com.google.common.base.MoreObjects;

/**
 * Where the embedded storage keeps its files: everything lives under James's var directory
 * ({@link JamesDirectoriesProvider#getVarDirectory()}, i.e. {@code <data dir>/var/}), so that one
 * data directory holds the whole state of the gateway and nothing lands in the process's current
 * directory.
 *
 * <pre>
 * var/derby/            embedded Derby database (users, domains, mappings, mailboxes, messages, quota,
 *                       sieve scripts, mail repositories)
 * var/derby.log         Derby's own error log, when not sent to SLF4J
 * var/lucene/           Lucene search index of the mailboxes
 * var/activemq/kahadb/  KahaDB journal of the mail queue
 * var/activemq/blobs/   bodies of queued mails (ActiveMQ blob messages)
 * var/activemq/broker/  the broker's other working files, should it need any
 * var/tmp/              Java's temporary files: messages over 100 KB in transit (GatewayMain, ./gateway-start)
 * </pre>
 */
public class StorageDirectories {
    private final Path varDirectory;

    @Inject
    public StorageDirectories(JamesDirectoriesProvider directories) {
        this(Path.of(directories.getVarDirectory()));
    }

    public StorageDirectories(Path varDirectory) {
        this.varDirectory = varDirectory.toAbsolutePath().normalize();
    }

    public Path varDirectory() {
        return varDirectory;
    }

    public Path derbyDatabase() {
        return varDirectory.resolve("derby");
    }

    public Path derbyLog() {
        return varDirectory.resolve("derby.log");
    }

    public Path luceneIndex() {
        return varDirectory.resolve("lucene");
    }

    public Path activeMqKahaDb() {
        return activeMqRoot().resolve("kahadb");
    }

    public Path activeMqBroker() {
        return activeMqRoot().resolve("broker");
    }

    /**
     * The blob directory as a James {@code FileSystem} URL, the form {@code FileSystemBlobTransferPolicy} expects.
     */
    public String activeMqBlobsUrl() {
        return FileSystem.FILE_PROTOCOL_AND_VAR + "activemq/blobs";
    }

    private Path activeMqRoot() {
        return varDirectory.resolve("activemq");
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this)
            .add("varDirectory", varDirectory)
            .toString();
    }
}
