package org.santegateway.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.audit.AuditEvent;

class ChainedAuditTrailTest {
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path directory;
    MutableClock clock;
    ChainedAuditTrail trail;

    @BeforeEach
    void open() {
        clock = new MutableClock(Instant.parse("2026-01-15T10:00:00Z"));
        trail = new ChainedAuditTrail(directory, KEY, clock);
    }

    AuditEvent event(String outcome) {
        return new AuditEvent(clock.instant(), "PROFESSIONAL", "a1b2", "smtp.submission", List.of("message:ff00"), outcome, Optional.empty());
    }

    AuditVerifier.Result verify() {
        return new AuditVerifier(directory, KEY).verify(Optional.of(trail.lastSequence()));
    }

    void record(int count) {
        for (int i = 0; i < count; i++) {
            trail.record(event("accepted"));
        }
    }

    List<String> segmentLines() throws IOException {
        return Files.readAllLines(directory.resolve("audit-2026-01.jsonl"));
    }

    void rewriteSegment(List<String> lines) throws IOException {
        Files.write(directory.resolve("audit-2026-01.jsonl"), lines);
    }

    @Test
    void recordsShouldBeNumberedChainedAndVerify() throws IOException {
        record(5);

        assertThat(segmentLines()).hasSize(5);
        assertThat(AuditCodec.parse(segmentLines().get(4)).seq()).isEqualTo(5);
        AuditVerifier.Result result = verify();
        assertThat(result.valid()).isTrue();
        assertThat(result.recordsChecked()).isEqualTo(5);
    }

    @Nested
    class Tampering {
        @Test
        void alteringOneByteShouldBeDetectedAtThatRecord() throws IOException {
            record(5);
            List<String> lines = new ArrayList<>(segmentLines());
            lines.set(2, lines.get(2).replace("\"accepted\"", "\"acceptee\""));
            rewriteSegment(lines);

            AuditVerifier.Result result = verify();

            assertThat(result.firstBreak()).hasValueSatisfying(broken -> {
                assertThat(broken.seq()).isEqualTo(3);
                assertThat(broken.line()).isEqualTo(3);
                assertThat(broken.reason()).contains("MAC does not chain");
            });
        }

        @Test
        void deletingARecordShouldBeDetectedWhereItWas() throws IOException {
            record(5);
            List<String> lines = new ArrayList<>(segmentLines());
            lines.remove(1);
            rewriteSegment(lines);

            assertThat(verify().firstBreak()).hasValueSatisfying(broken -> {
                assertThat(broken.seq()).isEqualTo(2);
                assertThat(broken.reason()).contains("removed or inserted");
            });
        }

        @Test
        void insertingARecordShouldBeDetectedWhereItWasInserted() throws IOException {
            record(5);
            List<String> lines = new ArrayList<>(segmentLines());
            AuditRecord copy = AuditCodec.parse(lines.get(1));
            AuditRecord forged = new AuditCodec("another key of 32 bytes length!!".getBytes(StandardCharsets.US_ASCII))
                .seal(3, copy.time(), copy.type(), copy.actor(), copy.action(), copy.objects(), "refused", Optional.empty(), copy.mac());
            lines.add(2, new AuditCodec(KEY).toLine(forged));
            rewriteSegment(lines);

            assertThat(verify().firstBreak()).hasValueSatisfying(broken -> {
                assertThat(broken.seq()).isEqualTo(3);
                assertThat(broken.line()).isEqualTo(3);
            });
        }

        @Test
        void removingTheLastRecordsShouldBeDetectedAgainstTheRunningGateway() throws IOException {
            record(5);
            rewriteSegment(segmentLines().subList(0, 3));

            assertThat(verify().firstBreak()).hasValueSatisfying(broken -> {
                assertThat(broken.seq()).isEqualTo(4);
                assertThat(broken.reason()).contains("missing");
            });
        }

        @Test
        void anotherKeyShouldNotVerify() {
            record(2);

            AuditVerifier.Result result = new AuditVerifier(directory, "a different key, 32 bytes long!!".getBytes(StandardCharsets.US_ASCII))
                .verify(Optional.empty());

            assertThat(result.firstBreak()).hasValueSatisfying(broken -> assertThat(broken.seq()).isEqualTo(1));
        }

        @Test
        void garbageLineShouldBeReportedAsUnreadable() throws IOException {
            record(3);
            List<String> lines = new ArrayList<>(segmentLines());
            lines.set(1, "{not json");
            rewriteSegment(lines);

            assertThat(verify().firstBreak()).hasValueSatisfying(broken -> {
                assertThat(broken.seq()).isEqualTo(2);
                assertThat(broken.reason()).startsWith("unreadable record");
            });
        }
    }

