package org.santegateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** New connections a minute per client address ({@code connectionRatePerIP}), on a clock the test moves. */
class ConnectionRateTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ConnectionRate rate = new ConnectionRate(60, now::get);

    @Test
    void aMinutesWorthAtOnceThenOneConnectionPerShareOfTheMinute() {
        assertThat(IntStream.range(0, 60).allMatch(i -> rate.admit("192.0.2.1"))).isTrue();
        assertThat(rate.admit("192.0.2.1")).as("the 61st within the same instant").isFalse();

        advance(Duration.ofMillis(999));
        assertThat(rate.admit("192.0.2.1")).as("not yet a second later").isFalse();
        advance(Duration.ofMillis(1));
        assertThat(rate.admit("192.0.2.1")).as("one more after a sixtieth of the minute").isTrue();
        assertThat(rate.admit("192.0.2.1")).isFalse();
    }

    @Test
    void refusedConnectionsShouldNotDelayTheNextAdmittedOne() {
        IntStream.range(0, 60).forEach(i -> rate.admit("192.0.2.1"));
        // A client hammering while over its rate: every attempt refused, none of them counted.
        IntStream.range(0, 1_000).forEach(i -> rate.admit("192.0.2.1"));

        advance(Duration.ofSeconds(1));
        assertThat(rate.admit("192.0.2.1")).isTrue();
    }

    @Test
    void eachAddressShouldHaveItsOwnRate() {
        IntStream.range(0, 61).forEach(i -> rate.admit("192.0.2.1"));

        assertThat(rate.admit("192.0.2.2")).isTrue();
        assertThat(rate.admit("2001:db8::1")).isTrue();
    }

    @Test
    void aClientQuietForAMinuteShouldHaveItsWholeRateAgainButNoMore() {
        IntStream.range(0, 60).forEach(i -> rate.admit("192.0.2.1"));

        advance(Duration.ofHours(1));
        assertThat(IntStream.range(0, 60).allMatch(i -> rate.admit("192.0.2.1"))).isTrue();
        assertThat(rate.admit("192.0.2.1")).as("an hour of quiet does not bank an hour of connections").isFalse();
    }

    @Test
    void addressesWhoseRateIsWholeAgainShouldBeForgottenOnceThereAreMany() {
        IntStream.range(0, ConnectionRate.SWEEP_ABOVE).forEach(i -> rate.admit("10.0." + (i / 256) + "." + (i % 256)));
        assertThat(rate.remembered()).isEqualTo(ConnectionRate.SWEEP_ABOVE);

        advance(Duration.ofMinutes(1));
        rate.admit("192.0.2.1");

        assertThat(rate.remembered()).as("only the address seen in the last minute").isEqualTo(1);
    }

    @Test
    void aRateBelowOneShouldBeRefused() {
        assertThatThrownBy(() -> new ConnectionRate(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }
}
