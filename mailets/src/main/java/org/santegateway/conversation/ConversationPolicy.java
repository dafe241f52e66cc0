package org.santegateway.conversation;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;

/**
 * The rules of patient messaging ("only a professional opens a conversation"), as a pure decision
 * over a {@link PolicyRequest} and the current content of the {@link ConversationStore}. It reads
 * the store and never writes it: {@link ConversationGate} records the change of an accepted
 * message.
 *
 * <ul>
 *     <li>A professional's message with a patient among its recipients continues the conversation
 *     it replies to when the professional takes part in it (or the conversation it already
 *     belongs to: a resent message), and opens a new one otherwise. {@code X-MSS-MES: FIN} or the
 *     subject {@code [FIN]} closes the conversation; a later professional message opens it again.</li>
 *     <li>A patient's message is accepted as a reply inside an open conversation the patient
 *     takes part in, addressed only to professionals who take part in it; as a new message to
 *     professionals who wrote to the patient and have not closed the exchange (it joins their open
 *     conversation); or to organisational mailboxes that accept patient-initiated messages (it opens
 *     a conversation with them, which their answers continue).</li>
 *     <li>Nobody else may write to a patient; an address of a patient domain that is not a valid
 *     INS is not an address; mail to a patient larger than the limit is refused.</li>
 * </ul>
 */
public class ConversationPolicy {
    private final ConversationStore store;
    private final ConversationLimits limits;
    private final Clock clock;

    @Inject
    public ConversationPolicy(ConversationStore store, ConversationLimits limits, Clock clock) {
        this.store = store;
        this.limits = limits;
        this.clock = clock;
    }

    public Decision decide(PolicyRequest request) {
        Party sender = request.sender();
        if (sender.role() == Role.GATEWAY) {
            return new Decision.NotConcerned();
        }
        for (Party recipient : request.recipients()) {
            Optional<RefusalReason> refusal = decideRecipient(sender, recipient);
            if (refusal.isPresent()) {
                return new Decision.Refused(refusal.get());
            }
        }
        Set<MailAddress> patientRecipients = addressesWithRole(request.recipients(), Role.PATIENT);
        if (!patientRecipients.isEmpty() && request.size() > limits.maxPatientMessageBytes()) {
            return new Decision.Refused(RefusalReason.TOO_LARGE);
        }
        return switch (sender.role()) {
            case PROFESSIONAL -> patientRecipients.isEmpty() ? new Decision.NotConcerned() : fromProfessional(request, patientRecipients);
            case PATIENT -> fromPatient(request);
            default -> new Decision.NotConcerned();
        };
    }

    /**
     * The part of the rules that one recipient decides, before the message is known (SMTP RCPT):
     * an invalid patient address, a patient writing to another patient or outside, someone who is
     * not a professional writing to a patient.
     */
    public Optional<RefusalReason> decideRecipient(Party sender, Party recipient) {
        if (recipient.role() == Role.INVALID_PATIENT_ADDRESS) {
            return Optional.of(RefusalReason.INVALID_PATIENT_ADDRESS);
        }
        return switch (sender.role()) {
            case GATEWAY, PROFESSIONAL -> Optional.empty();
            case PATIENT -> switch (recipient.role()) {
                case PROFESSIONAL -> Optional.empty();
                case PATIENT -> Optional.of(RefusalReason.PATIENT_RECIPIENT);
                default -> Optional.of(RefusalReason.OUTSIDE_RECIPIENT);
            };
            default -> recipient.role() == Role.PATIENT ? Optional.of(RefusalReason.SENDER_NOT_PROFESSIONAL) : Optional.empty();
        };
    }

    private Decision fromProfessional(PolicyRequest request, Set<MailAddress> patients) {
        MailAddress sender = request.sender().requireAddress();
        Set<MailAddress> professionals = addressesWithRole(request.recipients(), Role.PROFESSIONAL);
        professionals.add(sender);
        boolean closing = request.threading().closing();
        Optional<Conversation> existing = request.threading().messageHash().flatMap(store::findByMessage)
            .or(() -> referencedConversations(request).filter(conversation -> conversation.hasProfessional(sender)).findFirst());
        if (existing.isEmpty()) {
            String root = request.threading().messageHash().orElseGet(MessageThreadingFallback::newRootHash);
            ConversationState state = closing ? ConversationState.CLOSED : ConversationState.OPEN;
            return new Decision.Accepted(closing ? Outcome.CLOSED : Outcome.OPENED, Optional.of(
                new ConversationChange.Open(ConversationId.random(), root, professionals, patients, state, clock.instant())));
        }
        Conversation conversation = existing.get();
        Outcome outcome = closing ? Outcome.CLOSED : conversation.isOpen() ? Outcome.CONTINUED : Outcome.REOPENED;
        ConversationState state = closing ? ConversationState.CLOSED : ConversationState.OPEN;
        return new Decision.Accepted(outcome, Optional.of(new ConversationChange.Append(conversation.id(),
            request.threading().messageHash(), professionals, patients, Optional.of(state), false, clock.instant())));
    }

