package org.santegateway.server.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Reads and writes the PEM files of the development PKI.
 *
 * <p>Files are written atomically: the content goes to a temporary file of the target directory, which is
 * flushed to disk and then renamed over the target. A crash therefore leaves either no file or a complete one.
 * Key files get owner-only permissions before their first byte is written.</p>
 *
 * <p>The converters below use the JDK providers (Bouncy Castle is only used for ASN.1 and PEM handling), so no
 * security provider needs to be registered.</p>
 */
public final class PemFiles {
    public static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> PUBLIC_FILE = PosixFilePermissions.fromString("rw-r--r--");

    private PemFiles() {
    }

    public static boolean supportsPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Creates the directory (and its missing parents) with owner-only permissions where the file system
     * supports them. An existing directory is left as it is: it may be a volume managed by the operator.
     */
    public static void createPrivateDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        if (!supportsPosix(directory)) {
            Files.createDirectories(directory);
            return;
        }
        Path parent = directory.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        // The mode given at creation is filtered by the umask: set it again explicitly.
        Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
    }

    public static String certificates(List<X509Certificate> certificates) {
        return pem(certificates.toArray());
    }

    /** Unencrypted PKCS#8 in PEM: the form Apache James reads without a secret. */
    public static String privateKey(PrivateKey privateKey) {
        try {
            return pem(new JcaPKCS8Generator(privateKey, null));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode the private key as PKCS#8", e);
        }
    }

    private static String pem(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static void writeCertificates(Path target, List<X509Certificate> certificates) throws IOException {
        writeAtomically(target, certificates(certificates), PUBLIC_FILE);
    }

    /** A CRL in PEM ({@code X509 CRL}), written atomically: a poller never sees half a file. */
    public static void writeCrl(Path target, java.security.cert.X509CRL crl) throws IOException {
        writeAtomically(target, pem(crl), PUBLIC_FILE);
    }

    public static void writePrivateKey(Path target, PrivateKey privateKey) throws IOException {
        writeAtomically(target, privateKey(privateKey), OWNER_ONLY_FILE);
    }

    public static void writeAtomically(Path target, String content, Set<PosixFilePermission> permissions) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        boolean posix = supportsPosix(directory);
        FileAttribute<?>[] attributes = posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
            : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp", attributes);
        try {
            if (posix) {
                // Before any byte is written: never rely on the umask for a key.
                Files.setPosixFilePermissions(temporary, permissions);
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                // Without this the rename may reach the disk before the content, leaving an empty file after a power loss.
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        syncDirectory(directory);
    }

    /** Makes the rename durable. Best effort: not every platform can open a directory (Windows cannot). */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // The files themselves are complete; only the durability of the rename is not guaranteed here.
        }
    }

    /** The certificates of a PEM (or DER) file, leaf first: the reader the S/MIME code uses. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        return org.santegateway.smime.PemFiles.certificates(file);
    }

    /** Reads an unencrypted private key, PKCS#8 or the traditional OpenSSL (PKCS#1) form. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return org.santegateway.smime.PemFiles.privateKey(file);
    }
}
