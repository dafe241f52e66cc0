package org.santegateway.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.message.SectionType;
import org.junit.jupiter.api.Test;

/** RFC 3501 §6.4.5 sections through message/rfc822 parts, on raw bytes. */
class MessageSectionsTest {
    static final String INNER = "From: sub@example.test\r\nSubject: inner\r\n\r\nHello\r\n";
    static final String NESTED = "From: a@example.test\r\nContent-Type: message/rfc822\r\n\r\n"
        + "From: b@example.test\r\nContent-Type: message/rfc822\r\n\r\n" + INNER;

    static Optional<String> section(String message, SectionType type, int... path) {
        return MessageSections.section(message.getBytes(StandardCharsets.US_ASCII), path, type, List.of("subject"))
            .map(bytes -> new String(bytes, StandardCharsets.US_ASCII));
    }

    @Test
    void sectionsShouldFollowEncapsulatedMessagesTwoLevelsDeep() {
        assertThat(section(NESTED, SectionType.CONTENT, 1)).hasValue("From: b@example.test\r\nContent-Type: message/rfc822\r\n\r\n" + INNER);
        assertThat(section(NESTED, SectionType.HEADER, 1)).hasValue("From: b@example.test\r\nContent-Type: message/rfc822\r\n\r\n");
        assertThat(section(NESTED, SectionType.CONTENT, 1, 1)).hasValue(INNER);
        assertThat(section(NESTED, SectionType.CONTENT, 1, 1, 1)).hasValue("Hello\r\n");
        assertThat(section(NESTED, SectionType.HEADER_FIELDS, 1, 1)).hasValue("Subject: inner\r\n\r\n");
        assertThat(section(NESTED, SectionType.TEXT, 1, 1)).hasValue("Hello\r\n");
    }

    @Test
    void digestPartsShouldBeMessagesByDefault() {
        String digest = "Content-Type: multipart/digest; boundary=d\r\n\r\nprologue\r\n--d \r\n\r\n" + INNER + "\r\n--d\r\nX-Part: 2\r\n\r\n"
            + INNER + "\r\n--d--\r\nepilogue\r\n";

        assertThat(section(digest, SectionType.MIME, 1)).hasValue("\r\n");
        assertThat(section(digest, SectionType.MIME, 2)).hasValue("X-Part: 2\r\n\r\n");
        assertThat(section(digest, SectionType.CONTENT, 2)).hasValue(INNER);
        assertThat(section(digest, SectionType.TEXT, 2)).hasValue("Hello\r\n");
    }

    @Test
    void sectionsOutsideEncapsulatedMessagesShouldBeLeftToJames() {
        String mixed = "Content-Type: multipart/mixed; boundary=m\r\n\r\n--m\r\n\r\ntext\r\n--m--\r\n";

        assertThat(section(mixed, SectionType.CONTENT, 1)).isEmpty();
        assertThat(section(mixed, SectionType.CONTENT, 3)).isEmpty();
        assertThat(section(INNER, SectionType.HEADER, 1)).isEmpty();
    }

    @Test
    void truncatedMultipartShouldEndItsLastPartAtTheEndOfTheMessage() {
        String truncated = "Content-Type: multipart/mixed; boundary=m\r\n\r\n--m\r\nContent-Type: message/rfc822\r\n\r\n" + "From: x@example.test\r\n\r\nunfin";

        assertThat(section(truncated, SectionType.TEXT, 1)).hasValue("unfin");
        assertThat(section("Content-Type: message/rfc822", SectionType.CONTENT, 1)).hasValue("");
    }
}
