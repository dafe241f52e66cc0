package org.santegateway.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.core.Username;
import org.apache.james.events.Event;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

/**
 * The queue between the event bus's dispatch (under a mailbox's write lock) and the search index: events applied in
 * the order they were submitted, a search waiting for what was submitted before it, a failing event kept in the dead
 * letters without holding up the others, and what is queued applied before the index closes.
 */
class OrderedIndexFeedTest {
    record TestEvent(int number) implements Event {
        private static final EventId ID = EventId.random();

        @Override
        public Username getUsername() {
            return Username.of("dr.test@cabinet-test.fr");
        }

        @Override
        public boolean isNoop() {
            return false;
        }

        @Override
        public EventId getEventId() {
            return ID;
        }
    }

    @Test
    void eventsShouldBeAppliedInTheOrderTheyWereSubmitted() throws Exception {
        List<Integer> applied = new CopyOnWriteArrayList<>();
        OrderedIndexFeed feed = new OrderedIndexFeed(
            event -> Mono.fromRunnable(() -> applied.add(((TestEvent) event).number())), event -> Mono.empty());
        Thread[] writers = new Thread[4];
        List<List<Integer>> submittedByWriter = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(),
            new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        for (int w = 0; w < writers.length; w++) {
            int writer = w;
            writers[w] = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    int number = writer * 1000 + i;
                    feed.submit(new TestEvent(number));
                    submittedByWriter.get(writer).add(number);
                }
            });
            writers[w].start();
        }
        for (Thread writer : writers) {
            writer.join();
        }
        feed.awaitApplied();

        assertThat(applied).hasSize(2000);
        for (List<Integer> submitted : submittedByWriter) {
            assertThat(applied.stream().filter(submitted::contains).toList()).containsExactlyElementsOf(submitted);
        }
        assertThat(feed.drainAndStop()).isTrue();
    }

    @Test
    void awaitAppliedShouldReturnOnlyOnceWhatWasSubmittedBeforeIsApplied() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> applied = new CopyOnWriteArrayList<>();
        OrderedIndexFeed feed = new OrderedIndexFeed(event -> Mono.fromRunnable(() -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            applied.add(((TestEvent) event).number());
        }), event -> Mono.empty());
        feed.submit(new TestEvent(1));
        feed.submit(new TestEvent(2));

        CountDownLatch searched = new CountDownLatch(1);
        List<Integer> seenBySearch = new CopyOnWriteArrayList<>();
        Thread search = new Thread(() -> {
            feed.awaitApplied();
            seenBySearch.addAll(applied);
            searched.countDown();
        });
        search.start();
        assertThat(searched.await(300, TimeUnit.MILLISECONDS)).isFalse();

        release.countDown();
        assertThat(searched.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(seenBySearch).containsExactly(1, 2);
        assertThat(feed.drainAndStop()).isTrue();
    }

    @Test
    void aFailingEventShouldGoToTheDeadLettersAfterThreeAttemptsAndNotHoldUpTheNextOnes() {
        AtomicInteger attempts = new AtomicInteger();
        List<Integer> deadLetters = new CopyOnWriteArrayList<>();
        List<Integer> applied = new CopyOnWriteArrayList<>();
        OrderedIndexFeed feed = new OrderedIndexFeed(event -> Mono.fromRunnable(() -> {
            int number = ((TestEvent) event).number();
            if (number == 1) {
                attempts.incrementAndGet();
                throw new IllegalStateException("index unavailable");
            }
            applied.add(number);
        }), event -> Mono.fromRunnable(() -> deadLetters.add(((TestEvent) event).number())));
        feed.submit(new TestEvent(1));
        feed.submit(new TestEvent(2));
        feed.awaitApplied();

        assertThat(attempts.get()).isEqualTo(3);
        assertThat(deadLetters).containsExactly(1);
        assertThat(applied).containsExactly(2);
        assertThat(feed.drainAndStop()).isTrue();
    }

    @Test
    void aMessageTooDeepToAnalyseShouldNotEndTheFeed() {
        List<Integer> applied = new CopyOnWriteArrayList<>();
        OrderedIndexFeed feed = new OrderedIndexFeed(event -> Mono.fromRunnable(() -> {
            int number = ((TestEvent) event).number();
            if (number == 1) {
                throw new StackOverflowError("nested too deep");
            }
            applied.add(number);
        }), event -> Mono.empty());
        feed.submit(new TestEvent(1));
        feed.submit(new TestEvent(2));
        feed.awaitApplied();

        assertThat(applied).containsExactly(2);
        assertThat(feed.drainAndStop()).isTrue();
    }

    @Test
    void closingShouldApplyWhatIsQueuedThenRefuseNewEvents() {
        List<Integer> applied = new CopyOnWriteArrayList<>();
        OrderedIndexFeed feed = new OrderedIndexFeed(event -> Mono.fromRunnable(() -> applied.add(((TestEvent) event).number())),
            event -> Mono.empty());
        for (int i = 0; i < 1000; i++) {
            feed.submit(new TestEvent(i));
        }

        assertThat(feed.drainAndStop()).isTrue();
        assertThat(applied).hasSize(1000);
        assertThatThrownBy(() -> feed.submit(new TestEvent(1000)))
            .isInstanceOf(IllegalStateException.class);
    }
}