    private Decision fromPatient(PolicyRequest request) {
        MailAddress patient = request.sender().requireAddress();
        Optional<Conversation> replied = referencedConversations(request).findFirst();
        Set<MailAddress> mustTakePart = new HashSet<>();
        for (Party recipient : request.recipients()) {
            if (!recipient.acceptsPatientInitiated()) {
                mustTakePart.add(recipient.requireAddress());
            }
        }
        if (mustTakePart.isEmpty()) {
            return organisational(request, patient, replied);
        }
        if (replied.isEmpty()) {
            return contacted(request, patient, mustTakePart);
        }
        Conversation conversation = replied.get();
        if (!conversation.hasPatient(patient)) {
            return new Decision.Refused(RefusalReason.NOT_IN_CONVERSATION);
        }
        if (!conversation.isOpen()) {
            return new Decision.Refused(RefusalReason.CONVERSATION_CLOSED);
        }
        if (!mustTakePart.stream().allMatch(conversation::hasProfessional)) {
            return new Decision.Refused(RefusalReason.RECIPIENT_NOT_IN_CONVERSATION);
        }
        return continued(request, conversation);
    }

    /**
     * A patient's new message (not a reply), as Mon espace santé allows it: to professionals who wrote to them and
     * have not closed the exchange ("contactable"). It joins the most recent open conversation in which the patient
     * and every professional recipient take part, so that the answer continues it and {@code FIN} closes it; with no
     * such conversation (a professional who never wrote, one who closed, professionals of different conversations)
     * it is refused.
     */
    private Decision contacted(PolicyRequest request, MailAddress patient, Set<MailAddress> professionals) {
        return store.conversationsOf(patient).stream()
            .filter(conversation -> conversation.isOpen() && conversation.hasPatient(patient))
            .filter(conversation -> professionals.stream().allMatch(conversation::hasProfessional))
            // The most recent; equal times (one clock tick) broken by the root message, which every store holds alike
            // (identifiers are drawn at random by each decision).
            .max(java.util.Comparator.comparing(Conversation::updatedAt).thenComparing(Conversation::openedAt)
                .thenComparing(Conversation::rootMessageHash))
            .<Decision>map(conversation -> continued(request, conversation))
            .orElseGet(() -> new Decision.Refused(RefusalReason.NO_CONVERSATION));
    }

    /**
     * A patient's message to organisational mailboxes only (marked for patient-initiated mail). Inside an open
     * conversation in which they all take part it continues it; otherwise it opens a conversation of its own, with the
     * patient and those mailboxes, so that their answer continues it (one thread in the webmail, and the patient can
     * answer back) and the mailbox stays contactable while the exchange is open.
     */
    private Decision organisational(PolicyRequest request, MailAddress patient, Optional<Conversation> replied) {
        Set<MailAddress> mailboxes = addressesWithRole(request.recipients(), Role.PROFESSIONAL);
        Optional<Conversation> known = request.threading().messageHash().flatMap(store::findByMessage);
        if (known.isPresent()) {
            // The same message again (a retry): it stays where it is; a Message-ID taken from someone else's conversation is not the patient's.
            return known.get().hasPatient(patient)
                ? new Decision.Accepted(Outcome.CONTINUED, Optional.of(new ConversationChange.Append(known.get().id(),
                    request.threading().messageHash(), Set.of(), Set.of(), Optional.empty(), false, clock.instant())))
                : new Decision.Refused(RefusalReason.NOT_IN_CONVERSATION);
        }
        Optional<Conversation> inside = replied.filter(conversation -> conversation.hasPatient(patient) && conversation.isOpen()
            && mailboxes.stream().allMatch(conversation::hasProfessional));
        if (inside.isPresent()) {
            return continued(request, inside.get());
        }
        String root = request.threading().messageHash().orElseGet(MessageThreadingFallback::newRootHash);
        return new Decision.Accepted(Outcome.PATIENT_INITIATED, Optional.of(new ConversationChange.Open(ConversationId.random(), root,
            mailboxes, Set.of(patient), ConversationState.OPEN, clock.instant())));
    }

    /** A patient's reply: recorded (so that the professional's answer to it is found), the conversation must still be open. */
    private Decision continued(PolicyRequest request, Conversation conversation) {
        return new Decision.Accepted(Outcome.CONTINUED, Optional.of(new ConversationChange.Append(conversation.id(),
            request.threading().messageHash(), Set.of(), Set.of(), Optional.empty(), true, clock.instant())));
    }

    /** Conversations of the replied-to messages, most relevant first (In-Reply-To, then the latest References). */
    private java.util.stream.Stream<Conversation> referencedConversations(PolicyRequest request) {
        return request.threading().referenceHashes().stream()
            .map(store::findByMessage)
            .flatMap(Optional::stream);
    }

    private static Set<MailAddress> addressesWithRole(List<Party> parties, Role role) {
        Set<MailAddress> addresses = new HashSet<>();
        for (Party party : parties) {
            if (party.role() == role) {
                addresses.add(party.requireAddress());
            }
        }
        return addresses;
    }

    /** A message without Message-ID (the pipeline adds one before recording; an SMTP check only needs the decision). */
    private static final class MessageThreadingFallback {
        static String newRootHash() {
            return MessageThreading.hash("<" + UUID.randomUUID() + "@conversation.invalid>");
        }
    }
}
