package org.santegateway.dmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.santegateway.cda.CdaFixtures.INS;
import static org.santegateway.cda.CdaFixtures.OTHER_INS;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.santegateway.dmp.DocumentIntegrityException.Reason;

class DocumentCipherTest {
    private static final int SMALL_SEGMENT = 1024;
    private static final MasterKey MASTER = MasterKey.generate();
    private static final DocumentAad AAD = new DocumentAad(DocumentId.random(), new Ins(INS));

    private final DocumentCipher cipher = new DocumentCipher(MASTER);
    private final DocumentCipher smallSegments = new DocumentCipher(MASTER, SMALL_SEGMENT);

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] encrypt(DocumentCipher cipher, byte[] plaintext, DocumentAad aad) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        cipher.encrypt(new ByteArrayInputStream(plaintext), sink, aad);
        return sink.toByteArray();
    }

    static byte[] decrypt(DocumentCipher cipher, byte[] ciphertext, DocumentAad aad) throws IOException {
        try (InputStream in = cipher.decryptingStream(new ByteArrayInputStream(ciphertext), aad)) {
            return in.readAllBytes();
        }
    }

    static Reason failure(DocumentCipher cipher, byte[] ciphertext, DocumentAad aad) {
        try {
            decrypt(cipher, ciphertext, aad);
        } catch (DocumentIntegrityException e) {
            return e.reason();
        } catch (IOException e) {
            throw new AssertionError("not an integrity failure", e);
        }
        throw new AssertionError("decrypted without failure");
    }

    @Nested
    class RoundTrip {
        @ParameterizedTest
        @ValueSource(ints = {0, 1, 15, 16, 1023, 1024, 1025, 2048, 3071, 5000})
        void decryptShouldReturnThePlaintextWhenNothingChanged(int size) throws IOException {
            byte[] plaintext = random(size, size);
            assertThat(decrypt(smallSegments, encrypt(smallSegments, plaintext, AAD), AAD)).isEqualTo(plaintext);
        }

        @Test
        void decryptShouldReturnThePlaintextWhenUsingDefaultSegments() throws IOException {
            byte[] plaintext = random(3 * DocumentCipher.SEGMENT_SIZE + 17, 7);
            byte[] ciphertext = encrypt(cipher, plaintext, AAD);
            assertThat(ciphertext).hasSize(DocumentCipher.HEADER_BYTES + plaintext.length + 4 * SegmentedGcm.TAG_BYTES);
            assertThat(decrypt(cipher, ciphertext, AAD)).isEqualTo(plaintext);
        }

        @Test
        void encryptShouldReportSizesAndThePlaintextHashWhenDone() throws Exception {
            byte[] plaintext = random(100_000, 3);
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            EncryptionSummary summary = cipher.encrypt(new ByteArrayInputStream(plaintext), sink, AAD);
            assertThat(summary.plaintextSize()).isEqualTo(plaintext.length);
            assertThat(summary.ciphertextSize()).isEqualTo(sink.size());
            assertThat(summary.plaintextSha256()).isEqualTo(ContentHash.of(MessageDigest.getInstance("SHA-256").digest(plaintext)));
        }

        @Test
        void encryptingStreamShouldGiveTheSameResultWhenWrittenInOddPieces() throws IOException {
            byte[] plaintext = random(5000, 11);
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (OutputStream out = smallSegments.encryptingStream(sink, AAD)) {
                int offset = 0;
                int piece = 0;
                while (offset < plaintext.length) {
                    int length = Math.min(plaintext.length - offset, piece++ % 13);
                    if (length == 1) {
                        out.write(plaintext[offset]);
                    } else {
                        out.write(plaintext, offset, length);
                    }
                    offset += length;
                }
            }
            assertThat(decrypt(smallSegments, sink.toByteArray(), AAD)).isEqualTo(plaintext);
        }

        @Test
        void decryptingStreamShouldWorkWhenTheCiphertextArrivesByteByByte() throws IOException {
            byte[] plaintext = random(4000, 5);
            byte[] ciphertext = encrypt(smallSegments, plaintext, AAD);
            InputStream trickle = new FilterInputStream(new ByteArrayInputStream(ciphertext)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return super.read(b, off, Math.min(len, 1));
                }
            };
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = smallSegments.decryptingStream(trickle, AAD)) {
                int b;
                while ((b = in.read()) >= 0) {
                    out.write(b);
                }
            }
            assertThat(out.toByteArray()).isEqualTo(plaintext);
        }

        @Test
        void encryptShouldGiveDifferentCiphertextsWhenTheSamePlaintextIsEncryptedTwice() throws IOException {
            byte[] plaintext = random(2000, 1);
            assertThat(encrypt(cipher, plaintext, AAD)).isNotEqualTo(encrypt(cipher, plaintext, AAD));
        }

        @Test
        void ciphertextShouldNotContainThePlaintextWhenEncrypted() throws IOException {
            byte[] plaintext = "Compte rendu : patient DUPONT Marie, examen normal. ".repeat(100).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] ciphertext = encrypt(cipher, plaintext, AAD);
            assertThat(new String(ciphertext, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("DUPONT");
        }

        @Test
        void encryptingStreamShouldRefuseWritesWhenClosed() throws IOException {
            OutputStream out = cipher.encryptingStream(new ByteArrayOutputStream(), AAD);
            out.close();
            assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
        }
    }

    @Nested
    class Tampering {
        private final byte[] plaintext = random(2 * SMALL_SEGMENT + 500, 42);

        @Test
        void decryptShouldFailWhenAnySingleBitIsFlipped() throws IOException {
            byte[] ciphertext = encrypt(smallSegments, plaintext, AAD);
            for (int position = 0; position < ciphertext.length; position++) {
                byte[] tampered = ciphertext.clone();
                tampered[position] ^= (byte) (1 << (position % 8));
                int at = position;
                assertThatThrownBy(() -> decrypt(smallSegments, tampered, AAD)).as("flip at %d", at)
                    .isInstanceOf(DocumentIntegrityException.class);
            }
        }

        @Test
        void decryptShouldReleaseNothingOfASegmentWhenItsTagFails() throws IOException {
            byte[] ciphertext = encrypt(smallSegments, plaintext, AAD);
            ciphertext[DocumentCipher.HEADER_BYTES + SMALL_SEGMENT + SegmentedGcm.TAG_BYTES + 3] ^= 1;
            ByteArrayOutputStream released = new ByteArrayOutputStream();
            try (InputStream in = smallSegments.decryptingStream(new ByteArrayInputStream(ciphertext), AAD)) {
                byte[] buffer = new byte[100];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    released.write(buffer, 0, n);
                }
                throw new AssertionError("no failure");
            } catch (DocumentIntegrityException e) {
                assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
            }
            assertThat(released.toByteArray()).isEqualTo(Arrays.copyOf(plaintext, SMALL_SEGMENT));
        }

        @Test
        void decryptShouldKeepFailingWhenReadAgainAfterAFailure() throws IOException {
            byte[] ciphertext = encrypt(smallSegments, plaintext, AAD);
            ciphertext[ciphertext.length - 1] ^= 1;
            InputStream in = smallSegments.decryptingStream(new ByteArrayInputStream(ciphertext), AAD);
            assertThatThrownBy(in::readAllBytes).isInstanceOf(DocumentIntegrityException.class);
            assertThatThrownBy(in::read).isInstanceOf(DocumentIntegrityException.class);
        }

        @Test
        void decryptShouldFailWhenSegmentsAreReordered() throws IOException {
            byte[] ciphertext = encrypt(smallSegments, random(3 * SMALL_SEGMENT + 10, 1), AAD);
            int sealed = SMALL_SEGMENT + SegmentedGcm.TAG_BYTES;
            int first = DocumentCipher.HEADER_BYTES;
            byte[] swapped = ciphertext.clone();
            System.arraycopy(ciphertext, first, swapped, first + sealed, sealed);
            System.arraycopy(ciphertext, first + sealed, swapped, first, sealed);
            assertThat(failure(smallSegments, swapped, AAD)).isEqualTo(Reason.AUTHENTICATION_FAILED);
        }

        @Test
        void decryptShouldFailWhenASegmentIsDuplicated() throws IOException {
            byte[] ciphertext = encrypt(smallSegments, random(2 * SMALL_SEGMENT + 10, 1), AAD);
            int sealed = SMALL_SEGMENT + SegmentedGcm.TAG_BYTES;
            byte[] duplicated = new byte[ciphertext.length + sealed];
            System.arraycopy(ciphertext, 0, duplicated, 0, DocumentCipher.HEADER_BYTES + sealed);
            System.arraycopy(ciphertext, DocumentCipher.HEADER_BYTES, duplicated, DocumentCipher.HEADER_BYTES + sealed,
                ciphertext.length - DocumentCipher.HEADER_BYTES);
            assertThat(failure(smallSegments, duplicated, AAD)).isEqualTo(Reason.AUTHENTICATION_FAILED);
        }

        @Test
        void decryptShouldFailWhenBytesAreAppended() throws IOException {
            byte[] ciphertext = encrypt(smallSegments, plaintext, AAD);
            assertThat(failure(smallSegments, Arrays.copyOf(ciphertext, ciphertext.length + 1), AAD)).isEqualTo(Reason.AUTHENTICATION_FAILED);
            byte[] extraSegment = Arrays.copyOf(ciphertext, ciphertext.length + SMALL_SEGMENT + SegmentedGcm.TAG_BYTES);
            assertThat(failure(smallSegments, extraSegment, AAD)).isEqualTo(Reason.AUTHENTICATION_FAILED);
        }

        @Test
        void decryptShouldFailWhenTheHeaderIsNotOurs() {
            byte[] garbage = random(500, 9);
            assertThat(failure(smallSegments, garbage, AAD)).isEqualTo(Reason.BAD_HEADER);
        }
    }

    @Nested
    class Truncation {
        @Test
        void decryptShouldFailWhenCutAtAnyLength() throws IOException {
            byte[] ciphertext = encrypt(smallSegments, random(2 * SMALL_SEGMENT + 300, 4), AAD);
            for (int length = 0; length < ciphertext.length; length++) {
                byte[] cut = Arrays.copyOf(ciphertext, length);
                int at = length;
                assertThatThrownBy(() -> decrypt(smallSegments, cut, AAD)).as("cut at %d", at).isInstanceOf(DocumentIntegrityException.class);
            }
        }

        @Test
        void decryptShouldSayTruncatedWhenCutAtASegmentBoundary() throws IOException {
            byte[] ciphertext = encrypt(smallSegments, random(2 * SMALL_SEGMENT + 300, 4), AAD);
            int boundary = DocumentCipher.HEADER_BYTES + 2 * (SMALL_SEGMENT + SegmentedGcm.TAG_BYTES);
            assertThat(failure(smallSegments, Arrays.copyOf(ciphertext, boundary), AAD)).isEqualTo(Reason.TRUNCATED);
            assertThat(failure(smallSegments, Arrays.copyOf(ciphertext, DocumentCipher.HEADER_BYTES), AAD)).isEqualTo(Reason.TRUNCATED);
        }

        @Test
        void decryptShouldFailWhenTheLastSegmentOfAnExactMultipleIsDropped() throws IOException {
            byte[] ciphertext = encrypt(smallSegments, random(2 * SMALL_SEGMENT, 4), AAD);
            int oneSegment = DocumentCipher.HEADER_BYTES + SMALL_SEGMENT + SegmentedGcm.TAG_BYTES;
            assertThat(failure(smallSegments, Arrays.copyOf(ciphertext, oneSegment), AAD)).isEqualTo(Reason.TRUNCATED);
        }
    }

    @Nested
    class Binding {
        @Test
        void decryptShouldFailWhenTheDocumentIdDiffers() throws IOException {
            byte[] ciphertext = encrypt(cipher, random(100, 1), AAD);
            assertThat(failure(cipher, ciphertext, new DocumentAad(DocumentId.random(), AAD.patient()))).isEqualTo(Reason.AUTHENTICATION_FAILED);
        }

        @Test
        void decryptShouldFailWhenThePatientDiffers() throws IOException {
            byte[] ciphertext = encrypt(cipher, random(100, 1), AAD);
            assertThat(failure(cipher, ciphertext, new DocumentAad(AAD.document(), new Ins(OTHER_INS)))).isEqualTo(Reason.AUTHENTICATION_FAILED);
        }

        @Test
        void decryptShouldFailWhenTheMasterKeyDiffers() throws IOException {
            byte[] ciphertext = encrypt(cipher, random(100, 1), AAD);
            assertThat(failure(new DocumentCipher(MasterKey.generate()), ciphertext, AAD)).isEqualTo(Reason.WRONG_MASTER_KEY);
        }

        @Test
        void decryptShouldFailWhenTheWrappedKeyComesFromAnotherDocument() throws IOException {
            byte[] first = encrypt(cipher, random(100, 1), AAD);
            byte[] second = encrypt(cipher, random(100, 2), AAD);
            byte[] mixed = second.clone();
            System.arraycopy(first, 17, mixed, 17, DocumentCipher.WRAPPED_KEY_BYTES);
            assertThat(failure(cipher, mixed, AAD)).isEqualTo(Reason.AUTHENTICATION_FAILED);
        }

        @Test
        void decryptShouldFailWhenTheWholeHeaderComesFromAnotherDocument() throws IOException {
            byte[] first = encrypt(cipher, random(100, 1), AAD);
            byte[] second = encrypt(cipher, random(100, 2), AAD);
            byte[] mixed = second.clone();
            System.arraycopy(first, 0, mixed, 0, DocumentCipher.HEADER_BYTES);
            assertThat(failure(cipher, mixed, AAD)).isEqualTo(Reason.AUTHENTICATION_FAILED);
        }
    }

    @Nested
    class LargeContent {
        @TempDir
        Path directory;

        @Test
        void encryptAndDecryptShouldStreamWhenTheContentIs25Megabytes() throws Exception {
            long size = 25L * 1024 * 1024;
            Path encrypted = directory.resolve("doc.enc");
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();

            MessageDigest expected = MessageDigest.getInstance("SHA-256");
            EncryptionSummary summary;
            try (InputStream source = new GeneratedStream(size, expected); OutputStream sink = Files.newOutputStream(encrypted)) {
                summary = cipher.encrypt(source, sink, AAD);
            }
            MessageDigest actual = MessageDigest.getInstance("SHA-256");
            long read = 0;
            try (InputStream in = cipher.decryptingStream(Files.newInputStream(encrypted), AAD)) {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    actual.update(buffer, 0, n);
                    read += n;
                }
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;

            assertThat(read).isEqualTo(size);
            assertThat(summary.plaintextSize()).isEqualTo(size);
            assertThat(Files.size(encrypted)).isEqualTo(summary.ciphertextSize());
            byte[] expectedHash = expected.digest();
            assertThat(actual.digest()).isEqualTo(expectedHash);
            assertThat(summary.plaintextSha256()).isEqualTo(ContentHash.of(expectedHash));
            // Streaming: the whole round trip of 25 MB allocates far less than the content itself.
            assertThat(allocated).as("bytes allocated for a 25 MB round trip").isLessThan(size / 2);
        }
    }

    /** Deterministic pseudo-random bytes produced on demand (never held whole), hashed as they are read. */
    static final class GeneratedStream extends InputStream {
        private final long size;
        private final MessageDigest digest;
        private final Random random = new Random(25);
        private long produced;

        GeneratedStream(long size, MessageDigest digest) {
            this.size = size;
            this.digest = digest;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (produced >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - produced);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) random.nextInt();
            }
            digest.update(b, off, n);
            produced += n;
            return n;
        }
    }
}
