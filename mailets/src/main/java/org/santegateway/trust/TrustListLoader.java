package org.santegateway.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.santegateway.trust.TrustListConfiguration.Checksum;
import org.santegateway.trust.TrustListException.Reason;

/**
 * Reads the configured trust list file once: size limit, SHA-256 check, parse, local additions.
 * The bytes are read once and both hashed and parsed from memory. Stateless; see
 * {@link ReloadingTrustList} for the holder that reloads.
 */
public final class TrustListLoader {
    private static final Pattern SIDE_FILE_CONTENT = Pattern.compile("\\s*([0-9a-fA-F]{64})(\\s.*)?", Pattern.DOTALL);
    private static final int MAX_SIDE_FILE_BYTES = 4096;

    private final TrustListConfiguration configuration;
    private final TrustListParser parser;

    public TrustListLoader(TrustListConfiguration configuration) {
        this.configuration = Objects.requireNonNull(configuration, "configuration");
        this.parser = new TrustListParser(configuration.maxBytes(), configuration.maxDroppedFraction());
    }

    /** A loaded list with what identifies its source. */
    public record LoadedTrustList(TrustList list, int publishedDomainCount, String sha256, FileFingerprint fingerprint) {
    }

    /**
     * What the poll compares to notice a new file: size, modification time and file key (inode)
     * of the file and of its side file. An atomic rename of a new download changes the key.
     */
    public record FileFingerprint(Optional<String> file, Optional<String> sideFile) {
    }

    public TrustListConfiguration configuration() {
        return configuration;
    }

    public FileFingerprint fingerprint() {
        Optional<String> sideFile = configuration.checksum() instanceof Checksum.SideFile
            ? describe(configuration.sideFile())
            : Optional.empty();
        return new FileFingerprint(describe(configuration.file()), sideFile);
    }

    public LoadedTrustList load() throws TrustListException {
        FileFingerprint fingerprint = fingerprint();
        byte[] content = readBounded(configuration.file());
        String sha256 = sha256(content);
        verifyChecksum(sha256);
        TrustList published = parser.parse(content);
        TrustList list = configuration.localAdditions().isEmpty() ? published : published.withAdditions(configuration.localAdditions());
        return new LoadedTrustList(list, published.domainCount(), sha256, fingerprint);
    }

    private byte[] readBounded(Path file) throws TrustListException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, configuration.maxBytes() + 1));
            if (content.length > configuration.maxBytes()) {
                throw new TrustListException(Reason.TOO_LARGE, file + ": larger than the limit of " + configuration.maxBytes() + " bytes");
            }
            return content;
        } catch (NoSuchFileException e) {
            throw new TrustListException(Reason.UNREADABLE, file + ": no such file");
        } catch (IOException e) {
            throw new TrustListException(Reason.UNREADABLE, file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void verifyChecksum(String actual) throws TrustListException {
        Checksum checksum = configuration.checksum();
        String expected;
        if (checksum instanceof Checksum.None) {
            return;
        } else if (checksum instanceof Checksum.Pinned pinned) {
            expected = pinned.sha256Hex();
        } else {
            expected = readSideFile(configuration.sideFile());
        }
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII))) {
            throw new TrustListException(Reason.CHECKSUM_MISMATCH,
                configuration.file() + ": SHA-256 is " + actual + ", expected " + expected);
        }
    }

    private static String readSideFile(Path sideFile) throws TrustListException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(sideFile)) {
            bytes = in.readNBytes(MAX_SIDE_FILE_BYTES);
        } catch (NoSuchFileException e) {
            throw new TrustListException(Reason.CHECKSUM_MISSING, sideFile + ": no such file (the SHA-256 of the trust list is required)");
        } catch (IOException e) {
            throw new TrustListException(Reason.CHECKSUM_MISSING, sideFile + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        Matcher matcher = SIDE_FILE_CONTENT.matcher(new String(bytes, StandardCharsets.US_ASCII));
        if (!matcher.matches()) {
            throw new TrustListException(Reason.CHECKSUM_MISSING, sideFile + ": not a SHA-256 checksum (64 hexadecimal characters, optionally followed by the file name)");
        }
        return matcher.group(1).toLowerCase(Locale.ROOT);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Size, modification time and file key (inode) of a file, to notice a replaced one; empty when it cannot be read. */
    static Optional<String> describe(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return Optional.of(attributes.size() + "/" + attributes.lastModifiedTime().toInstant() + "/" + attributes.fileKey());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
