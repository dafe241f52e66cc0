package org.santegateway.dmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.dmp.MasterKeyException.Reason;

class MasterKeyTest {
    @TempDir
    Path directory;

    private static final byte[] RAW = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @Test
    void keyedDigestsDependOnTheKeyThePurposeAndTheData() {
        MasterKey key = MasterKey.of(RAW);
        byte[] data = "185057800608491\0abc".getBytes(StandardCharsets.US_ASCII);

        byte[] name = key.keyedDigest("dmp-blob-name/v1", data);

        assertThat(name).hasSize(32).isEqualTo(MasterKey.of(RAW).keyedDigest("dmp-blob-name/v1", data));
        assertThat(MasterKey.generate().keyedDigest("dmp-blob-name/v1", data)).isNotEqualTo(name);
        assertThat(key.keyedDigest("other-purpose", data)).isNotEqualTo(name);
        assertThat(key.keyedDigest("dmp-blob-name/v1", "185057800608491\0abd".getBytes(StandardCharsets.US_ASCII)))
            .isNotEqualTo(name);
    }

    private Path keyFile(byte[] content, String mode) throws IOException {
        Path file = directory.resolve("master.key");
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static Reason reasonOf(Path file) {
        try {
            MasterKey.load(file);
        } catch (MasterKeyException e) {
            assertThat(e.getMessage()).contains(file.toString());
            return e.reason();
        }
        throw new AssertionError("loaded");
    }

    @Nested
    class Formats {
        @Test
        void loadShouldReadTheKeyWhenTheFileHoldsRawBytes() throws Exception {
            assertThat(MasterKey.load(keyFile(RAW, "rw-------")).id()).isEqualTo(MasterKey.of(RAW).id());
        }

        @Test
        void loadShouldReadTheKeyWhenTheFileHoldsHexWithANewline() throws Exception {
            byte[] hex = (HexFormat.of().formatHex(RAW) + "\n").getBytes(StandardCharsets.US_ASCII);
            assertThat(MasterKey.load(keyFile(hex, "r--------")).id()).isEqualTo(MasterKey.of(RAW).id());
        }

        @Test
        void loadShouldReadTheKeyWhenTheFileHoldsBase64() throws Exception {
            byte[] base64 = Base64.getEncoder().encode(RAW);
            assertThat(MasterKey.load(keyFile(base64, "rw-------")).id()).isEqualTo(MasterKey.of(RAW).id());
        }

        @Test
        void loadShouldRefuseWhenTheKeyIsTooShort() throws Exception {
            assertThat(reasonOf(keyFile(new byte[16], "rw-------"))).isEqualTo(Reason.MALFORMED);
        }

        @Test
        void loadShouldRefuseWhenTheHexIsNotHex() throws Exception {
            assertThat(reasonOf(keyFile("z".repeat(64).getBytes(StandardCharsets.US_ASCII), "rw-------"))).isEqualTo(Reason.MALFORMED);
        }

        @Test
        void loadShouldRefuseWhenTheFileIsLarge() throws Exception {
            assertThat(reasonOf(keyFile(new byte[4096], "rw-------"))).isEqualTo(Reason.MALFORMED);
        }
    }

    @Nested
    class FileChecks {
        @Test
        void loadShouldRefuseWhenGroupCanRead() throws Exception {
            assertThat(reasonOf(keyFile(RAW, "rw-r-----"))).isEqualTo(Reason.PERMISSIONS_TOO_OPEN);
        }

        @Test
        void loadShouldRefuseWhenOthersCanRead() throws Exception {
            assertThat(reasonOf(keyFile(RAW, "rw----r--"))).isEqualTo(Reason.PERMISSIONS_TOO_OPEN);
        }

        @Test
        void loadShouldRefuseWhenGroupCanWrite() throws Exception {
            assertThat(reasonOf(keyFile(RAW, "rw--w----"))).isEqualTo(Reason.PERMISSIONS_TOO_OPEN);
        }

        @Test
        void loadShouldRefuseWhenTheFileIsMissing() {
            assertThat(reasonOf(directory.resolve("absent.key"))).isEqualTo(Reason.MISSING);
        }

        @Test
        void loadShouldRefuseWhenThePathIsADirectory() throws Exception {
            Path sub = Files.createDirectory(directory.resolve("keydir"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            assertThat(reasonOf(sub)).isEqualTo(Reason.NOT_A_REGULAR_FILE);
        }

        @Test
        void loadShouldJudgeTheTargetWhenThePathIsASymbolicLink() throws Exception {
            Path target = keyFile(RAW, "rw-r--r--");
            Path link = Files.createSymbolicLink(directory.resolve("link.key"), target);
            assertThat(reasonOf(link)).isEqualTo(Reason.PERMISSIONS_TOO_OPEN);
        }
    }

    @Nested
    class FirstStart {
        @Test
        void loadOrCreateShouldCreateAnOwnerOnlyFileWhenMissing() throws Exception {
            Path file = directory.resolve("new.key");
            MasterKey created = MasterKey.loadOrCreate(file);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(MasterKey.load(file).id()).isEqualTo(created.id());
            assertThat(MasterKey.loadOrCreate(file).id()).isEqualTo(created.id());
        }

        @Test
        void loadOrCreateShouldKeepAnExistingKeyWhenPresent() throws Exception {
            Path file = keyFile(RAW, "rw-------");
            assertThat(MasterKey.loadOrCreate(file).id()).isEqualTo(MasterKey.of(RAW).id());
        }
    }

    @Test
    void toStringShouldShowTheIdButNeverTheKey() {
        MasterKey key = MasterKey.of(RAW);
        assertThat(key.toString()).contains(key.id()).doesNotContain(HexFormat.of().formatHex(RAW));
        assertThat(key.id()).hasSize(16);
    }

    @Test
    void aLoadedKeyShouldDecryptWhatTheSameKeyEncrypted() throws Exception {
        MasterKey loaded = MasterKey.load(keyFile(RAW, "rw-------"));
        DocumentAad aad = new DocumentAad(DocumentId.random(), new Ins(org.santegateway.cda.CdaFixtures.INS));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        new DocumentCipher(MasterKey.of(RAW)).encrypt(new ByteArrayInputStream("x".getBytes(StandardCharsets.US_ASCII)), sink, aad);
        try (InputStream in = new DocumentCipher(loaded).decryptingStream(new ByteArrayInputStream(sink.toByteArray()), aad)) {
            assertThat(in.readAllBytes()).containsExactly('x');
        }
    }
}
