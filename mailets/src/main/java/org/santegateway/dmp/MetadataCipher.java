package org.santegateway.dmp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.santegateway.dmp.DocumentIntegrityException.Reason;

/**
 * Envelope encryption of a DMP document's descriptive metadata in its database row (title, author,
 * codes: what the sender wrote about the document, which can say as much about the patient's health
 * as the document itself). Same scheme as {@link DocumentCipher}: a random AES-256 key per sealed
 * value, wrapped by the {@link MasterKey}; the value is small, so it is sealed in one AES-GCM call.
 *
 * <p>Format (version 1), a 65-byte header then the ciphertext:</p>
 * <pre>
 *   offset size
 *        0    4  magic "SGDM"
 *        4    1  version (1)
 *        5    8  master key id ({@link MasterKey#id()})
 *       13   40  data key wrapped with AES Key Wrap (RFC 3394) under the master key
 *       53   12  random nonce
 *       65  ...  AES-256-GCM(value) || 16-byte tag
 * </pre>
 * <p>The associated data is the header followed by {@link DocumentAad} (document id, patient): a
 * sealed value copied to another row, another patient, or swapped with a document's content (whose
 * header starts "SGDC") does not open. {@link #open} fails closed with {@link DocumentIntegrityException}.
 * Values are bounded ({@link #MAX_PLAINTEXT_BYTES}) so that a row can never make it allocate much.</p>
 */
public final class MetadataCipher {
    public static final int MAX_PLAINTEXT_BYTES = 32 * 1024;
    static final byte[] MAGIC = {'S', 'G', 'D', 'M'};
    static final byte VERSION = 1;
    static final int HEADER_BYTES = 4 + 1 + 8 + DocumentCipher.WRAPPED_KEY_BYTES + SegmentedGcm.NONCE_BYTES;
    /** What sealing adds to a value: header and tag. */
    public static final int OVERHEAD_BYTES = HEADER_BYTES + SegmentedGcm.TAG_BYTES;
    private static final String CONTEXT = "sante-gateway/dmp-metadata/v1";
    private static final int DATA_KEY_BYTES = 32;

    private final MasterKey masterKey;

    public MetadataCipher(MasterKey masterKey) {
        this.masterKey = Objects.requireNonNull(masterKey);
    }

    /** {@code plaintext} sealed for the document {@code aad} names, under a fresh key. */
    public byte[] seal(byte[] plaintext, DocumentAad aad) {
        Objects.requireNonNull(aad);
        if (plaintext.length > MAX_PLAINTEXT_BYTES) {
            throw new IllegalArgumentException("metadata larger than " + MAX_PLAINTEXT_BYTES + " bytes");
        }
        byte[] rawKey = new byte[DATA_KEY_BYTES];
        Crypto.RANDOM.nextBytes(rawKey);
        SecretKey dataKey = new SecretKeySpec(rawKey, "AES");
        Arrays.fill(rawKey, (byte) 0);
        byte[] nonce = new byte[SegmentedGcm.NONCE_BYTES];
        Crypto.RANDOM.nextBytes(nonce);
        ByteBuffer sealed = ByteBuffer.allocate(OVERHEAD_BYTES + plaintext.length);
        sealed.put(MAGIC).put(VERSION).put(masterKey.idBytes()).put(masterKey.wrap(dataKey)).put(nonce);
        try {
            Cipher cipher = gcm(Cipher.ENCRYPT_MODE, dataKey, nonce, Arrays.copyOf(sealed.array(), HEADER_BYTES), aad);
            cipher.doFinal(ByteBuffer.wrap(plaintext), sealed);
        } catch (GeneralSecurityException e) {
            throw Crypto.unexpected(e);
        }
        return sealed.array();
    }

    /** The value {@link #seal} sealed for the same document and patient, checked whole before it is returned. */
    public byte[] open(byte[] sealed, DocumentAad aad) throws DocumentIntegrityException {
        Objects.requireNonNull(aad);
        if (sealed.length < OVERHEAD_BYTES) {
            throw new DocumentIntegrityException(Reason.TRUNCATED, "sealed metadata shorter than its header and tag");
        }
        if (sealed.length > OVERHEAD_BYTES + MAX_PLAINTEXT_BYTES) {
            throw new DocumentIntegrityException(Reason.BAD_HEADER, "sealed metadata larger than any value sealed");
        }
        ByteBuffer fields = ByteBuffer.wrap(sealed);
        byte[] magic = new byte[MAGIC.length];
        fields.get(magic);
        byte version = fields.get();
        byte[] keyId = new byte[8];
        fields.get(keyId);
        byte[] wrapped = new byte[DocumentCipher.WRAPPED_KEY_BYTES];
        fields.get(wrapped);
        byte[] nonce = new byte[SegmentedGcm.NONCE_BYTES];
        fields.get(nonce);
        if (!Arrays.equals(magic, MAGIC) || version != VERSION) {
            throw new DocumentIntegrityException(Reason.BAD_HEADER, "not sealed metadata of a known version");
        }
        if (!masterKey.hasId(keyId)) {
            throw new DocumentIntegrityException(Reason.WRONG_MASTER_KEY, "sealed under another master key");
        }
        SecretKey dataKey = masterKey.unwrap(wrapped);
        try {
            Cipher cipher = gcm(Cipher.DECRYPT_MODE, dataKey, nonce, Arrays.copyOf(sealed, HEADER_BYTES), aad);
            return cipher.doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES);
        } catch (AEADBadTagException e) {
            throw new DocumentIntegrityException(Reason.AUTHENTICATION_FAILED, "sealed metadata failed authentication", e);
        } catch (GeneralSecurityException e) {
            throw Crypto.unexpected(e);
        }
    }

    private static Cipher gcm(int mode, SecretKey key, byte[] nonce, byte[] header, DocumentAad aad) throws GeneralSecurityException {
        Cipher cipher = Crypto.cipher("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(SegmentedGcm.TAG_BYTES * 8, nonce));
        cipher.updateAAD(header);
        cipher.updateAAD(CONTEXT.getBytes(StandardCharsets.US_ASCII));
        cipher.updateAAD(aad.encoded());
        return cipher;
    }
}
