package org.santegateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayMainTest {
    @TempDir
    Path data;

    @Test
    void theTemporaryDirectoryShouldBeUnderTheDataDirectoryAndReadableByTheGatewayOnly() throws Exception {
        Path temporary = GatewayMain.temporaryDirectory(data);

        assertThat(temporary).isEqualTo(data.resolve("var/tmp")).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temporary))).isEqualTo("rwx------");
    }

    /** A message James kept in a temporary file when the gateway was killed: gone at the next start. */
    @Test
    void whatACrashedRunLeftShouldBeRemovedAtTheNextStart() throws Exception {
        Path temporary = Files.createDirectories(data.resolve("var/tmp/nested"));
        Files.writeString(temporary.resolveSibling("mimemessage-123.m64"), "Subject: compte rendu\r\n\r\nINS 1 84 12 75 123 456 78\r\n");
        Files.writeString(temporary.resolve("other.tmp"), "x");

        Path again = GatewayMain.temporaryDirectory(data);

        assertThat(again).isDirectory().isEmptyDirectory();
    }
}
