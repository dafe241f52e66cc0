package org.santegateway.audit;

import java.time.Clock;

import javax.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records a decision where the gateway takes it, in one call: the audit event (stamped with the
 * clock) and the increment of its counter. Steps that only audit (a login, a DMP access) or only
 * count use {@link #audit} or {@link #count}.
 */
public class OutcomeRecorder {
    private final AuditLog auditLog;
    private final MeterRegistry registry;
    private final Clock clock;

    @Inject
    public OutcomeRecorder(AuditLog auditLog, MeterRegistry registry, Clock clock) {
        this.auditLog = auditLog;
        this.registry = registry;
        this.clock = clock;
    }

    /** Counts the decision, then writes its audit event. */
    public void record(Trace trace, Count count) {
        count(count);
        audit(trace);
    }

    public void audit(Trace trace) {
        auditLog.record(trace.at(clock.instant()));
    }

    public void count(Count count) {
        Counter.Builder builder = Counter.builder(count.name()).tags(count.tags());
        count.description().ifPresent(builder::description);
        builder.register(registry).increment();
    }
}
