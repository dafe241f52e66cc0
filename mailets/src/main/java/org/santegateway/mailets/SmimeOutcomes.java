package org.santegateway.mailets;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.mailet.Mail;
import org.santegateway.audit.ActorKind;
import org.santegateway.audit.AuditOutcome;
import org.santegateway.audit.Count;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.audit.Trace;

/**
 * Audit events and the {@value #METRIC}{operation, outcome, reason} counter of the S/MIME mailets.
 * The reason is a fixed code ({@link org.santegateway.smime.SmimeFailure#code()}, or one of the
 * mailets' own such as {@code not_signed}), {@value #NO_REASON} for a success.
 */
final class SmimeOutcomes {
    static final String METRIC = "gateway.smime";
    static final String NO_REASON = "none";

    /** What became of a mail in an S/MIME step; {@link #tag()} is the audit outcome and the metric tag. */
    enum Outcome implements AuditOutcome {
        /** unwrap: decrypted, and its signature verified. */
        DECRYPTED_VERIFIED,
        /** unwrap: signed only, signature verified. */
        VERIFIED,
        /** unwrap: sent to the quarantine. */
        QUARANTINED,
        /** protect: already protected by the client. */
        PASSTHROUGH,
        /** protect: signed only. */
        SIGNED,
        /** protect: signed and encrypted. */
        SIGNED_ENCRYPTED,
        /** protect: not sent to some recipients. */
        REFUSED;

        @Override
        public String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final OutcomeRecorder recorder;

    SmimeOutcomes(OutcomeRecorder recorder) {
        this.recorder = recorder;
    }

    void record(String operation, Outcome outcome, Optional<String> reason, Mail mail) {
        recorder.record(new Trace(ActorKind.GATEWAY, "gateway", "smime." + operation,
                List.of("message:" + MessageFacts.messageIdHash(mail)), outcome, reason),
            Count.of(METRIC, "operation", operation, "outcome", outcome.tag(), "reason", reason.orElse(NO_REASON)));
    }
}
