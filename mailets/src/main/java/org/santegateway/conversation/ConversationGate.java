package org.santegateway.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.santegateway.audit.Count;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.audit.Pseudonyms;
import org.santegateway.audit.Trace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@link ConversationPolicy}: {@link #check} in the SMTP session (read-only, so that
 * a refusal is an SMTP reply) and {@link #enforce} in the mail pipeline (authoritative: decides
 * again and records the change, once per accepted mail). Every decision about a message involving
 * a patient is an audit event and increments {@value #METRIC}{@code {outcome, reason, stage}}.
 */
public class ConversationGate {
    public static final String METRIC = "gateway.conversation.decision";
    static final String ACTION = "conversation.message";
    static final int MAX_ATTEMPTS = 5;
    private static final Logger LOGGER = LoggerFactory.getLogger(ConversationGate.class);

    /** Where a decision was taken, the {@code stage} metric tag. */
    public enum Stage {
        SMTP, PIPELINE;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final ConversationPolicy policy;
    private final ConversationStore store;
    private final OutcomeRecorder recorder;
    private final Pseudonyms pseudonyms;
    private final PatientSpaceStates spaces;

    public ConversationGate(ConversationPolicy policy, ConversationStore store, OutcomeRecorder recorder, Pseudonyms pseudonyms) {
        this(policy, store, recorder, pseudonyms, PatientSpaceStates.ALL_OPEN);
    }

    @Inject
    public ConversationGate(ConversationPolicy policy, ConversationStore store, OutcomeRecorder recorder, Pseudonyms pseudonyms,
                            PatientSpaceStates spaces) {
        this.policy = policy;
        this.store = store;
        this.recorder = recorder;
        this.pseudonyms = pseudonyms;
        this.spaces = spaces;
    }

    /** Decides without recording anything; only a refusal is audited and counted (the pipeline records acceptance). */
    public Decision check(PolicyRequest request) {
        Decision decision = decide(request);
        if (decision instanceof Decision.Refused refused) {
            report(request, Stage.SMTP, Outcome.REFUSED, Optional.of(refused.reason()), Optional.empty());
        }
        return decision;
    }

    /** The check of one recipient at SMTP RCPT time; a refusal is audited and counted. */
    public Optional<RefusalReason> checkRecipient(Party sender, Party recipient) {
        Optional<RefusalReason> refusal = spaceRefusal(sender).or(() -> spaceRefusal(recipient))
            .or(() -> policy.decideRecipient(sender, recipient));
        refusal.ifPresent(reason -> report(sender, Optional.empty(), Stage.SMTP, Outcome.REFUSED, Optional.of(reason), Optional.empty()));
        return refusal;
    }

    /**
     * Decides and records the change of an accepted message. When the store changed between
     * decision and recording (a concurrent message), decides again on the new state.
     *
     * @throws IllegalStateException when the store keeps conflicting (the mail goes to the error repository)
     */
    public Decision enforce(PolicyRequest request) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Decision decision = decide(request);
            if (decision instanceof Decision.Refused refused) {
                report(request, Stage.PIPELINE, Outcome.REFUSED, Optional.of(refused.reason()), Optional.empty());
                return decision;
            }
            if (!(decision instanceof Decision.Accepted accepted)) {
                return decision;
            }
            if (accepted.change().isEmpty()) {
                report(request, Stage.PIPELINE, accepted.outcome(), Optional.empty(), Optional.empty());
                return decision;
            }
            ConversationStore.RecordResult result = store.record(accepted.change().get());
            if (result instanceof ConversationStore.RecordResult.Recorded recorded) {
                report(request, Stage.PIPELINE, accepted.outcome(), Optional.empty(), Optional.of(recorded.conversation().id()));
                return decision;
            }
            LOGGER.debug("Conversation store changed while deciding ({}), attempt {}", ((ConversationStore.RecordResult.Conflict) result).why(), attempt);
        }
        throw new IllegalStateException("The conversation store kept changing while deciding on a message");
    }

    /**
     * The policy's decision, after the patient spaces: a patient whose space is not open (not open yet, objected,
     * closed, deleted, unknown) neither receives nor sends.
     */
    private Decision decide(PolicyRequest request) {
        Optional<RefusalReason> closed = spaceRefusal(request.sender());
        for (Party recipient : request.recipients()) {
            closed = closed.or(() -> spaceRefusal(recipient));
        }
        return closed.<Decision>map(Decision.Refused::new).orElseGet(() -> policy.decide(request));
    }

    private Optional<RefusalReason> spaceRefusal(Party party) {
        return party.role() == Role.PATIENT ? party.address().flatMap(spaces::refusalFor) : Optional.empty();
    }

    private void report(PolicyRequest request, Stage stage, Outcome outcome, Optional<RefusalReason> reason,
                        Optional<ConversationId> conversation) {
        report(request.sender(), request.threading().messageHash(), stage, outcome, reason, conversation);
    }

    private void report(Party sender, Optional<String> messageHash, Stage stage, Outcome outcome,
                        Optional<RefusalReason> reason, Optional<ConversationId> conversation) {
        String reasonCode = reason.map(RefusalReason::code).orElse("none");
        List<String> objects = new ArrayList<>();
        messageHash.ifPresent(hash -> objects.add("message:" + hash));
        conversation.ifPresent(id -> objects.add("conversation:" + id.value()));
        String actorId = sender.address().map(address -> pseudonyms.of(address.asString())).orElse("-");
        recorder.record(new Trace(sender.role().actorKind(), actorId, ACTION, objects, outcome, reason.map(RefusalReason::code)),
            Count.of(METRIC, "outcome", outcome.tag(), "reason", reasonCode, "stage", stage.tag())
                .describedAs("Decisions of the patient conversation policy"));
        LOGGER.debug("Conversation decision {} ({}) at {}", outcome.tag(), reasonCode, stage.tag());
    }
}
