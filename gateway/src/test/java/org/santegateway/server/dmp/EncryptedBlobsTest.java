package org.santegateway.server.dmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.dmp.ContentHash;
import org.santegateway.dmp.DocumentAad;
import org.santegateway.dmp.DocumentId;
import org.santegateway.dmp.MasterKey;

/** Encrypted blobs in one directory shared by several nodes (dmp.blobs.directory on shared storage). */
class EncryptedBlobsTest {
    @TempDir
    Path shared;

    @Test
    void aNodeStartingShouldLeaveAnotherNodesWriteInProgress() throws Exception {
        MasterKey key = MasterKey.generate();
        new EncryptedBlobs(shared, "gw-1", key);
        Path inProgress = Files.writeString(shared.resolve("tmp").resolve("gw-1").resolve("a.part"), "ciphertext being written");

        new EncryptedBlobs(shared, "gw-2", key);

        assertThat(inProgress).exists();
    }

    @Test
    void aNodeStartingShouldDropItsOwnAndOlderVersionsHalfWrittenFiles() throws Exception {
        MasterKey key = MasterKey.generate();
        new EncryptedBlobs(shared, "gw-1", key);
        Path own = Files.writeString(shared.resolve("tmp").resolve("gw-1").resolve("b.part"), "left by a crash");
        Path older = Files.writeString(shared.resolve("tmp").resolve("c.part"), "left by a version before nodes");

        new EncryptedBlobs(shared, "gw-1", key);

        assertThat(own).doesNotExist();
        assertThat(older).doesNotExist();
    }

    @Test
    void aDocumentWrittenByOneNodeShouldBeReadByAnother() throws Exception {
        MasterKey key = MasterKey.generate();
        EncryptedBlobs first = new EncryptedBlobs(shared, "gw-1", key);
        EncryptedBlobs second = new EncryptedBlobs(shared, "gw-2", key);
        byte[] content = "%PDF-1.7 compte rendu".getBytes(StandardCharsets.US_ASCII);
        DocumentAad aad = new DocumentAad(DocumentId.random(), EmbeddedDmpStoreTest.PATIENT);
        String name = first.nameOf(EmbeddedDmpStoreTest.PATIENT, ContentHash.of(java.security.MessageDigest.getInstance(ContentHash.ALGORITHM).digest(content)));

        first.write(name, new EmbeddedDmpStoreTest.Bytes(content), aad);

        try (InputStream read = second.open(name, aad)) {
            assertThat(read.readAllBytes()).isEqualTo(content);
        }
    }
}
