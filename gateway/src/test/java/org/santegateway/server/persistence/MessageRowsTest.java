package org.santegateway.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MessageRange;
import org.junit.jupiter.api.Test;

/** How a FETCH's ranges are grouped into statements ({@link ListingPlan}): few statements, no long index scans. */
class MessageRowsTest {
    @Test
    void rangesShouldBeReadSixteenAStatementInUidOrder() {
        List<MessageRange> ranges = new ArrayList<>();
        for (int uid = 79; uid >= 1; uid -= 2) {
            ranges.add(MessageRange.one(MessageUid.of(uid)));
        }

        List<MessageRows.Span> spans = MessageRows.Span.groups(ranges);

        assertThat(spans).extracting(span -> span.ranges().size()).containsExactly(16, 16, 8);
        assertThat(spans).extracting(MessageRows.Span::from).containsExactly(1L, 33L, 65L);
        assertThat(spans).extracting(MessageRows.Span::to).containsExactly(31L, 63L, 79L);
    }

    @Test
    void rangesFarApartShouldBeReadByStatementsOfTheirOwn() {
        List<MessageRange> ranges = List.of(
            MessageRange.range(MessageUid.of(100_000), MessageUid.of(100_010)),
            MessageRange.one(MessageUid.of(1)),
            MessageRange.range(MessageUid.of(3), MessageUid.of(900)),
            MessageRange.one(MessageUid.of(1_500)));

        List<MessageRows.Span> spans = MessageRows.Span.groups(ranges);

        // 1 and 3:900 together; 1 500 is 600 UIDs further (under the limit); 100 000 is far beyond.
        assertThat(spans).extracting(MessageRows.Span::from).containsExactly(1L, 100_000L);
        assertThat(spans).extracting(MessageRows.Span::to).containsExactly(1_500L, 100_010L);
    }

    @Test
    void aSpanNarrowedToItsListingShouldKeepItsRanges() {
        MessageRows.Span span = MessageRows.Span.groups(List.of(MessageRange.range(MessageUid.of(1), MessageUid.of(50)),
            MessageRange.range(MessageUid.of(60), MessageUid.of(90)))).get(0);

        MessageRows.Span read = span.narrowed(5, 70);

        assertThat(read.from()).isEqualTo(5);
        assertThat(read.to()).isEqualTo(70);
        assertThat(read.ranges()).isEqualTo(span.ranges());
    }
}
