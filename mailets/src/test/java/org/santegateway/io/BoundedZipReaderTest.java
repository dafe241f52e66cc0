package org.santegateway.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.santegateway.io.BoundedZipReader.Failure;

class BoundedZipReaderTest {
    private static final BoundedZipReader.Limits LIMITS = new BoundedZipReader.Limits(3, 1 << 20, 100, 64 * 1024);

    @Test
    void readShouldHandEveryEntryInOrderWhenTheZipIsSound() throws IOException {
        List<String> seen = new ArrayList<>();

        Optional<Failure> result = new BoundedZipReader(LIMITS).read(new ByteArrayInputStream(zip("a.txt", "b.txt")), (entry, content) -> {
            seen.add(entry.getName() + "=" + new String(content.readAllBytes()));
            return Optional.empty();
        }, failure -> failure);

        assertThat(result).isEmpty();
        assertThat(seen).containsExactly("a.txt=content of a.txt", "b.txt=content of b.txt");
    }

    @Test
    void readShouldFailWhenThereAreMoreEntriesThanAllowed() throws IOException {
        Optional<Failure> result = new BoundedZipReader(LIMITS).read(new ByteArrayInputStream(zip("a", "b", "c", "d")),
            (entry, content) -> Optional.empty(), failure -> failure);

        assertThat(result).contains(Failure.TOO_MANY_ENTRIES);
    }

    @Test
    void readShouldFailWhenTheZipIsCutAfterAnEntry() throws IOException {
        byte[] zip = zip("a.txt", "b.txt");
        int secondEntry = indexOf(zip, "PK\u0003\u0004".getBytes(), 1);

        Optional<Failure> result = new BoundedZipReader(LIMITS).read(new ByteArrayInputStream(Arrays.copyOf(zip, secondEntry)),
            (entry, content) -> Optional.empty(), failure -> failure);

        assertThat(result).contains(Failure.CORRUPT);
    }

    @Test
    void readShouldFailWhenAnEntryInflatesBeyondTheRatio() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("zeros"));
            out.write(new byte[512 * 1024]);
            out.closeEntry();
        }

        Optional<Failure> result = new BoundedZipReader(LIMITS).read(new ByteArrayInputStream(bytes.toByteArray()),
            (entry, content) -> Optional.empty(), failure -> failure);

        assertThat(result).contains(Failure.ZIP_BOMB);
    }

    @Test
    void readShouldStopWithTheHandlersReasonWhenItGivesOne() throws IOException {
        Optional<String> result = new BoundedZipReader(LIMITS).read(new ByteArrayInputStream(zip("a.txt", "b.txt")),
            (entry, content) -> Optional.of("stopped at " + entry.getName()), Failure::name);

        assertThat(result).contains("stopped at a.txt");
    }

    private static byte[] zip(String... names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (String name : names) {
                out.putNextEntry(new ZipEntry(name));
                out.write(("content of " + name).getBytes());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle, int occurrence) {
        int found = -1;
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length) && found++ == occurrence - 1) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }
}
