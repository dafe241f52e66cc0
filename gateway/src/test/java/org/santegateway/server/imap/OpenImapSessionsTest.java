package org.santegateway.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.santegateway.delivery.InactiveMailboxes;

import io.netty.channel.embedded.EmbeddedChannel;

/**
 * What the sweep of {@link OpenImapSessions} reads from the registry: nothing while no IMAP connection is open, the
 * entries changed since its last read (less the overlap) otherwise, and the same again after a read that failed. The
 * sessions it ends are in {@code RegistryRoutesIntegrationTest} (IDLE and silent sessions over IMAPS).
 */
class OpenImapSessionsTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T09:00:00Z"));
    private final List<Instant> asked = new ArrayList<>();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final InactiveMailboxes registry = new InactiveMailboxes() {
        @Override
        public boolean isInactive(String address) {
            return false;
        }

        @Override
        public Set<String> inactiveChangedSince(Instant since) {
            asked.add(since);
            if (failing.get()) {
                throw new IllegalStateException("database down");
            }
            return Set.of("dr.parti@hopital-test.fr");
        }
    };
    private final OpenImapSessions sessions = new OpenImapSessions(registry, new Clock() {
        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    });

    @Test
    void withoutAnOpenConnectionTheRegistryShouldNotBeRead() {
        advance();
        assertThat(sessions.endInactive()).isZero();
        assertThat(asked).isEmpty();
    }

    @Test
    void eachReadShouldAskForTheChangesSinceTheLastOneLessTheOverlapAndAFailedReadBeAskedAgain() {
        // The sweep is called here, not by its timer (not started).
        Instant started = now.get();
        EmbeddedChannel connection = new EmbeddedChannel();
        try {
            sessions.install(connection.pipeline());
            assertThat(sessions.open()).isEqualTo(1);

            advance();
            Instant first = now.get();
            // A connection not logged in (no IMAP session on it) is left alone.
            assertThat(sessions.endInactive()).isZero();
            assertThat(connection.isOpen()).isTrue();

            advance();
            failing.set(true);
            assertThat(sessions.endInactive()).isZero();
            failing.set(false);
            advance();
            sessions.endInactive();

            assertThat(asked).containsExactly(started.minus(OpenImapSessions.OVERLAP), first.minus(OpenImapSessions.OVERLAP),
                first.minus(OpenImapSessions.OVERLAP));
        } finally {
            connection.finishAndReleaseAll();
        }
        assertThat(sessions.open()).isZero();
    }

    private void advance() {
        now.set(now.get().plus(Duration.ofSeconds(5)));
    }
}
