package org.santegateway.mailets;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.apache.mailet.Mail;
import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.AuditLog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Audit events and the {@value #METRIC}{operation, outcome, reason} counter of the S/MIME mailets.
 * The reason is a fixed code ({@link org.santegateway.smime.SmimeFailure#code()}, or one of the
 * mailets' own such as {@code not_signed}), {@value #NO_REASON} for a success.
 */
final class SmimeOutcomes {
    static final String METRIC = "gateway.smime";
    static final String NO_REASON = "none";

    private final AuditLog auditLog;
    private final MeterRegistry meterRegistry;
    private final Clock clock;

    SmimeOutcomes(AuditLog auditLog, MeterRegistry meterRegistry, Clock clock) {
        this.auditLog = auditLog;
        this.meterRegistry = meterRegistry;
        this.clock = clock;
    }

    void record(String operation, String outcome, Optional<String> reason, Mail mail) {
        Counter.builder(METRIC).tag("operation", operation).tag("outcome", outcome).tag("reason", reason.orElse(NO_REASON))
            .register(meterRegistry).increment();
        auditLog.record(new AuditEvent(clock.instant(), "GATEWAY", "gateway", "smime." + operation,
            List.of("message:" + MessageFacts.messageIdHash(mail)), outcome, reason));
    }
}
