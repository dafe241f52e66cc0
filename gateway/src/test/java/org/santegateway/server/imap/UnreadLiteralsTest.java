package org.santegateway.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

class UnreadLiteralsTest {
    @Test
    void aLineEndingWithANonSynchronizingLiteralShouldGiveItsSize() {
        assertThat(announced("a APPEND INBOX {120+}\r\n")).isEqualTo(120);
        assertThat(announced("a APPEND INBOX {0+}\n")).isZero();
        assertThat(announced("a APPEND INBOX {4294967295+}\r\n")).isEqualTo(4294967295L);
    }

    @Test
    void otherLinesShouldAnnounceNothing() {
        assertThat(announced("a APPEND INBOX {120}\r\n")).isEqualTo(UnreadLiterals.NONE);
        assertThat(announced("a SEARCH SUBJECT \"{12+}\"\r\n")).isEqualTo(UnreadLiterals.NONE);
        assertThat(announced("a NOOP\r\n")).isEqualTo(UnreadLiterals.NONE);
        assertThat(announced("{+}\r\n")).isEqualTo(UnreadLiterals.NONE);
        assertThat(announced("a X {12+}")).isEqualTo(UnreadLiterals.NONE);
        assertThat(announced("\r\n")).isEqualTo(UnreadLiterals.NONE);
    }

    @Test
    void aSizeBeyondThirtyTwoBitsShouldBeUnreadable() {
        assertThat(announced("a X {4294967296+}\r\n")).isEqualTo(UnreadLiterals.UNREADABLE);
        assertThat(announced("a X {99999999999999999999999+}\r\n")).isEqualTo(UnreadLiterals.UNREADABLE);
    }

    @Test
    void theLiteralThenTheRestOfItsLineShouldBeSkippedAcrossReads() {
        UnreadLiterals skip = new UnreadLiterals(10);
        ByteBuf first = buffer("0123456");
        assertThat(skip.skip(first)).isEqualTo(UnreadLiterals.NONE);
        assertThat(first.isReadable()).isFalse();
        assertThat(skip.done()).isFalse();

        ByteBuf second = buffer("789 MORE {");
        skip.skip(second);
        assertThat(skip.done()).isFalse();
        ByteBuf third = buffer("3+}\r\nabc END\r\nb NOOP\r\n");
        skip.skip(third);

        assertThat(skip.done()).isTrue();
        assertThat(third.toString(StandardCharsets.US_ASCII)).isEqualTo("b NOOP\r\n");
    }

    @Test
    void aLiteralOfNoImapSizeInTheRestOfTheLineShouldBeUnreadable() {
        UnreadLiterals skip = new UnreadLiterals(2);
        assertThat(skip.skip(buffer("ab {5000000000+}\r\nx1 CREATE Injected\r\n"))).isEqualTo(UnreadLiterals.UNREADABLE);
    }

    private static long announced(String line) {
        ByteBuf buffer = buffer(line);
        return UnreadLiterals.announcedAtEnd(buffer, buffer.readerIndex(), buffer.writerIndex());
    }

    private static ByteBuf buffer(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }
}
