package org.santegateway.dmp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads a stream once into a {@link SpooledContent}, computing its size, SHA-256, SHA-1 and first
 * bytes on the way, under a mandatory size limit. Content up to the memory allowance stays in
 * memory; beyond, it goes to a temporary file in {@code directory} (mode 0600), encrypted with
 * AES-256-GCM under a random key held only by the {@code SpooledContent}. Thread-safe.
 */
public final class ContentSpooler {
    public static final int DEFAULT_MEMORY_THRESHOLD = 256 * 1024;
    static final int SEGMENT_SIZE = 64 * 1024;
    private static final byte[] AAD = "sante-gateway/spool/v1".getBytes(StandardCharsets.US_ASCII);
    private static final int COPY_BUFFER = 64 * 1024;

    private final Path directory;
    private final int memoryThreshold;

    /**
     * @param directory       where temporary files go (created when first needed)
     * @param memoryThreshold content up to this many bytes stays in memory
     */
    public ContentSpooler(Path directory, int memoryThreshold) {
        this.directory = Objects.requireNonNull(directory);
        if (memoryThreshold < 0) {
            throw new IllegalArgumentException("memoryThreshold must not be negative");
        }
        this.memoryThreshold = memoryThreshold;
    }

    public int memoryThreshold() {
        return memoryThreshold;
    }

    /** Spools {@code input} (not closed), keeping it in memory up to the spooler's threshold. */
    public SpooledContent spool(InputStream input, long maxBytes) throws IOException {
        return spool(input, maxBytes, memoryThreshold);
    }

    /**
     * Spools {@code input} (not closed).
     *
     * @param maxBytes        the content's size limit: one byte more and {@link ContentTooLargeException}
     *                        is thrown (the input is then left part-read)
     * @param memoryAllowance keep in memory up to {@code min(memoryAllowance, threshold)} bytes
     */
    public SpooledContent spool(InputStream input, long maxBytes, int memoryAllowance) throws IOException {
        Objects.requireNonNull(input);
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative");
        }
        int inMemory = (int) Math.min(Math.min(memoryAllowance, memoryThreshold), maxBytes);
        MessageDigest sha256 = digest("SHA-256");
        MessageDigest sha1 = digest("SHA-1");
        byte[] head = new byte[DocumentTypes.HEAD_BYTES];
        int headLength = 0;
        byte[] memory = new byte[Math.min(inMemory, 8 * 1024)];
        long size = 0;
        Path file = null;
        SecretKey fileKey = null;
        byte[] noncePrefix = null;
        OutputStream encrypted = null;
        boolean success = false;
        byte[] buffer = new byte[COPY_BUFFER];
        try {
            int n;
            while ((n = input.read(buffer)) >= 0) {
                if (size + n > maxBytes) {
                    throw new ContentTooLargeException(maxBytes);
                }
                sha256.update(buffer, 0, n);
                sha1.update(buffer, 0, n);
                if (headLength < head.length) {
                    int copy = Math.min(n, head.length - headLength);
                    System.arraycopy(buffer, 0, head, headLength, copy);
                    headLength += copy;
                }
                if (encrypted == null && size + n <= inMemory) {
                    if (size + n > memory.length) {
                        memory = Arrays.copyOf(memory, (int) Math.min(inMemory, Math.max(size + n, 2L * memory.length)));
                    }
                    System.arraycopy(buffer, 0, memory, (int) size, n);
                } else {
                    if (encrypted == null) {
                        Files.createDirectories(directory);
                        file = Files.createTempFile(directory, "spool-", ".enc", PosixFilePermissions.asFileAttribute(
                            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
                        byte[] raw = new byte[32];
                        Crypto.RANDOM.nextBytes(raw);
                        fileKey = new SecretKeySpec(raw, "AES");
                        Arrays.fill(raw, (byte) 0);
                        noncePrefix = new byte[SegmentedGcm.NONCE_PREFIX_BYTES];
                        Crypto.RANDOM.nextBytes(noncePrefix);
                        encrypted = SegmentedGcm.encrypting(Files.newOutputStream(file), fileKey, noncePrefix, AAD, SEGMENT_SIZE, true);
                        encrypted.write(memory, 0, (int) size);
                        Arrays.fill(memory, (byte) 0);
                        memory = null;
                    }
                    encrypted.write(buffer, 0, n);
                }
                size += n;
            }
            if (encrypted != null) {
                encrypted.close();
                encrypted = null;
            }
            SpooledContent content = new SpooledContent(
                file == null ? (memory.length == size ? memory : Arrays.copyOf(memory, (int) size)) : null,
                file, fileKey, noncePrefix, AAD, size, ContentHash.of(sha256.digest()),
                HexFormat.of().formatHex(sha1.digest()), Arrays.copyOf(head, headLength));
            success = true;
            return content;
        } finally {
            Arrays.fill(buffer, (byte) 0);
            if (!success) {
                if (encrypted != null) {
                    try {
                        encrypted.close();
                    } catch (IOException ignored) {
                        // The file is deleted below anyway.
                    }
                }
                if (file != null) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is mandatory in every JDK", e);
        }
    }
}
