package org.santegateway.dmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.santegateway.cda.CdaFixtures.INS;
import static org.santegateway.cda.CdaFixtures.OTHER_INS;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.santegateway.dmp.DocumentIntegrityException.Reason;

class MetadataCipherTest {
    private static final MasterKey MASTER = MasterKey.generate();
    private static final DocumentAad AAD = new DocumentAad(DocumentId.random(), new Ins(INS));
    private static final byte[] TITLE = "Résultat sérologie VIH".getBytes(StandardCharsets.UTF_8);

    private final MetadataCipher cipher = new MetadataCipher(MASTER);

    static Reason failure(MetadataCipher cipher, byte[] sealed, DocumentAad aad) {
        try {
            cipher.open(sealed, aad);
        } catch (DocumentIntegrityException e) {
            return e.reason();
        }
        throw new AssertionError("opened without failure");
    }

    @Nested
    class RoundTrip {
        @Test
        void openShouldReturnTheValueWhenNothingChanged() throws IOException {
            assertThat(cipher.open(cipher.seal(TITLE, AAD), AAD)).isEqualTo(TITLE);
        }

        @Test
        void openShouldReturnAnEmptyValueWhenAnEmptyValueWasSealed() throws IOException {
            assertThat(cipher.open(cipher.seal(new byte[0], AAD), AAD)).isEmpty();
        }

        @Test
        void sealShouldAddOnlyTheHeaderAndTagWhenDone() {
            assertThat(cipher.seal(TITLE, AAD)).hasSize(TITLE.length + MetadataCipher.OVERHEAD_BYTES);
        }

        @Test
        void sealShouldGiveDifferentBytesWhenTheSameValueIsSealedTwice() {
            assertThat(cipher.seal(TITLE, AAD)).isNotEqualTo(cipher.seal(TITLE, AAD));
        }

        @Test
        void sealedBytesShouldNotContainTheValue() {
            assertThat(new String(cipher.seal(TITLE, AAD), StandardCharsets.ISO_8859_1)).doesNotContain("VIH");
        }

        @Test
        void sealShouldRefuseAValueOverTheLimit() {
            assertThatThrownBy(() -> cipher.seal(new byte[MetadataCipher.MAX_PLAINTEXT_BYTES + 1], AAD))
                .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Tampering {
        @Test
        void openShouldFailWhenAnySingleBitIsFlipped() {
            byte[] sealed = cipher.seal(TITLE, AAD);
            for (int i = 0; i < sealed.length; i++) {
                byte[] altered = sealed.clone();
                altered[i] ^= 1;
                assertThat(failure(cipher, altered, AAD)).as("bit flipped in byte %d", i).isNotNull();
            }
        }

        @Test
        void openShouldFailWhenCutAtAnyLength() {
            byte[] sealed = cipher.seal(TITLE, AAD);
            for (int length = 0; length < sealed.length; length++) {
                assertThat(failure(cipher, Arrays.copyOf(sealed, length), AAD)).as("cut at %d", length).isNotNull();
            }
        }

        @Test
        void openShouldSayTruncatedWhenShorterThanHeaderAndTag() {
            assertThat(failure(cipher, new byte[MetadataCipher.OVERHEAD_BYTES - 1], AAD)).isEqualTo(Reason.TRUNCATED);
        }

        @Test
        void openShouldFailWhenBytesAreAppended() {
            byte[] sealed = cipher.seal(TITLE, AAD);
            assertThat(failure(cipher, Arrays.copyOf(sealed, sealed.length + 1), AAD)).isEqualTo(Reason.AUTHENTICATION_FAILED);
        }

        @Test
        void openShouldRefuseAnOversizedValueBeforeDecrypting() {
            byte[] oversized = new byte[MetadataCipher.OVERHEAD_BYTES + MetadataCipher.MAX_PLAINTEXT_BYTES + 1];
            assertThat(failure(cipher, oversized, AAD)).isEqualTo(Reason.BAD_HEADER);
        }

        @Test
        void openShouldRefuseTheDocumentsContentSealedForTheSameDocument() throws IOException {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            new DocumentCipher(MASTER).encrypt(new ByteArrayInputStream(TITLE), content, AAD);
            assertThat(failure(cipher, content.toByteArray(), AAD)).isEqualTo(Reason.BAD_HEADER);
        }
    }

    @Nested
    class Binding {
        @Test
        void openShouldFailWhenTheDocumentIdDiffers() {
            byte[] sealed = cipher.seal(TITLE, AAD);
            assertThat(failure(cipher, sealed, new DocumentAad(DocumentId.random(), AAD.patient()))).isEqualTo(Reason.AUTHENTICATION_FAILED);
        }

        @Test
        void openShouldFailWhenThePatientDiffers() {
            byte[] sealed = cipher.seal(TITLE, AAD);
            assertThat(failure(cipher, sealed, new DocumentAad(AAD.document(), new Ins(OTHER_INS)))).isEqualTo(Reason.AUTHENTICATION_FAILED);
        }

        @Test
        void openShouldFailWhenTheMasterKeyDiffers() {
            byte[] sealed = cipher.seal(TITLE, AAD);
            assertThat(failure(new MetadataCipher(MasterKey.generate()), sealed, AAD)).isEqualTo(Reason.WRONG_MASTER_KEY);
        }

        @Test
        void openShouldFailWhenTheWrappedKeyComesFromAnotherValue() {
            byte[] first = cipher.seal(TITLE, AAD);
            byte[] mixed = cipher.seal(TITLE, AAD);
            System.arraycopy(first, 13, mixed, 13, DocumentCipher.WRAPPED_KEY_BYTES);
            assertThat(failure(cipher, mixed, AAD)).isEqualTo(Reason.AUTHENTICATION_FAILED);
        }
    }
}
