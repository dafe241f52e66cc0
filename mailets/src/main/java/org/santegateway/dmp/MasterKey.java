package org.santegateway.dmp;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.santegateway.dmp.MasterKeyException.Reason;

/**
 * The 256-bit AES key that wraps the per-document keys of the DMP store. It lives outside the
 * store, in a file only its owner can read: {@link #load} refuses a file with any permission for
 * group or others (a symbolic link is followed and its target judged), a file that is not a regular
 * file, or a file system without POSIX permissions (fail closed).
 *
 * <p>File format: exactly 32 raw bytes, or the key as 64 hex digits or as base64 (44 characters),
 * optionally followed by white space (a trailing newline).</p>
 *
 * <p>{@link #id()} names the key in every envelope it wraps (8 bytes of HMAC-SHA256 under the key
 * itself, which reveals nothing of it), so that the wrong key is told apart from tampering and a
 * later rotation knows which key to use. {@link #toString()} never shows the key.</p>
 */
public final class MasterKey {
    public static final int KEY_BYTES = 32;
    private static final int MAX_FILE_BYTES = 256;
    private static final byte[] ID_LABEL = "sante-gateway/master-key-id/v1".getBytes(StandardCharsets.US_ASCII);
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private final SecretKey key;
    private final byte[] id;

