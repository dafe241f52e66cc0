package org.santegateway.dmp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import javax.crypto.SecretKey;

/**
 * Content received once and readable many times (hash checks, type checks, CDA header, encryption
 * into the store), made by {@link ContentSpooler}: in memory when small, otherwise in a temporary
 * file encrypted under a key that exists only in this object, so that no plaintext ever reaches
 * the disk and a file left behind by a crash is unreadable. {@link #close()} deletes the file.
 */
public final class SpooledContent implements DocumentContent, AutoCloseable {
    private final byte[] memory;
    private final Path file;
    private final SecretKey fileKey;
    private final byte[] noncePrefix;
    private final byte[] aad;
    private final long size;
    private final ContentHash sha256;
    private final String sha1Hex;
    private final byte[] head;
    private volatile boolean closed;

    SpooledContent(byte[] memory, Path file, SecretKey fileKey, byte[] noncePrefix, byte[] aad, long size,
                   ContentHash sha256, String sha1Hex, byte[] head) {
        this.memory = memory;
        this.file = file;
        this.fileKey = fileKey;
        this.noncePrefix = noncePrefix;
        this.aad = aad;
        this.size = size;
        this.sha256 = Objects.requireNonNull(sha256);
        this.sha1Hex = Objects.requireNonNull(sha1Hex);
        this.head = head.clone();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public ContentHash sha256() {
        return sha256;
    }

    /** SHA-1 in lowercase hex, the hash XDS metadata declares. */
    public String sha1Hex() {
        return sha1Hex;
    }

    /** The first bytes (up to {@link DocumentTypes#HEAD_BYTES}), for {@link DocumentTypes#check}. */
    public byte[] head() {
        return head.clone();
    }

    public boolean inMemory() {
        return memory != null;
    }

    /** The temporary file holding the (encrypted) content, when not in memory: for tests and diagnostics. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    @Override
    public InputStream openStream() throws IOException {
        if (closed) {
            throw new IOException("spooled content already closed");
        }
        if (memory != null) {
            return new ByteArrayInputStream(memory, 0, (int) size);
        }
        return SegmentedGcm.decrypting(Files.newInputStream(file), fileKey, noncePrefix, aad, ContentSpooler.SEGMENT_SIZE);
    }

    /** Deletes the temporary file, if any. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public String toString() {
        return "SpooledContent[size=" + size + (memory != null ? ", memory" : ", file") + "]";
    }
}
