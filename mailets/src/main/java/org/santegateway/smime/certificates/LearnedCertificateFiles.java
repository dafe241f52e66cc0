package org.santegateway.smime.certificates;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.santegateway.audit.Hashes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learnt certificates as files in a directory of their own, one per address, named by the
 * SHA-256 of the address ({@code <hex>.pem}) so that a listing of the directory names nobody:
 *
 * <pre>
 * address: dr.martin@hopital-b.fr
 * content-encryption: AES_256_CBC
 * key-transport: RSA_PKCS1_V1_5
 * -----BEGIN CERTIFICATE-----
 * ...
 * -----END CERTIFICATE-----
 * </pre>
 *
 * Each file is written whole to a temporary file, forced to disk and moved into place, so a crash
 * leaves the old entry or the new one (and a temporary file, removed at the next start). A file
 * written before the key transport was kept has no {@code key-transport} line: RSA-OAEP for
 * AES-256-GCM, RSA PKCS#1 v1.5 for AES-256-CBC (what such a correspondent most likely reads). A file
 * that cannot be read at start is skipped with a log
 * line naming it (the certificate is learnt again from the next signed message).
 */
public final class LearnedCertificateFiles implements LearnedCertificateStore {
    static final String SUFFIX = ".pem";
    private static final String TEMPORARY_PREFIX = ".learnt-";
    private static final Logger LOGGER = LoggerFactory.getLogger(LearnedCertificateFiles.class);
    private static final String ADDRESS = "address: ";
    private static final String CONTENT_ENCRYPTION = "content-encryption: ";
    private static final String KEY_TRANSPORT = "key-transport: ";
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";

    private final Path directory;

    public LearnedCertificateFiles(Path directory) {
        this.directory = directory;
    }

    @Override
    public Map<String, LearnedCertificate> loadAll() throws IOException {
        Map<String, LearnedCertificate> entries = new HashMap<>();
        if (!Files.isDirectory(directory)) {
            return entries;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                if (file.getFileName().toString().startsWith(TEMPORARY_PREFIX)) {
                    // Left by a crash in the middle of a write: the entry it replaced is still there.
                    Files.deleteIfExists(file);
                    continue;
                }
                if (!file.getFileName().toString().endsWith(SUFFIX)) {
                    continue;
                }
                try {
                    Map.Entry<String, LearnedCertificate> entry = read(file);
                    entries.put(entry.getKey(), entry.getValue());
                } catch (IOException | RuntimeException e) {
                    LOGGER.warn("Learnt S/MIME certificate file {} skipped: {}", file, e.getMessage());
                }
            }
        }
        return entries;
    }

    @Override
    public synchronized void save(String address, LearnedCertificate learned) throws IOException {
        String normalized = address.strip().toLowerCase(Locale.ROOT);
        Files.createDirectories(directory);
        Path target = directory.resolve(fileName(normalized));
        Path temporary = Files.createTempFile(directory, TEMPORARY_PREFIX, ".tmp");
        try {
            Files.write(temporary, render(normalized, learned).getBytes(StandardCharsets.US_ASCII));
            try (var channel = java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    public static String fileName(String normalizedAddress) {
        return Hashes.sha256(normalizedAddress) + SUFFIX;
    }

    private static String render(String address, LearnedCertificate learned) throws IOException {
        if (address.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            // Addresses of certificates are ASCII (RFC 5280 rfc822Name); anything else is not kept.
            throw new IOException("address is not printable ASCII");
        }
        try {
            return ADDRESS + address + "\n"
                + CONTENT_ENCRYPTION + learned.contentEncryption().name() + "\n"
                + KEY_TRANSPORT + learned.keyTransport().name() + "\n"
                + BEGIN + "\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(learned.certificate().getEncoded()) + "\n"
                + "-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IOException("certificate cannot be encoded", e);
        }
    }

    private static Map.Entry<String, LearnedCertificate> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = text.indexOf(BEGIN);
        if (begin < 0) {
            throw new IOException("no certificate");
        }
        String address = null;
        ContentEncryption encryption = ContentEncryption.AES_256_GCM;
        KeyTransport keyTransport = null;
        for (String line : text.substring(0, begin).split("\n")) {
            if (line.startsWith(ADDRESS)) {
                address = line.substring(ADDRESS.length()).strip().toLowerCase(Locale.ROOT);
            } else if (line.startsWith(CONTENT_ENCRYPTION)) {
                encryption = ContentEncryption.valueOf(line.substring(CONTENT_ENCRYPTION.length()).strip());
            } else if (line.startsWith(KEY_TRANSPORT)) {
                keyTransport = KeyTransport.valueOf(line.substring(KEY_TRANSPORT.length()).strip());
            }
        }
        if (address == null || address.isEmpty()) {
            throw new IOException("no address");
        }
        if (keyTransport == null) {
            keyTransport = encryption == ContentEncryption.AES_256_GCM ? KeyTransport.RSA_OAEP_SHA256 : KeyTransport.RSA_PKCS1_V1_5;
        }
        if (!file.getFileName().toString().equals(fileName(address))) {
            throw new IOException("the file name does not match the address it holds");
        }
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(text.substring(begin).getBytes(StandardCharsets.US_ASCII)));
            if (!VerifiedSigner.emailAddresses(certificate).contains(address)) {
                throw new IOException("the certificate is not for the address of the file");
            }
            return Map.entry(address, new LearnedCertificate(certificate, encryption, keyTransport));
        } catch (CertificateException e) {
            throw new IOException("not a PEM certificate");
        }
    }
}
