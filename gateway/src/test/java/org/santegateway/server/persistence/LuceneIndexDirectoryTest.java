package org.santegateway.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.james.mailbox.model.SearchQuery;
import org.apache.lucene.analysis.WhitespaceAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index directory after an upgrade in place: an index of the earlier layout is emptied and to be repaired. */
class LuceneIndexDirectoryTest {
    @TempDir
    Path var;

    @Test
    void openingShouldEmptyAnIndexOfTheEarlierLayoutAndAskForARepair() throws Exception {
        Path lucene = new StorageDirectories(var).luceneIndex();
        writeEarlierIndex(lucene);
        Files.createFile(lucene.resolve(LuceneIndexDirectory.CLEAN_STOP_MARKER));

        try (SearchIndexFixture fixture = new SearchIndexFixture(var)) {
            assertThat(fixture.directory.closedCleanly()).isFalse();
            assertThat(fixture.search(SearchQuery.all())).isEmpty();
            assertThat(IndexReader.indexExists(fixture.directory.directory())).isFalse();
        }
        assertThat(Files.readString(lucene.resolve(LuceneIndexDirectory.SCHEMA_FILE)).trim())
            .isEqualTo(LuceneIndexDirectory.SCHEMA);
    }

    @Test
    void openingShouldKeepAnIndexOfTheCurrentLayout() throws Exception {
        try (SearchIndexFixture fixture = new SearchIndexFixture(var)) {
            fixture.add(1, "From: a@b.fr\nSubject: kept across restarts\n\nhello\n");
        }

        try (SearchIndexFixture fixture = new SearchIndexFixture(var)) {
            assertThat(fixture.directory.closedCleanly()).isTrue();
            assertThat(fixture.search(SearchQuery.subject("across rest"))).containsExactly(1L);
        }
    }

    private static void writeEarlierIndex(Path lucene) throws Exception {
        Files.createDirectories(lucene);
        try (FSDirectory directory = FSDirectory.open(lucene.toFile());
             IndexWriter writer = new IndexWriter(directory,
                 new IndexWriterConfig(Version.LUCENE_31, new WhitespaceAnalyzer(Version.LUCENE_31)))) {
            Document document = new Document();
            document.add(new Field("id", "1-1", Field.Store.YES, Field.Index.NOT_ANALYZED));
            document.add(new Field("body", "HELLO OLD LAYOUT", Field.Store.NO, Field.Index.ANALYZED));
            writer.addDocument(document);
        }
    }
}
