package org.santegateway.server.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The on-disk Lucene directory ({@code <var>/lucene}) holding the mailbox search index, closed when the server
 * stops (after the index writer, which is created later and so stopped earlier).
 */
public class LuceneIndexDirectory {
    private final Directory directory;

    @Inject
    public LuceneIndexDirectory(StorageDirectories directories) {
        try {
            this.directory = FSDirectory.open(directories.luceneIndex().toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the Lucene index under " + directories.luceneIndex(), e);
        }
    }

    public Directory directory() {
        return directory;
    }

    @PreDestroy
    public void close() throws IOException {
        directory.close();
    }
}
