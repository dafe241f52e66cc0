package org.santegateway.dmp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import org.santegateway.dmp.DocumentIntegrityException.Reason;

/**
 * Streaming AES-GCM in segments, the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015;
 * the one Tink's streaming AEAD uses): the plaintext is cut into segments of {@code segmentSize}
 * bytes (the last one shorter, possibly empty), each sealed by its own AES-GCM call with the nonce
 *
 * <pre>  nonce = noncePrefix (7 bytes) || segment index (4 bytes, big endian) || last flag (1 byte: 1 on the last segment)</pre>
 *
 * <p>and the same associated data. Each ciphertext segment is the GCM output (segment bytes + 16
 * bytes of tag). The index in the nonce makes reordering, dropping or duplicating segments fail
 * authentication; the last flag makes truncation at a segment boundary and appended segments fail;
 * the caller's associated data binds every segment to its context. One key never seals more than one
 * stream (a fresh data key per document, an ephemeral key per spool file).</p>
 *
 * <p>Why segments: memory stays at two segment buffers whatever the size, and the JDK's GCM is
 * fast on 64 KiB calls while a single multi-megabyte {@code doFinal} is not (decryption buffers the
 * whole input before it checks the tag).</p>
 */
final class SegmentedGcm {
    static final int TAG_BYTES = 16;
    static final int NONCE_PREFIX_BYTES = 7;
    static final int NONCE_BYTES = 12;
    private static final long MAX_SEGMENTS = 1L << 32;

    private SegmentedGcm() {
    }

    static SegmentSealingStream encrypting(OutputStream sink, SecretKey key, byte[] noncePrefix, byte[] aad,
                                           int segmentSize, boolean closeSink) {
        return new SegmentSealingStream(sink, key, noncePrefix, aad, segmentSize, closeSink);
    }

    static InputStream decrypting(InputStream source, SecretKey key, byte[] noncePrefix, byte[] aad, int segmentSize) {
        return new SegmentOpeningStream(source, key, noncePrefix, aad, segmentSize);
    }

    static byte[] nonce(byte[] prefix, long index, boolean last) {
        byte[] nonce = Arrays.copyOf(prefix, NONCE_BYTES);
        nonce[7] = (byte) (index >>> 24);
        nonce[8] = (byte) (index >>> 16);
        nonce[9] = (byte) (index >>> 8);
        nonce[10] = (byte) index;
        nonce[11] = (byte) (last ? 1 : 0);
        return nonce;
    }

    /** Encrypts what is written; {@link #finish()} (or {@link #close()}) seals the last segment. */
    static final class SegmentSealingStream extends FilterOutputStream {
        private final SecretKey key;
        private final byte[] noncePrefix;
        private final byte[] aad;
        private final byte[] plain;
        private final byte[] sealed;
        private final boolean closeSink;
        private final Cipher cipher = Crypto.cipher("AES/GCM/NoPadding");
        private int filled;
        private long index;
        private long plaintextBytes;
        private long ciphertextBytes;
        private boolean finished;
        private boolean broken;

        private SegmentSealingStream(OutputStream sink, SecretKey key, byte[] noncePrefix, byte[] aad, int segmentSize,
                                     boolean closeSink) {
            super(Objects.requireNonNull(sink));
            this.key = Objects.requireNonNull(key);
            this.noncePrefix = noncePrefix.clone();
            this.aad = aad.clone();
            this.plain = new byte[segmentSize];
            this.sealed = new byte[segmentSize + TAG_BYTES];
            this.closeSink = closeSink;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            ensureOpen();
            while (length > 0) {
                // A full segment is sealed only when more bytes arrive: until then it may be the last.
                if (filled == plain.length) {
                    seal(false);
                }
                int chunk = Math.min(length, plain.length - filled);
                System.arraycopy(bytes, offset, plain, filled, chunk);
                filled += chunk;
                offset += chunk;
                length -= chunk;
                plaintextBytes += chunk;
            }
        }

        /** Seals the last segment; the sink stays open. Idempotent. */
        void finish() throws IOException {
            if (finished) {
                return;
            }
            ensureOpen();
            seal(true);
            finished = true;
            out.flush();
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            try {
                if (!broken) {
                    finish();
                }
            } finally {
                Arrays.fill(plain, (byte) 0);
                if (closeSink) {
                    out.close();
                }
            }
        }

        long plaintextBytes() {
            return plaintextBytes;
        }

        long ciphertextBytes() {
            return ciphertextBytes;
        }

