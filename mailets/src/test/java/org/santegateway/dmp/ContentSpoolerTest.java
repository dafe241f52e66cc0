package org.santegateway.dmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentSpoolerTest {
    @TempDir
    Path directory;

    private ContentSpooler spooler() {
        return new ContentSpooler(directory.resolve("spool"), 10_000);
    }

    @Test
    void spoolShouldKeepSmallContentInMemoryWhenUnderTheThreshold() throws Exception {
        byte[] content = DocumentCipherTest.random(5_000, 1);
        try (SpooledContent spooled = spooler().spool(new ByteArrayInputStream(content), 1 << 20)) {
            assertThat(spooled.inMemory()).isTrue();
            assertThat(spooled.size()).isEqualTo(5_000);
            assertThat(spooled.sha256()).isEqualTo(ContentHash.of(MessageDigest.getInstance("SHA-256").digest(content)));
            assertThat(spooled.sha1Hex()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content)));
            assertThat(spooled.head()).isEqualTo(Arrays.copyOf(content, DocumentTypes.HEAD_BYTES));
            try (InputStream in = spooled.openStream()) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
        }
    }

    @Test
    void spoolShouldEncryptToAnOwnerOnlyFileWhenOverTheThreshold() throws Exception {
        byte[] content = DocumentCipherTest.random(300_000, 2);
        try (SpooledContent spooled = spooler().spool(new ByteArrayInputStream(content), 1 << 20)) {
            assertThat(spooled.inMemory()).isFalse();
            Path file = spooled.file().orElseThrow();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            byte[] onDisk = Files.readAllBytes(file);
            assertThat(onDisk.length).isGreaterThan(content.length);
            for (int offset = 0; offset + 32 <= content.length; offset += 65_536) {
                byte[] probe = Arrays.copyOfRange(content, offset, offset + 32);
                assertThat(indexOf(onDisk, probe)).as("plaintext at %d on disk", offset).isEqualTo(-1);
            }
            for (int i = 0; i < 2; i++) {
                try (InputStream in = spooled.openStream()) {
                    assertThat(in.readAllBytes()).isEqualTo(content);
                }
            }
            assertThat(spooled.sha256()).isEqualTo(ContentHash.of(MessageDigest.getInstance("SHA-256").digest(content)));
        }
    }

    @Test
    void closeShouldDeleteTheFileWhenSpooledToDisk() throws Exception {
        SpooledContent spooled = spooler().spool(new ByteArrayInputStream(new byte[50_000]), 1 << 20);
        Path file = spooled.file().orElseThrow();
        spooled.close();
        spooled.close();
        assertThat(file).doesNotExist();
        assertThatThrownBy(spooled::openStream).isInstanceOf(IOException.class);
    }

    @Test
    void spoolShouldThrowAndLeaveNoFileWhenOverTheLimit() throws Exception {
        assertThatThrownBy(() -> spooler().spool(new ByteArrayInputStream(new byte[100_001]), 100_000))
            .isInstanceOfSatisfying(ContentTooLargeException.class, e -> assertThat(e.limit()).isEqualTo(100_000));
        try (Stream<Path> files = Files.list(directory.resolve("spool"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void spoolShouldAcceptContentOfExactlyTheLimitWhenNotOver() throws Exception {
        try (SpooledContent spooled = spooler().spool(new ByteArrayInputStream(new byte[100_000]), 100_000)) {
            assertThat(spooled.size()).isEqualTo(100_000);
        }
    }

    @Test
    void spoolShouldGoToDiskWhenTheMemoryAllowanceIsSpent() throws Exception {
        try (SpooledContent spooled = spooler().spool(new ByteArrayInputStream(new byte[100]), 1000, 50)) {
            assertThat(spooled.inMemory()).isFalse();
        }
    }

    @Test
    void spoolShouldGiveTheSameContentWhenTheInputArrivesInSmallPieces() throws Exception {
        byte[] content = DocumentCipherTest.random(70_000, 3);
        InputStream trickle = new FilterInputStream(new ByteArrayInputStream(content)) {
            private int next;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                next = next % 5 + 1;
                return super.read(b, off, Math.min(len, next));
            }
        };
        try (SpooledContent spooled = spooler().spool(trickle, 1 << 20); InputStream in = spooled.openStream()) {
            assertThat(in.readAllBytes()).isEqualTo(content);
            assertThat(spooled.head()).isEqualTo(Arrays.copyOf(content, DocumentTypes.HEAD_BYTES));
        }
    }

    @Test
    void spoolShouldHandleEmptyContentWhenNothingIsRead() throws Exception {
        try (SpooledContent spooled = spooler().spool(new ByteArrayInputStream(new byte[0]), 10)) {
            assertThat(spooled.size()).isZero();
            assertThat(spooled.head()).isEmpty();
        }
    }

    @Test
    void openStreamShouldFailWhenTheSpoolFileWasTamperedWith() throws Exception {
        try (SpooledContent spooled = spooler().spool(new ByteArrayInputStream(new byte[50_000]), 1 << 20)) {
            Path file = spooled.file().orElseThrow();
            byte[] onDisk = Files.readAllBytes(file);
            onDisk[100] ^= 1;
            Files.write(file, onDisk);
            try (InputStream in = spooled.openStream()) {
                assertThatThrownBy(in::readAllBytes).isInstanceOf(DocumentIntegrityException.class);
            }
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
}