    private MasterKey(byte[] raw) {
        if (raw.length != KEY_BYTES) {
            throw new IllegalArgumentException("a master key has " + KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(raw, "AES");
        this.id = computeId(key);
    }

    /** A key from its bytes (a key management service, tests); the array is copied. */
    public static MasterKey of(byte[] raw) {
        return new MasterKey(raw.clone());
    }

    /** A fresh random key, kept in memory only (tests, ephemeral use). */
    public static MasterKey generate() {
        byte[] raw = new byte[KEY_BYTES];
        Crypto.RANDOM.nextBytes(raw);
        try {
            return new MasterKey(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** Reads the key from {@code file}, after checking that only its owner can read it. */
    public static MasterKey load(Path file) throws MasterKeyException {
        checkFile(file);
        byte[] content;
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ)) {
            if (channel.size() > MAX_FILE_BYTES) {
                throw new MasterKeyException(Reason.MALFORMED, file + ": not a master key (file larger than " + MAX_FILE_BYTES + " bytes)");
            }
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MasterKeyException(Reason.IO_ERROR, file + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        byte[] raw = decode(content);
        Arrays.fill(content, (byte) 0);
        if (raw == null) {
            throw new MasterKeyException(Reason.MALFORMED,
                file + ": not a master key (expected 32 raw bytes, 64 hex digits or 44 base64 characters)");
        }
        try {
            return new MasterKey(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * Loads the key, or on first start creates {@code file} (mode 0600, created atomically: never
     * readable by others, not even for an instant) with a fresh random key in hex.
     */
    public static MasterKey loadOrCreate(Path file) throws MasterKeyException {
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            byte[] raw = new byte[KEY_BYTES];
            Crypto.RANDOM.nextBytes(raw);
            byte[] hex = (HexFormat.of().formatHex(raw) + "\n").getBytes(StandardCharsets.US_ASCII);
            Arrays.fill(raw, (byte) 0);
            try {
                Files.write(Files.createFile(file, PosixFilePermissions.asFileAttribute(
                    EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))), hex);
            } catch (FileAlreadyExistsException e) {
                // Created meanwhile by another process: load what it wrote.
            } catch (UnsupportedOperationException e) {
                throw new MasterKeyException(Reason.NO_POSIX_PERMISSIONS, file + ": the file system has no POSIX permissions", e);
            } catch (IOException e) {
                throw new MasterKeyException(Reason.IO_ERROR, file + ": cannot be created (" + e.getClass().getSimpleName() + ")", e);
            } finally {
                Arrays.fill(hex, (byte) 0);
            }
        }
        return load(file);
    }

    private static void checkFile(Path file) throws MasterKeyException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            throw new MasterKeyException(Reason.NO_POSIX_PERMISSIONS, file + ": the file system has no POSIX permissions to check");
        }
        PosixFileAttributes attributes;
        try {
            attributes = view.readAttributes();
        } catch (NoSuchFileException e) {
            throw new MasterKeyException(Reason.MISSING, file + ": does not exist", e);
        } catch (IOException e) {
            throw new MasterKeyException(Reason.IO_ERROR, file + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        if (!attributes.isRegularFile()) {
            throw new MasterKeyException(Reason.NOT_A_REGULAR_FILE, file + ": not a regular file");
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new MasterKeyException(Reason.PERMISSIONS_TOO_OPEN, file + ": mode " + PosixFilePermissions.toString(permissions)
                + " lets group or others access the master key; make it 0600 (chmod 600)");
        }
    }

    private static byte[] decode(byte[] content) {
        if (content.length == KEY_BYTES) {
            return content.clone();
        }
        String text = new String(content, StandardCharsets.US_ASCII).strip();
        try {
            if (text.length() == 2 * KEY_BYTES) {
                return HexFormat.of().parseHex(text);
            }
            if (text.length() == 44) {
                byte[] raw = Base64.getDecoder().decode(text);
                return raw.length == KEY_BYTES ? raw : null;
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    private static byte[] computeId(SecretKey key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(ID_LABEL), 8);
        } catch (GeneralSecurityException e) {
            throw Crypto.unexpected(e);
        }
    }

    /**
     * A keyed digest of {@code data} under a key derived from this one for {@code purpose}
     * (HMAC-SHA-256 of the purpose under the master key, then HMAC-SHA-256 of the data under that):
     * names that only someone holding the master key can compute, e.g. the store's file names.
     */
    public byte[] keyedDigest(String purpose, byte[] data) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(key);
            byte[] subkey = derive.doFinal(("sante-gateway/derived/" + purpose).getBytes(StandardCharsets.US_ASCII));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(subkey, "HmacSHA256"));
            Arrays.fill(subkey, (byte) 0);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw Crypto.unexpected(e);
        }
    }

    SecretKey secretKey() {
        return key;
    }

    /** {@code dataKey} wrapped under this key with AES Key Wrap (RFC 3394): 40 bytes for a 256-bit key. */
    byte[] wrap(SecretKey dataKey) {
        try {
            Cipher cipher = Crypto.cipher("AESWrap");
            cipher.init(Cipher.WRAP_MODE, key);
            return cipher.wrap(dataKey);
        } catch (GeneralSecurityException e) {
            throw Crypto.unexpected(e);
        }
    }

    /** The AES key inside {@code wrapped}; a wrapped key altered in any bit fails Key Wrap's integrity check. */
    SecretKey unwrap(byte[] wrapped) throws DocumentIntegrityException {
        try {
            Cipher cipher = Crypto.cipher("AESWrap");
            cipher.init(Cipher.UNWRAP_MODE, key);
            return (SecretKey) cipher.unwrap(wrapped, "AES", Cipher.SECRET_KEY);
        } catch (InvalidKeyException e) {
            throw new DocumentIntegrityException(DocumentIntegrityException.Reason.AUTHENTICATION_FAILED,
                "the wrapped data key failed its integrity check", e);
        } catch (GeneralSecurityException e) {
            throw new DocumentIntegrityException(DocumentIntegrityException.Reason.AUTHENTICATION_FAILED,
                "the wrapped data key cannot be unwrapped", e);
        }
    }

    byte[] idBytes() {
        return id.clone();
    }

    /** The key's public name: 16 hex digits, safe to log. */
    public String id() {
        return HexFormat.of().formatHex(id);
    }

    boolean hasId(byte[] candidate) {
        return MessageDigest.isEqual(id, candidate);
    }

    @Override
    public String toString() {
        return "MasterKey[id=" + id() + "]";
    }
}
