package org.santegateway.server.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The on-disk Lucene directory ({@code <var>/lucene}) holding the mailbox search index, closed when the server
 * stops (after the index writer, which is created later and so stopped earlier).
 *
 * <p>It also tells whether the index was closed cleanly last time: the file {@value #CLEAN_STOP_MARKER} is written
 * (and synced) once the index writer has committed and closed, and removed (durably) when the index opens. Its
 * absence at the next start means the process stopped without closing the index (crash, {@code kill -9}, power
 * loss) or that the index is new: what was indexed after the last commit may be missing, see
 * {@link SearchIndexRepair}.</p>
 */
public class LuceneIndexDirectory {
    static final String CLEAN_STOP_MARKER = "gateway-clean-stop";

    private final Path path;
    private final Directory directory;
    private final boolean closedCleanly;

    @Inject
    public LuceneIndexDirectory(StorageDirectories directories) {
        this.path = directories.luceneIndex();
        try {
            this.directory = FSDirectory.open(path.toFile());
            this.closedCleanly = Files.deleteIfExists(path.resolve(CLEAN_STOP_MARKER));
            if (closedCleanly) {
                syncDirectory();
            }
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