        private void ensureOpen() throws IOException {
            if (finished || broken) {
                throw new IOException("encrypting stream already finished");
            }
        }

        private void seal(boolean last) throws IOException {
            if (index >= MAX_SEGMENTS) {
                broken = true;
                throw new IOException("content too large for one encrypted stream");
            }
            int length;
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce(noncePrefix, index, last)));
                cipher.updateAAD(aad);
                length = cipher.doFinal(plain, 0, filled, sealed, 0);
            } catch (GeneralSecurityException e) {
                broken = true;
                throw Crypto.unexpected(e);
            }
            try {
                out.write(sealed, 0, length);
            } catch (IOException e) {
                broken = true;
                throw e;
            }
            ciphertextBytes += length;
            index++;
            filled = 0;
        }
    }

    /** Decrypts and verifies segment by segment; releases a segment's bytes only once its tag checked. */
    private static final class SegmentOpeningStream extends InputStream {
        private final InputStream source;
        private final SecretKey key;
        private final byte[] noncePrefix;
        private final byte[] aad;
        private final byte[] sealed;
        private final byte[] plain;
        private final Cipher cipher = Crypto.cipher("AES/GCM/NoPadding");
        private int lookahead = -1;
        private long index;
        private int position;
        private int available;
        private boolean lastSeen;
        private DocumentIntegrityException failure;

        private SegmentOpeningStream(InputStream source, SecretKey key, byte[] noncePrefix, byte[] aad, int segmentSize) {
            this.source = Objects.requireNonNull(source);
            this.key = Objects.requireNonNull(key);
            this.noncePrefix = noncePrefix.clone();
            this.aad = aad.clone();
            this.sealed = new byte[segmentSize + TAG_BYTES];
            this.plain = new byte[segmentSize];
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            if (failure != null) {
                throw failure;
            }
            if (length == 0) {
                return 0;
            }
            while (position == available) {
                if (lastSeen) {
                    return -1;
                }
                openNextSegment();
            }
            int n = Math.min(length, available - position);
            System.arraycopy(plain, position, bytes, offset, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return available - position;
        }

        @Override
        public void close() throws IOException {
            Arrays.fill(plain, (byte) 0);
            source.close();
        }

        private void openNextSegment() throws IOException {
            int count = 0;
            if (lookahead >= 0) {
                sealed[count++] = (byte) lookahead;
                lookahead = -1;
            }
            while (count < sealed.length) {
                int n = source.read(sealed, count, sealed.length - count);
                if (n < 0) {
                    break;
                }
                count += n;
            }
            boolean last;
            if (count == sealed.length) {
                // A full segment is the last one only if nothing follows it.
                lookahead = source.read();
                last = lookahead < 0;
            } else {
                last = true;
            }
            if (count < TAG_BYTES) {
                throw fail(new DocumentIntegrityException(Reason.TRUNCATED, "encrypted content ends before its last segment"));
            }
            if (index >= MAX_SEGMENTS) {
                throw fail(new DocumentIntegrityException(Reason.AUTHENTICATION_FAILED, "too many segments"));
            }
            try {
                available = decrypt(count, last);
            } catch (AEADBadTagException e) {
                if (last && count == sealed.length && decryptsAsMiddleSegment(count)) {
                    throw fail(new DocumentIntegrityException(Reason.TRUNCATED, "encrypted content ends before its last segment"));
                }
                throw fail(new DocumentIntegrityException(Reason.AUTHENTICATION_FAILED,
                    "encrypted content failed authentication (segment " + index + ")"));
            } catch (GeneralSecurityException e) {
                throw fail(new DocumentIntegrityException(Reason.AUTHENTICATION_FAILED, "encrypted content cannot be decrypted", e));
            }
            position = 0;
            index++;
            lastSeen = last;
        }

        private int decrypt(int count, boolean last) throws GeneralSecurityException {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce(noncePrefix, index, last)));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, 0, count, plain, 0);
        }

        /** Only to name the failure: a full segment that opens as a middle one means the rest was cut off. */
        private boolean decryptsAsMiddleSegment(int count) {
            try {
                decrypt(count, false);
                Arrays.fill(plain, (byte) 0);
                return true;
            } catch (GeneralSecurityException e) {
                return false;
            }
        }

        private DocumentIntegrityException fail(DocumentIntegrityException e) {
            failure = e;
            position = 0;
            available = 0;
            Arrays.fill(plain, (byte) 0);
            return e;
        }
    }
}
