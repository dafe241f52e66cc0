package org.santegateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class OutcomeRecorderTest {
    static final Instant NOW = Instant.parse("2025-01-15T10:00:00Z");

    final List<AuditEvent> events = new ArrayList<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final OutcomeRecorder recorder = new OutcomeRecorder(events::add, meters, Clock.fixed(NOW, ZoneOffset.UTC));

    static Trace trace(AuditOutcome outcome, Optional<String> reason) {
        return new Trace(ActorKind.PROFESSIONAL, "pseudo", "dmp.file", List.of("message:ab12"), outcome, reason);
    }

    @Test
    void recordShouldWriteTheAuditEventWithTheNamesOfTheKindAndTheOutcome() {
        recorder.record(trace(CommonOutcome.REFUSED, Optional.of("903")), Count.of("gateway.test", "outcome", "refused"));

        assertThat(events).containsExactly(new AuditEvent(NOW, "PROFESSIONAL", "pseudo", "dmp.file", List.of("message:ab12"), "refused",
            Optional.of("903")));
    }

    @Test
    void recordShouldIncrementTheCounterWithItsTagsAndDescription() {
        Count count = Count.of("gateway.test", "outcome", "filed", "reason", "none").describedAs("Test decisions");

        recorder.record(trace(CommonOutcome.ACCEPTED, Optional.empty()), count);
        recorder.record(trace(CommonOutcome.ACCEPTED, Optional.empty()), count);

        Counter counter = meters.get("gateway.test").tag("outcome", "filed").tag("reason", "none").counter();
        assertThat(counter.count()).isEqualTo(2);
        assertThat(counter.getId().getDescription()).isEqualTo("Test decisions");
    }

    @Test
    void auditShouldCountNothingAndCountShouldAuditNothing() {
        recorder.audit(trace(CommonOutcome.SUCCESS, Optional.empty()));
        recorder.count(Count.of("gateway.test", "outcome", "accepted"));

        assertThat(events).hasSize(1);
        assertThat(meters.getMeters()).hasSize(1);
        assertThat(meters.get("gateway.test").counter().count()).isEqualTo(1);
    }

    @Test
    void actorKindsAndCommonOutcomesShouldKeepTheSpellingOfTheRecordsOnDisk() {
        assertThat(new AuditEvent(NOW, ActorKind.CLIENT, "x", "a", List.of(), CommonOutcome.LOCKED, Optional.empty()))
            .extracting(AuditEvent::actorRole, AuditEvent::outcome)
            .containsExactly("CLIENT", "locked");
        assertThat(ActorKind.values()).extracting(Enum::name)
            .contains("PATIENT", "PROFESSIONAL", "OUTSIDE", "GATEWAY", "OPERATOR", "ADMIN", "USER", "CLIENT", "SUBMISSION", "WEBMAIL",
                "OPERATORS", "OTHER");
        assertThat(CommonOutcome.values()).extracting(CommonOutcome::tag)
            .containsExactly("success", "failure", "accepted", "refused", "granted", "denied", "revoked", "locked");
    }
}
