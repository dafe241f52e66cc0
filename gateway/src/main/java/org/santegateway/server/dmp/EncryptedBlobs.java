package org.santegateway.server.dmp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

import org.santegateway.dmp.ContentHash;
import org.santegateway.dmp.DocumentAad;
import org.santegateway.dmp.DocumentCipher;
import org.santegateway.dmp.DocumentContent;
import org.santegateway.dmp.EncryptionSummary;
import org.santegateway.dmp.Ins;
import org.santegateway.dmp.MasterKey;

/**
 * The encrypted content of DMP documents on disk, one file per document under
 * {@code <data>/var/dmp/blobs/xx/<name>}, addressed by its content: the name is a digest, keyed
 * by the master key, of the patient and the content hash (the store's duplicate key), so that it
 * reveals neither the content hash nor the patient. Content is encrypted as it streams in ({@link DocumentCipher}):
 * only ciphertext is ever written. A write goes to a temporary file, is forced to disk, then moved
 * into place atomically and the directory forced, so a crash leaves either nothing or a whole file.
 */
public final class EncryptedBlobs {
    private static final String NAME_PURPOSE = "dmp-blob-name/v1";

    private final Path root;
    private final Path temporary;
    private final DocumentCipher cipher;
    private final MasterKey masterKey;

    public EncryptedBlobs(Path directory, MasterKey masterKey) throws IOException {
        this(directory, "local", masterKey);
    }

    /**
     * Blobs under {@code directory/blobs}, written through {@code directory/tmp/<node>}: nodes sharing the directory
     * each clean only their own half-written files at start, never another node's write in progress.
     */
    public EncryptedBlobs(Path directory, String node, MasterKey masterKey) throws IOException {
        this.root = directory.resolve("blobs");
        this.temporary = directory.resolve("tmp").resolve(node);
        this.masterKey = Objects.requireNonNull(masterKey);
        this.cipher = new DocumentCipher(masterKey);
        Files.createDirectories(root);
        Files.createDirectories(temporary);
        // Left by a crash in the middle of a write: ciphertext under a key nobody kept.
        try (var leftovers = Files.list(temporary)) {
            for (Path leftover : (Iterable<Path>) leftovers::iterator) {
                Files.deleteIfExists(leftover);
            }
        }
        // Versions before nodes wrote their partial files directly under tmp/.
        try (var older = Files.list(temporary.getParent())) {
            for (Path leftover : (Iterable<Path>) older::iterator) {
                if (Files.isRegularFile(leftover) && leftover.getFileName().toString().endsWith(".part")) {
                    Files.deleteIfExists(leftover);
                }
            }
        }
    }

    /**
     * The blob name of a patient's document: a digest keyed by the master key, so that someone
     * with the disk but not the key cannot even confirm that a given document of a given patient
     * is there.
     */
    public String nameOf(Ins patient, ContentHash hash) {
        return HexFormat.of().formatHex(masterKey.keyedDigest(NAME_PURPOSE,
            (patient.matricule() + "\0" + hash.hex()).getBytes(StandardCharsets.US_ASCII)));
    }

    Path path(String name) {
        if (!name.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a blob name");
        }
        return root.resolve(name.substring(0, 2)).resolve(name);
    }

    /** Encrypts {@code content} into the blob {@code name}, replacing a leftover of an unfinished filing. */
    public EncryptionSummary write(String name, DocumentContent content, DocumentAad aad) throws IOException {
        Path target = path(name);
        Files.createDirectories(target.getParent());
        Path partial = temporary.resolve(UUID.randomUUID() + ".part");
        boolean moved = false;
        try {
            EncryptionSummary summary;
            try (FileChannel channel = FileChannel.open(partial, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
                 InputStream plaintext = content.openStream()) {
                OutputStream sink = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
                summary = cipher.encrypt(plaintext, sink, aad);
                sink.flush();
                channel.force(true);
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            forceDirectory(target.getParent());
            return summary;
        } finally {
            if (!moved) {
                Files.deleteIfExists(partial);
            }
        }
    }

    /** The plaintext of blob {@code name}, authenticated segment by segment as it is read. */
    public InputStream open(String name, DocumentAad aad) throws IOException {
        InputStream ciphertext = new java.io.BufferedInputStream(Files.newInputStream(path(name)), 64 * 1024);
        try {
            return cipher.decryptingStream(ciphertext, aad);
        } catch (IOException | RuntimeException e) {
            ciphertext.close();
            throw e;
        }
    }

    public void delete(String name) throws IOException {
        Files.deleteIfExists(path(name));
    }

    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems do not open directories; the file itself was forced.
        }
    }
}
