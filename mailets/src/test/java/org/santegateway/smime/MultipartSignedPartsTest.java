package org.santegateway.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MultipartSignedPartsTest {
    @Test
    void splitShouldFindBothPartsWithCrlfDelimiters() throws Refusal {
        String body = "preamble\r\n--b\r\nContent-Type: text/plain\r\n\r\nsigned text\r\n--b\r\nsignature\r\n--b--\r\nepilogue\r\n";

        assertThat(parts(body, "b")).containsExactly("Content-Type: text/plain\r\n\r\nsigned text", "signature");
    }

    @Test
    void splitShouldFindBothPartsWithBareLfDelimiters() throws Refusal {
        String body = "--b\nContent-Type: text/plain\r\n\r\nsigned text\r\n\n--b\nsignature\n--b--\n";

        assertThat(parts(body, "b")).containsExactly("Content-Type: text/plain\r\n\r\nsigned text\r\n", "signature");
    }

    @Test
    void splitShouldAcceptTransportPaddingAfterADelimiter() throws Refusal {
        String body = "--b  \r\nsigned\r\n--b\t\r\nsignature\r\n--b-- \r\n";

        assertThat(parts(body, "b")).containsExactly("signed", "signature");
    }

    @Test
    void splitShouldIgnoreLinesThatOnlyStartLikeTheDelimiter() throws Refusal {
        String body = "--b\r\n--bx is text\r\n--b--x is text too\r\n--b\r\nsignature\r\n--b--\r\n";

        assertThat(parts(body, "b")).containsExactly("--bx is text\r\n--b--x is text too", "signature");
    }

    @Test
    void splitShouldFindTheClosingDelimiterAtTheVeryEnd() throws Refusal {
        assertThat(parts("--b\r\nsigned\r\n--b\r\nsignature\r\n--b--", "b")).containsExactly("signed", "signature");
    }

    @Test
    void splitShouldRefuseABodyWithoutDelimiter() {
        assertMalformed("just text\r\n", "no opening boundary");
    }

    @Test
    void splitShouldRefuseAnEmptyBody() {
        assertMalformed("", "no opening boundary");
    }

    @Test
    void splitShouldRefuseASinglePart() {
        assertMalformed("--b\r\nsigned\r\n--b--\r\n", "no signature part");
    }

    @Test
    void splitShouldRefuseAMissingClosingDelimiter() {
        assertMalformed("--b\r\nsigned\r\n--b\r\nsignature\r\n", "no closing boundary");
    }

    @Test
    void splitShouldRefuseAThirdPart() {
        assertMalformed("--b\r\nsigned\r\n--b\r\nsignature\r\n--b\r\nthird\r\n--b--\r\n", "more than two parts");
    }

    private static String[] parts(String body, String boundary) throws Refusal {
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        MultipartSignedParts parts = MultipartSignedParts.split(bytes, 0, bytes.length, boundary);
        return new String[] {
            new String(bytes, parts.firstStart(), parts.firstEnd() - parts.firstStart(), StandardCharsets.US_ASCII),
            new String(bytes, parts.secondStart(), parts.secondEnd() - parts.secondStart(), StandardCharsets.US_ASCII)};
    }

    private static void assertMalformed(String body, String detail) {
        assertThatThrownBy(() -> parts(body, "b"))
            .isInstanceOfSatisfying(Refusal.class, e -> assertThat(e.failure()).isEqualTo(SmimeFailure.MALFORMED))
            .hasMessageContaining(detail);
    }
}
