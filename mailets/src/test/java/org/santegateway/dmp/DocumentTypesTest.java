package org.santegateway.dmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.santegateway.dmp.DocumentTypes.Problem;

class DocumentTypesTest {
    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void checkShouldAcceptWhenTheContentStartsLikeItsType() {
        assertThat(DocumentTypes.check("application/pdf", bytes("%PDF-1.7\n%\u00e2"))).isEmpty();
        assertThat(DocumentTypes.check("image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0})).isEmpty();
        assertThat(DocumentTypes.check("image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10})).isEmpty();
        assertThat(DocumentTypes.check("image/tiff", new byte[] {'I', 'I', 42, 0})).isEmpty();
        assertThat(DocumentTypes.check("text/plain", bytes("Bonjour"))).isEmpty();
        assertThat(DocumentTypes.check("text/xml", bytes("<?xml version"))).isEmpty();
    }

    @Test
    void checkShouldIgnoreParametersAndCaseWhenTheTypeIsDecorated() {
        assertThat(DocumentTypes.check("Application/PDF; name=\"cr.pdf\"", bytes("%PDF-1.4"))).isEmpty();
        assertThat(DocumentTypes.check("image/jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})).isEmpty();
    }

    @Test
    void checkShouldRefuseAsMismatchWhenTheContentIsNotItsType() {
        assertThat(DocumentTypes.check("application/pdf", bytes("MZ\u0090\u0000"))).contains(Problem.CONTENT_MISMATCH);
        assertThat(DocumentTypes.check("image/png", bytes("%PDF-1.4"))).contains(Problem.CONTENT_MISMATCH);
        assertThat(DocumentTypes.check("text/plain", new byte[] {'a', 0, 'b'})).contains(Problem.CONTENT_MISMATCH);
        assertThat(DocumentTypes.check("application/pdf", new byte[0])).contains(Problem.CONTENT_MISMATCH);
    }

    @Test
    void checkShouldRefuseAsNestedArchiveWhenTheContentIsAZipWhateverItsDeclaredType() {
        assertThat(DocumentTypes.check("application/pdf", new byte[] {'P', 'K', 3, 4, 20, 0})).contains(Problem.NESTED_ARCHIVE);
        assertThat(DocumentTypes.check("application/zip", bytes("anything"))).contains(Problem.NESTED_ARCHIVE);
        assertThat(DocumentTypes.check("image/jpeg", new byte[] {0x1F, (byte) 0x8B, 8})).contains(Problem.NESTED_ARCHIVE);
    }

    @Test
    void checkShouldRefuseAsUnsupportedWhenTheTypeIsNotTaken() {
        assertThat(DocumentTypes.check("application/x-msdownload", bytes("MZ"))).contains(Problem.UNSUPPORTED_TYPE);
        assertThat(DocumentTypes.check("text/html", bytes("<html>"))).contains(Problem.UNSUPPORTED_TYPE);
        assertThat(DocumentTypes.check(null, bytes("x"))).isEqualTo(Optional.of(Problem.UNSUPPORTED_TYPE));
    }
}
