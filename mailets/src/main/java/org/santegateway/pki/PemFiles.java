package org.santegateway.pki;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
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
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Reads and writes PEM files. Reading: the configured certificates (one or several per file),
 * CRLs and unencrypted private keys (PKCS#8 {@code PRIVATE KEY} or PKCS#1 {@code RSA PRIVATE KEY});
 * errors name the file, never its content. Writing (the development PKI, generated keys):
 *
 * <p>Files are written atomically: the content goes to a temporary file of the target directory, which is
 * flushed to disk and then renamed over the target. A crash therefore leaves either no file or a complete one.
 * Key files get owner-only permissions before their first byte is written.</p>
 *
 * <p>The converters use the JDK providers (Bouncy Castle is only used for ASN.1 and PEM handling), so no
 * security provider needs to be registered.</p>
 */
public final class PemFiles {

    public static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> PUBLIC_FILE = PosixFilePermissions.fromString("rw-r--r--");

    private PemFiles() {
    }

    /** The certificates of a PEM (or DER) file, leaf first. */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (java.security.cert.Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new IOException(file + ": no certificate");
            }
            return certificates;
        } catch (CertificateException e) {
            throw new IOException(file + ": not a PEM or DER certificate file");
        }
    }

    public static X509Certificate certificate(Path file) throws IOException {
        return certificates(file).get(0);
    }

    public static List<X509CRL> crls(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509CRL> crls = new ArrayList<>();
            for (java.security.cert.CRL crl : CertificateFactory.getInstance("X.509").generateCRLs(in)) {
                crls.add((X509CRL) crl);
            }
            if (crls.isEmpty()) {
                throw new IOException(file + ": no CRL");
            }
            return crls;
        } catch (CertificateException | CRLException e) {
            throw new IOException(file + ": not a PEM or DER CRL file");
        }
    }

    /** Reads an unencrypted private key, PKCS#8 or the traditional OpenSSL (PKCS#1) form. */
    public static PrivateKey privateKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            // The key may follow other PEM blocks (a certificate, EC parameters): take the first key.
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
            }
            throw new IOException(file + ": not an unencrypted PEM private key");
        } catch (RuntimeException e) {
            throw new IOException(file + ": not an unencrypted PEM private key");
        }
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

    private static String encodeCertificates(List<X509Certificate> certificates) {
        return pem(certificates.toArray());
    }

    /** Unencrypted PKCS#8 in PEM: the form Apache James reads without a secret. */
    private static String encodePrivateKey(PrivateKey privateKey) {
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
        writeAtomically(target, encodeCertificates(certificates), PUBLIC_FILE);
    }

    /** A CRL in PEM ({@code X509 CRL}), written atomically: a poller never sees half a file. */
    public static void writeCrl(Path target, X509CRL crl) throws IOException {
        writeAtomically(target, pem(crl), PUBLIC_FILE);
    }

    public static void writePrivateKey(Path target, PrivateKey privateKey) throws IOException {
        writeAtomically(target, encodePrivateKey(privateKey), OWNER_ONLY_FILE);
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
}
