package org.santegateway.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.smime.TestPki;

class PemFilesTest {
    private final TestPki pki = TestPki.get();

    @Test
    void readersShouldLoadTheTestPkiFiles() throws IOException {
        assertThat(PemFiles.certificate(pki.alice.certificateFile())).isEqualTo(pki.alice.certificate());
        assertThat(PemFiles.privateKey(pki.alice.keyFile())).isEqualTo(pki.alice.privateKey());
        assertThat(PemFiles.crls(pki.crlFile)).containsExactly(pki.crl);
    }

    @Test
    void privateKeyShouldRefuseACertificateFileWithoutEchoingIt() {
        assertThatThrownBy(() -> PemFiles.privateKey(pki.alice.certificateFile()))
            .isInstanceOf(IOException.class)
            .hasMessageEndingWith("alice.pem: not an unencrypted PEM private key");
    }

    @Test
    void certificatesShouldRefuseAnEmptyFile(@TempDir Path directory) throws IOException {
        Path empty = Files.createFile(directory.resolve("empty.pem"));

        assertThatThrownBy(() -> PemFiles.certificates(empty)).isInstanceOf(IOException.class).hasMessageContaining("empty.pem");
    }

    @Test
    void crlsShouldRefuseACertificateFile() {
        assertThatThrownBy(() -> PemFiles.crls(pki.alice.certificateFile())).isInstanceOf(IOException.class).hasMessageContaining("alice.pem");
    }
}
