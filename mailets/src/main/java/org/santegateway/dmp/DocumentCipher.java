package org.santegateway.dmp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.santegateway.dmp.DocumentIntegrityException.Reason;

/**
 * Envelope encryption of DMP documents at rest: each document is encrypted with its own random
 * AES-256 data key, and that key is stored wrapped by the {@link MasterKey}.
 *
 * <p>Format (version 1), a 64-byte header then the segments:</p>
 * <pre>
 *   offset size
 *        0    4  magic "SGDC"
 *        4    1  version (1)
 *        5    4  segment size in plaintext bytes (big endian; 65536)
 *        9    8  master key id ({@link MasterKey#id()})
 *       17   40  data key wrapped with AES Key Wrap (RFC 3394) under the master key
 *       57    7  random nonce prefix
 *       64  ...  segments, each AES-256-GCM(segment) || 16-byte tag (see {@code SegmentedGcm})
 * </pre>
 * <p>Every segment's associated data is the header followed by {@link DocumentAad} (document id,
 * patient): ciphertext moved to another document or patient, a swapped wrapped key or a header
 * edited in any byte fails authentication. Decryption verifies each 64 KiB segment before it
 * releases its bytes and fails closed ({@link DocumentIntegrityException}) on tampering, truncation,
 * reordering, appended data, wrong associated data or the wrong master key.</p>
 *
 * <p>Memory is two 64 KiB buffers per stream whatever the document size. The primitives are the
 * JDK's (SunJCE), much faster than Bouncy Castle's for AES-GCM. Thread-safe: each stream has its
 * own cipher and data key.</p>
 */
public final class DocumentCipher {
    public static final int SEGMENT_SIZE = 64 * 1024;
    static final int MIN_SEGMENT_SIZE = 1024;
    static final int MAX_SEGMENT_SIZE = 8 * 1024 * 1024;
    static final byte[] MAGIC = {'S', 'G', 'D', 'C'};
    static final byte VERSION = 1;
    static final int WRAPPED_KEY_BYTES = 40;
    static final int HEADER_BYTES = 64;
    private static final int DATA_KEY_BYTES = 32;
    private static final int COPY_BUFFER = 64 * 1024;

    private final MasterKey masterKey;
    private final int segmentSize;

    public DocumentCipher(MasterKey masterKey) {
        this(masterKey, SEGMENT_SIZE);
    }

    DocumentCipher(MasterKey masterKey, int segmentSize) {
        this.masterKey = Objects.requireNonNull(masterKey);
        if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segment size out of range");
        }
        this.segmentSize = segmentSize;
    }

    /**
     * A stream that encrypts what is written to it into {@code sink}; {@code close()} seals the
     * last segment and closes {@code sink}. The header is written at once.
     */
    public OutputStream encryptingStream(OutputStream sink, DocumentAad aad) throws IOException {
        return open(sink, aad, true);
    }

    /**
     * Encrypts all of {@code plaintext} into {@code sink} (neither is closed) and returns the sizes
     * and the plaintext's SHA-256, computed on the way.
     */
    public EncryptionSummary encrypt(InputStream plaintext, OutputStream sink, DocumentAad aad) throws IOException {
        MessageDigest sha256 = sha256();
        SegmentedGcm.SegmentSealingStream sealing = open(sink, aad, false);
        byte[] buffer = new byte[COPY_BUFFER];
        int n;
        while ((n = plaintext.read(buffer)) >= 0) {
            sha256.update(buffer, 0, n);
            sealing.write(buffer, 0, n);
        }
        sealing.finish();
        return new EncryptionSummary(sealing.plaintextBytes(), ContentHash.of(sha256.digest()),
            HEADER_BYTES + sealing.ciphertextBytes());
    }

    /**
     * A stream of the plaintext of {@code ciphertext} (closed with it). The header is read and the
     * data key unwrapped at once; each segment is authenticated before its bytes are returned, so
     * a failure surfaces as {@link DocumentIntegrityException} at the first bad segment: read to
     * the end before treating the content as whole.
     */
    public InputStream decryptingStream(InputStream ciphertext, DocumentAad aad) throws IOException {
        byte[] header = ciphertext.readNBytes(HEADER_BYTES);
        if (header.length < HEADER_BYTES) {
            throw new DocumentIntegrityException(Reason.TRUNCATED, "encrypted content shorter than its header");
        }
        ByteBuffer fields = ByteBuffer.wrap(header);
        byte[] magic = new byte[MAGIC.length];
        fields.get(magic);
        byte version = fields.get();
        int headerSegmentSize = fields.getInt();
        byte[] keyId = new byte[8];
        fields.get(keyId);
        byte[] wrapped = new byte[WRAPPED_KEY_BYTES];
        fields.get(wrapped);
        byte[] noncePrefix = new byte[SegmentedGcm.NONCE_PREFIX_BYTES];
        fields.get(noncePrefix);
        if (!Arrays.equals(magic, MAGIC) || version != VERSION) {
            throw new DocumentIntegrityException(Reason.BAD_HEADER, "not an encrypted document of a known version");
        }
        if (headerSegmentSize < MIN_SEGMENT_SIZE || headerSegmentSize > MAX_SEGMENT_SIZE) {
            throw new DocumentIntegrityException(Reason.BAD_HEADER, "segment size out of range");
        }
        if (!masterKey.hasId(keyId)) {
            throw new DocumentIntegrityException(Reason.WRONG_MASTER_KEY, "encrypted under another master key");
        }
        SecretKey dataKey = masterKey.unwrap(wrapped);
        return SegmentedGcm.decrypting(ciphertext, dataKey, noncePrefix, associatedData(header, aad), headerSegmentSize);
    }

    private SegmentedGcm.SegmentSealingStream open(OutputStream sink, DocumentAad aad, boolean closeSink) throws IOException {
        Objects.requireNonNull(sink);
        Objects.requireNonNull(aad);
        byte[] rawKey = new byte[DATA_KEY_BYTES];
        Crypto.RANDOM.nextBytes(rawKey);
        SecretKey dataKey = new SecretKeySpec(rawKey, "AES");
        Arrays.fill(rawKey, (byte) 0);
        byte[] noncePrefix = new byte[SegmentedGcm.NONCE_PREFIX_BYTES];
        Crypto.RANDOM.nextBytes(noncePrefix);
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.put(MAGIC).put(VERSION).putInt(segmentSize).put(masterKey.idBytes()).put(masterKey.wrap(dataKey)).put(noncePrefix);
        sink.write(header.array());
        return SegmentedGcm.encrypting(sink, dataKey, noncePrefix, associatedData(header.array(), aad), segmentSize, closeSink);
    }

    private static byte[] associatedData(byte[] header, DocumentAad aad) {
        byte[] document = aad.encoded();
        byte[] associated = Arrays.copyOf(header, header.length + document.length);
        System.arraycopy(document, 0, associated, header.length, document.length);
        return associated;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
