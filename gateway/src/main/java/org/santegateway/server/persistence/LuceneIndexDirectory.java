package org.santegateway.server.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk Lucene directory ({@code <var>/lucene}) holding the mailbox search index, closed when the server
 * stops (after the index writer, which is created later and so stopped earlier).
 *
 * <p>It also tells whether the index was closed cleanly last time: the file {@value #CLEAN_STOP_MARKER} is written
 * (and synced) once the index writer has committed and closed, and removed (durably) when the index opens. Its
 * absence at the next start means the process stopped without closing the index (crash, {@code kill -9}, power
 * loss) or that the index is new: what was indexed after the last commit may be missing, see
 * {@link SearchIndexRepair}.</p>
 *
 * <p>The file {@value #SCHEMA_FILE} names the layout of the documents ({@value #SCHEMA}: trigrams of decoded
 * headers and bodies, see {@link GatewayLuceneMessageSearchIndex}). An index written with another layout (by an
 * earlier version of the gateway, which had no such file: James's word index) is emptied when the directory opens,
 * and counts as not closed cleanly: the repair then indexes every message again, in the background, after an upgrade
 * in place.</p>
 */
public class LuceneIndexDirectory {
    static final String CLEAN_STOP_MARKER = "gateway-clean-stop";
    static final String SCHEMA_FILE = "gateway-index-schema";
    static final String SCHEMA = "gateway-substring-2";

    private static final Logger LOGGER = LoggerFactory.getLogger(LuceneIndexDirectory.class);

    private final Path path;
    private final Directory directory;
    private final boolean closedCleanly;

    @Inject
    public LuceneIndexDirectory(StorageDirectories directories) {
        this.path = directories.luceneIndex();
        try {
            this.directory = FSDirectory.open(path.toFile());
            boolean markerFound = Files.deleteIfExists(path.resolve(CLEAN_STOP_MARKER));
            if (markerFound) {
                syncDirectory();
            }
            boolean emptied = ensureSchema();
            this.closedCleanly = markerFound && !emptied;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the Lucene index under " + path, e);
        }
    }

    public Directory directory() {
        return directory;
    }

    /** Whether the index was closed cleanly when the gateway stopped last time. */
    public boolean closedCleanly() {
        return closedCleanly;
    }

    /** Records that the index writer committed and closed: called last, after the writer's close succeeded. */
    public void markClosedCleanly() throws IOException {
        try (FileChannel marker = FileChannel.open(path.resolve(CLEAN_STOP_MARKER),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            marker.force(true);
        }
        syncDirectory();
    }

    /** Empties an index written with another layout, then records the current one; true when it emptied one. */
    private boolean ensureSchema() throws IOException {
        Path schemaFile = path.resolve(SCHEMA_FILE);
        String written = Files.exists(schemaFile) ? Files.readString(schemaFile, StandardCharsets.US_ASCII).trim() : "";
        if (SCHEMA.equals(written)) {
            return false;
        }
        boolean emptied = false;
        if (IndexReader.indexExists(directory)) {
            LOGGER.info("The search index was written by an earlier version ({}): emptied, to be rebuilt from the mailboxes",
                written.isEmpty() ? "word index" : written);
            for (String file : directory.listAll()) {
                directory.deleteFile(file);
            }
            emptied = true;
        }
        Files.createDirectories(path);
        try (FileChannel channel = FileChannel.open(schemaFile, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap((SCHEMA + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        syncDirectory();
        return emptied;
    }

    @PreDestroy
    public void close() throws IOException {
        directory.close();
    }

    private void syncDirectory() throws IOException {
        Files.createDirectories(path);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
