package org.santegateway.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.santegateway.conversation.Fixtures.CLOCK;
import static org.santegateway.conversation.Fixtures.DURAND;
import static org.santegateway.conversation.Fixtures.INVALID_PATIENT;
import static org.santegateway.conversation.Fixtures.MARTIN;
import static org.santegateway.conversation.Fixtures.OUTSIDER;
import static org.santegateway.conversation.Fixtures.PATIENT_1;
import static org.santegateway.conversation.Fixtures.PATIENT_2;
import static org.santegateway.conversation.Fixtures.PHARMACY;
import static org.santegateway.conversation.Fixtures.REMOTE_DOCTOR;

import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConversationPolicyTest {
    InMemoryConversationStore store;
    Fixtures.MemoryPatientInitiatedMailboxes organisational;
    PolicyRequests requests;
    ConversationPolicy policy;
    int messages;

    @BeforeEach
    void setUp() {
        store = new InMemoryConversationStore();
        organisational = new Fixtures.MemoryPatientInitiatedMailboxes();
        requests = new PolicyRequests(Fixtures.roles(), organisational);
        policy = new ConversationPolicy(store, new ConversationLimits(1000), CLOCK);
    }

    String newId() {
        return "<m" + (++messages) + "@test>";
    }

    PolicyRequest request(MailAddress sender, List<MailAddress> to, String messageId, List<String> replyTo, boolean closing, long size) {
        List<String> references = replyTo.stream().map(MessageThreading::hash).toList();
        return requests.build(SenderIdentity.authenticated(sender, MaybeSender.of(sender)), to,
            new MessageThreading(Optional.of(MessageThreading.hash(messageId)), references, closing), size);
    }

    /** Decides and records as the pipeline does; returns the decision. */
    Decision send(MailAddress sender, List<MailAddress> to, String messageId, String... replyTo) {
        return send(sender, to, messageId, false, replyTo);
    }

    Decision send(MailAddress sender, List<MailAddress> to, String messageId, boolean closing, String... replyTo) {
        Decision decision = policy.decide(request(sender, to, messageId, List.of(replyTo), closing, 10));
        if (decision instanceof Decision.Accepted accepted) {
            accepted.change().ifPresent(store::record);
        }
        return decision;
    }

    static Outcome outcome(Decision decision) {
        return ((Decision.Accepted) decision).outcome();
    }

    static RefusalReason reason(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Refused.class);
        return ((Decision.Refused) decision).reason();
    }

    @Nested
    class Professionals {
        @Test
        void decideShouldOpenAConversationWhenAProfessionalWritesToAPatient() {
            String id = newId();

            assertThat(outcome(send(MARTIN, List.of(PATIENT_1, DURAND), id))).isEqualTo(Outcome.OPENED);

            Conversation conversation = store.findByMessage(MessageThreading.hash(id)).orElseThrow();
            assertThat(conversation.professionals()).containsExactlyInAnyOrder(MARTIN, DURAND);
            assertThat(conversation.patients()).containsExactly(PATIENT_1);
            assertThat(conversation.rootMessageHash()).isEqualTo(MessageThreading.hash(id));
            assertThat(conversation.openedAt()).isEqualTo(CLOCK.instant());
            assertThat(conversation.isOpen()).isTrue();
        }

        @Test
        void decideShouldNotBeConcernedWhenNoPatientIsInvolved() {
            assertThat(send(MARTIN, List.of(DURAND, OUTSIDER), newId())).isInstanceOf(Decision.NotConcerned.class);
        }

        @Test
        void decideShouldContinueTheConversationWhenAParticipatingProfessionalReplies() {
            String opening = newId();
            send(MARTIN, List.of(PATIENT_1, DURAND), opening);

            assertThat(outcome(send(DURAND, List.of(PATIENT_1), newId(), opening))).isEqualTo(Outcome.CONTINUED);
            assertThat(store.findByMessage(MessageThreading.hash(opening)).orElseThrow().professionals()).containsExactlyInAnyOrder(MARTIN, DURAND);
        }

        @Test
        void decideShouldOpenANewConversationWhenAProfessionalReferencesOneHeDoesNotTakePartIn() {
            String opening = newId();
            send(MARTIN, List.of(PATIENT_1), opening);
            String durands = newId();

            assertThat(outcome(send(DURAND, List.of(PATIENT_2), durands, opening))).isEqualTo(Outcome.OPENED);
            assertThat(store.findByMessage(MessageThreading.hash(opening)).orElseThrow().patients()).containsExactly(PATIENT_1);
        }

        @Test
        void decideShouldContinueTheSameConversationWhenTheSameMessageIsSeenTwice() {
            String opening = newId();
            send(MARTIN, List.of(PATIENT_1), opening);

            assertThat(outcome(send(MARTIN, List.of(PATIENT_1), opening))).isEqualTo(Outcome.CONTINUED);
        }

        @Test
        void decideShouldCloseWithFinAndReopenWithALaterProfessionalMessage() {
            String opening = newId();
            send(MARTIN, List.of(PATIENT_1), opening);

            assertThat(outcome(send(MARTIN, List.of(PATIENT_1), newId(), true, opening))).isEqualTo(Outcome.CLOSED);
            assertThat(store.findByMessage(MessageThreading.hash(opening)).orElseThrow().state()).isEqualTo(ConversationState.CLOSED);
            assertThat(reason(send(PATIENT_1, List.of(MARTIN), newId(), opening))).isEqualTo(RefusalReason.CONVERSATION_CLOSED);

            assertThat(outcome(send(MARTIN, List.of(PATIENT_1), newId(), opening))).isEqualTo(Outcome.REOPENED);
            assertThat(outcome(send(PATIENT_1, List.of(MARTIN), newId(), opening))).isEqualTo(Outcome.CONTINUED);
        }

        @Test
        void decideShouldRecordAClosedConversationWhenTheFirstMessageAlreadyCloses() {
            String opening = newId();
            assertThat(outcome(send(MARTIN, List.of(PATIENT_1), opening, true))).isEqualTo(Outcome.CLOSED);
            assertThat(reason(send(PATIENT_1, List.of(MARTIN), newId(), opening))).isEqualTo(RefusalReason.CONVERSATION_CLOSED);
        }

        @Test
        void decideShouldAcceptATrustedOperatorsProfessionalWritingToAPatient() {
            PolicyRequest request = requests.build(SenderIdentity.unauthenticated(MaybeSender.of(REMOTE_DOCTOR)), List.of(PATIENT_1),
                new MessageThreading(Optional.of(MessageThreading.hash(newId())), List.of(), false), 10);

            assertThat(outcome(policy.decide(request))).isEqualTo(Outcome.OPENED);
        }

        @Test
        void decideShouldRefuseMailOverTheLimitToAPatient() {
            Decision decision = policy.decide(request(MARTIN, List.of(PATIENT_1), newId(), List.of(), false, 1001));

            assertThat(reason(decision)).isEqualTo(RefusalReason.TOO_LARGE);
        }

        @Test
        void decideShouldNotLimitMailBetweenProfessionals() {
            assertThat(policy.decide(request(MARTIN, List.of(DURAND), newId(), List.of(), false, 10_000)))
                .isInstanceOf(Decision.NotConcerned.class);
        }

        @Test
        void decideShouldRefuseAnInvalidPatientAddress() {
            assertThat(reason(send(MARTIN, List.of(PATIENT_1, INVALID_PATIENT), newId()))).isEqualTo(RefusalReason.INVALID_PATIENT_ADDRESS);
        }
    }

    @Nested
    class Patients {
        @Test
        void decideShouldAcceptAPatientReplyToTheProfessionalsOfTheConversation() {
            String opening = newId();
            send(MARTIN, List.of(PATIENT_1, DURAND), opening);
            String reply = newId();

            assertThat(outcome(send(PATIENT_1, List.of(MARTIN, DURAND), reply, opening))).isEqualTo(Outcome.CONTINUED);
            assertThat(store.findByMessage(MessageThreading.hash(reply))).map(Conversation::rootMessageHash)
                .contains(MessageThreading.hash(opening));
        }

        @Test
        void decideShouldFindTheConversationThroughAnyOfItsMessages() {
            String opening = newId();
            send(MARTIN, List.of(PATIENT_1), opening);
            String reply = newId();
            send(PATIENT_1, List.of(MARTIN), reply, opening);
            String answer = newId();
            send(MARTIN, List.of(PATIENT_1), answer, reply);

            assertThat(outcome(send(PATIENT_1, List.of(MARTIN), newId(), answer))).isEqualTo(Outcome.CONTINUED);
        }

        @Test
        void decideShouldRefuseANewMessageFromAPatientToAProfessionalWhoNeverWrote() {
            assertThat(reason(send(PATIENT_1, List.of(MARTIN), newId()))).isEqualTo(RefusalReason.NO_CONVERSATION);
        }

        @Test
        void decideShouldLetAPatientWriteANewMessageToAProfessionalWhoWroteAndDidNotClose() {
            String opening = newId();
            send(MARTIN, List.of(PATIENT_1), opening);
            String question = newId();

            assertThat(outcome(send(PATIENT_1, List.of(MARTIN), question))).isEqualTo(Outcome.CONTINUED);
            assertThat(store.findByMessage(MessageThreading.hash(question))).map(Conversation::rootMessageHash)
                .contains(MessageThreading.hash(opening));
            assertThat(reason(send(PATIENT_2, List.of(MARTIN), newId()))).as("another patient").isEqualTo(RefusalReason.NO_CONVERSATION);
        }

        @Test
        void decideShouldRefuseANewMessageOnceTheProfessionalClosedTheExchange() {
            String opening = newId();
            send(MARTIN, List.of(PATIENT_1), opening);
            send(MARTIN, List.of(PATIENT_1), newId(), true, opening);

            assertThat(reason(send(PATIENT_1, List.of(MARTIN), newId()))).isEqualTo(RefusalReason.NO_CONVERSATION);
        }

        @Test
        void decideShouldRefuseANewMessageToProfessionalsOfDifferentConversations() {
            send(MARTIN, List.of(PATIENT_1), newId());
            send(DURAND, List.of(PATIENT_1), newId());

            assertThat(reason(send(PATIENT_1, List.of(MARTIN, DURAND), newId()))).isEqualTo(RefusalReason.NO_CONVERSATION);
            assertThat(outcome(send(PATIENT_1, List.of(DURAND), newId()))).isEqualTo(Outcome.CONTINUED);
        }

        @Test
        void decideShouldRefuseAReplyReferencingUnknownMessages() {
            assertThat(reason(send(PATIENT_1, List.of(MARTIN), newId(), "<unknown@test>"))).isEqualTo(RefusalReason.NO_CONVERSATION);
        }

        @Test
        void decideShouldRefuseForgedReferencesToAnotherPatientsConversation() {
            String othersConversation = newId();
            send(DURAND, List.of(PATIENT_2), othersConversation);

            assertThat(reason(send(PATIENT_1, List.of(DURAND), newId(), othersConversation))).isEqualTo(RefusalReason.NOT_IN_CONVERSATION);
        }

        @Test
        void decideShouldRefuseAReplyThatAddsAProfessionalOutsideTheConversation() {
            String opening = newId();
            send(MARTIN, List.of(PATIENT_1), opening);

            assertThat(reason(send(PATIENT_1, List.of(MARTIN, DURAND), newId(), opening))).isEqualTo(RefusalReason.RECIPIENT_NOT_IN_CONVERSATION);
        }

        @Test
        void decideShouldRefuseAPatientWritingToAnotherPatientEvenInTheirConversation() {
            String opening = newId();
            send(MARTIN, List.of(PATIENT_1, PATIENT_2), opening);

            assertThat(reason(send(PATIENT_1, List.of(MARTIN, PATIENT_2), newId(), opening))).isEqualTo(RefusalReason.PATIENT_RECIPIENT);
        }

        @Test
        void decideShouldRefuseAPatientWritingOutside() {
            String opening = newId();
            send(MARTIN, List.of(PATIENT_1), opening);

            assertThat(reason(send(PATIENT_1, List.of(MARTIN, OUTSIDER), newId(), opening))).isEqualTo(RefusalReason.OUTSIDE_RECIPIENT);
        }

        @Test
        void decideShouldAcceptAPatientInitiatedMessageOnlyToAMarkedOrganisationalMailbox() {
            assertThat(reason(send(PATIENT_1, List.of(PHARMACY), newId()))).isEqualTo(RefusalReason.NO_CONVERSATION);

            organisational.add(PHARMACY);

            assertThat(outcome(send(PATIENT_1, List.of(PHARMACY), newId()))).isEqualTo(Outcome.PATIENT_INITIATED);
            assertThat(reason(send(PATIENT_1, List.of(PHARMACY, MARTIN), newId()))).isEqualTo(RefusalReason.NO_CONVERSATION);
        }

        @Test
        void aPatientInitiatedMessageShouldOpenAConversationThatTheOrganisationalMailboxAnswerContinues() {
            organisational.add(PHARMACY);
            String question = newId();
            assertThat(outcome(send(PATIENT_1, List.of(PHARMACY), question))).isEqualTo(Outcome.PATIENT_INITIATED);
            Conversation opened = store.findByMessage(MessageThreading.hash(question)).orElseThrow();
            assertThat(opened.professionals()).containsExactly(PHARMACY);
            assertThat(opened.patients()).containsExactly(PATIENT_1);

            String answer = newId();
            assertThat(outcome(send(PHARMACY, List.of(PATIENT_1), answer, question))).isEqualTo(Outcome.CONTINUED);
            assertThat(store.findByMessage(MessageThreading.hash(answer)).orElseThrow().id()).isEqualTo(opened.id());
            assertThat(outcome(send(PATIENT_1, List.of(PHARMACY), newId(), answer))).isEqualTo(Outcome.CONTINUED);
        }

        @Test
        void anOrganisationalMailboxThePatientExchangedWithShouldStayContactableAfterTheMarkIsRemoved() {
            organisational.add(PHARMACY);
            String question = newId();
            send(PATIENT_1, List.of(PHARMACY), question);
            send(PHARMACY, List.of(PATIENT_1), newId(), question);
            organisational.remove(PHARMACY);

            assertThat(outcome(send(PATIENT_1, List.of(PHARMACY), newId()))).isEqualTo(Outcome.CONTINUED);
            assertThat(reason(send(PATIENT_2, List.of(PHARMACY), newId()))).isEqualTo(RefusalReason.NO_CONVERSATION);
        }

        @Test
        void aPatientInitiatedMessageReusingAnotherPatientsMessageIdShouldBeRefused() {
            organisational.add(PHARMACY);
            String opening = newId();
            send(MARTIN, List.of(PATIENT_2), opening);

            assertThat(reason(send(PATIENT_1, List.of(PHARMACY), opening))).isEqualTo(RefusalReason.NOT_IN_CONVERSATION);
        }
    }

    @Nested
    class Outsiders {
        @Test
        void decideShouldRefuseAnOutsiderWritingToAPatient() {
            PolicyRequest request = requests.build(SenderIdentity.unauthenticated(MaybeSender.of(OUTSIDER)), List.of(PATIENT_1),
                new MessageThreading(Optional.empty(), List.of(), false), 10);

            assertThat(reason(policy.decide(request))).isEqualTo(RefusalReason.SENDER_NOT_PROFESSIONAL);
        }

        @Test
        void decideShouldNotBeConcernedByTheGatewaysOwnNotifications() {
            PolicyRequest request = requests.build(new SenderIdentity(Optional.empty(), MaybeSender.nullSender(), true), List.of(PATIENT_1),
                new MessageThreading(Optional.empty(), List.of(), false), 10);

            assertThat(policy.decide(request)).isInstanceOf(Decision.NotConcerned.class);
        }

        @Test
        void decideShouldRefuseAnUnauthenticatedSenderClaimingALocalProfessionalAddress() {
            PolicyRequest request = requests.build(SenderIdentity.unauthenticated(MaybeSender.of(MARTIN)), List.of(PATIENT_1),
                new MessageThreading(Optional.empty(), List.of(), false), 10);

            assertThat(reason(policy.decide(request))).isEqualTo(RefusalReason.SENDER_NOT_PROFESSIONAL);
        }
    }

    @Nested
    class Texts {
        @Test
        void refusalReasonsShouldHaveFrenchAndEnglishTextsAndAsciiSmtpDescriptions() {
            for (RefusalReason reason : RefusalReason.values()) {
                assertThat(reason.text()).contains(reason.french()).contains(reason.english());
                assertThat(reason.smtpDescription()).matches("[\\x20-\\x7E]+").startsWith(reason.enhancedStatus() + " ");
                assertThat(reason.smtpDescription().length()).isLessThan(500);
            }
        }
    }
}