    @Test
    void reopeningShouldContinueTheChain() {
        record(3);
        trail.close();

        trail = new ChainedAuditTrail(directory, KEY, clock);
        record(2);

        assertThat(trail.lastSequence()).isEqualTo(5);
        assertThat(verify().valid()).isTrue();
    }

    @Test
    void aNodesRecordsShouldNameItUnderTheMac() throws IOException {
        trail.close();
        trail = new ChainedAuditTrail(directory, KEY, Optional.of("gw-paris-2"), clock);
        record(2);

        assertThat(AuditCodec.parse(segmentLines().get(1)).node()).contains("gw-paris-2");
        assertThat(verify().valid()).isTrue();
        List<String> lines = new ArrayList<>(segmentLines());
        lines.set(1, lines.get(1).replace("\"node\":\"gw-paris-2\"", "\"node\":\"gw-paris-1\""));
        rewriteSegment(lines);
        assertThat(verify().firstBreak()).hasValueSatisfying(broken -> assertThat(broken.seq()).isEqualTo(2));
    }

    @Test
    void aTrailWrittenBeforeNodesShouldGoOnUnbrokenWithNodeNames() throws IOException {
        record(3);
        trail.close();

        trail = new ChainedAuditTrail(directory, KEY, Optional.of("gw-paris-1"), clock);
        record(2);

        assertThat(segmentLines()).extracting(line -> AuditCodec.parse(line).node().orElse("-"))
            .containsExactly("-", "-", "-", "gw-paris-1", "gw-paris-1");
        assertThat(verify().valid()).isTrue();
    }

    @Test
    void halfWrittenLineLeftByACrashShouldBeDroppedOnReopen() throws IOException {
        record(3);
        trail.close();
        Files.writeString(directory.resolve("audit-2026-01.jsonl"), "{\"seq\":4,\"time\":\"2026-", StandardOpenOption.APPEND);

        trail = new ChainedAuditTrail(directory, KEY, clock);
        record(1);

        assertThat(segmentLines()).hasSize(4);
        assertThat(verify().valid()).isTrue();
    }

    @Test
    void concurrentRecordsShouldKeepOneUnbrokenChain() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            futures.add(executor.submit(() -> record(250)));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        executor.shutdown();

        AuditVerifier.Result result = verify();
        assertThat(result.valid()).isTrue();
        assertThat(result.lastSeq()).isEqualTo(1000);
    }

    @Nested
    class Retention {
        @Test
        void purgeShouldRemoveOldMonthsAndLeaveAVerifiableChain() {
            for (String month : List.of("2026-01", "2026-02", "2026-03", "2026-08")) {
                clock.set(Instant.parse(month + "-10T08:00:00Z"));
                record(3);
            }
            clock.set(Instant.parse("2026-08-20T00:00:00Z"));

            int removed = new AuditRetention(trail, KEY, AuditRetention.DEFAULT_RETENTION, clock).purge();

            assertThat(removed).isEqualTo(1);
            assertThat(directory.resolve("audit-2026-01.jsonl")).doesNotExist();
            assertThat(directory.resolve("audit-2026-02.jsonl")).exists();
            AuditVerifier.Result result = verify();
            assertThat(result.valid()).isTrue();
            assertThat(result.recordsChecked()).isEqualTo(10);
        }

        @Test
        void forgedCheckpointShouldBeDetected() throws IOException {
            for (String month : List.of("2026-01", "2026-02", "2026-09")) {
                clock.set(Instant.parse(month + "-10T08:00:00Z"));
                record(2);
            }
            new AuditRetention(trail, KEY, AuditRetention.DEFAULT_RETENTION, clock).purge();
            Path checkpoint = directory.resolve(AuditSegments.CHECKPOINT);
            Files.writeString(checkpoint, Files.readString(checkpoint).replaceFirst("\"seq\":\\d+", "\"seq\":1"));

            assertThat(verify().firstBreak()).hasValueSatisfying(broken ->
                assertThat(broken.reason()).contains("checkpoint signature is invalid"));
        }
    }

    @Test
    void exportShouldGiveEveryRecordAsJsonLines() throws IOException {
        record(3);
        StringBuilder out = new StringBuilder();

        new AuditVerifier(directory, KEY).export(out);

        assertThat(out.toString().lines()).hasSize(3).allSatisfy(line -> assertThat(AuditCodec.parse(line).mac()).hasSize(64));
    }

    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant now) {
            this.now = new AtomicReference<>(now);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
