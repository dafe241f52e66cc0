package org.santegateway.smtp;

import org.santegateway.audit.Hashes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.santegateway.conversation.Fixtures.CLOCK;
import static org.santegateway.conversation.Fixtures.DURAND;
import static org.santegateway.conversation.Fixtures.INVALID_PATIENT;
import static org.santegateway.conversation.Fixtures.MARTIN;
import static org.santegateway.conversation.Fixtures.OUTSIDER;
import static org.santegateway.conversation.Fixtures.PATIENT_1;
import static org.santegateway.conversation.Fixtures.PATIENT_2;

import java.util.List;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingsImpl;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.conversation.ConversationGate;
import org.santegateway.conversation.ConversationLimits;
import org.santegateway.conversation.ConversationPolicy;
import org.santegateway.conversation.Fixtures;
import org.santegateway.conversation.InMemoryConversationStore;
import org.santegateway.conversation.MessageThreading;
import org.santegateway.conversation.PolicyRequests;
import org.santegateway.mailets.ApplyConversationPolicy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ConversationHooksTest {
    InMemoryConversationStore store;
    SimpleMeterRegistry meters;
    ConversationGate gate;
    PolicyRequests requests;
    RecipientRewriteTable rrt;

    @BeforeEach
    void setUp() throws Exception {
        store = new InMemoryConversationStore();
        meters = new SimpleMeterRegistry();
        gate = new ConversationGate(new ConversationPolicy(store, new ConversationLimits(10_000), CLOCK), store, new OutcomeRecorder(event -> { }, meters, CLOCK), Hashes::sha256);
        requests = new PolicyRequests(Fixtures.roles(), new Fixtures.MemoryPatientInitiatedMailboxes());
        rrt = mock(RecipientRewriteTable.class);
        when(rrt.getResolvedMappings(anyString(), any(Domain.class))).thenReturn(MappingsImpl.empty());
    }

    static SMTPSession session(MailAddress authenticated) {
        SMTPSession session = mock(SMTPSession.class);
        when(session.getUsername()).thenReturn(authenticated == null ? null : Username.fromMailAddress(authenticated));
        when(session.getSessionID()).thenReturn("session-1");
        return session;
    }

    static void assertRefused(HookResult result, String code, String text) {
        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo(code);
        assertThat(result.getSmtpDescription()).contains(text);
    }

    @Nested
    class PatientSpaces {
        ConversationRcptHook hook;

        @BeforeEach
        void setUp() {
            org.santegateway.conversation.PatientSpaceStates spaces = patient -> patient.equals(PATIENT_2)
                ? java.util.Optional.of(org.santegateway.conversation.RefusalReason.SPACE_CLOSED) : java.util.Optional.empty();
            hook = new ConversationRcptHook(new ConversationGate(new ConversationPolicy(store, new ConversationLimits(10_000), CLOCK), store,
                new OutcomeRecorder(event -> { }, meters, CLOCK), Hashes::sha256, spaces), requests);
        }

        @Test
        void doRcptShouldRefuseMailToAPatientWhoseSpaceIsClosedWithTheReason() {
            assertRefused(hook.doRcpt(session(MARTIN), MaybeSender.of(MARTIN), PATIENT_2), "550", "5.2.1 Messagerie cloturee");
            assertThat(hook.doRcpt(session(MARTIN), MaybeSender.of(MARTIN), PATIENT_1)).isEqualTo(HookResult.DECLINED);
        }

        @Test
        void doRcptShouldRefuseAnythingFromAPatientWhoseSpaceIsClosed() {
            assertRefused(hook.doRcpt(session(PATIENT_2), MaybeSender.of(PATIENT_2), MARTIN), "550", "Mailbox closed");
        }
    }

    @Nested
    class Rcpt {
        ConversationRcptHook hook;

        @BeforeEach
        void setUp() {
            hook = new ConversationRcptHook(gate, requests);
        }

        @Test
        void doRcptShouldRefuseAnInvalidInsInAPatientDomain() {
            assertRefused(hook.doRcpt(session(MARTIN), MaybeSender.of(MARTIN), INVALID_PATIENT), "550", "5.1.1 Adresse patient invalide");
        }

        @Test
        void doRcptShouldRefuseAPatientWritingToAnotherPatient() {
            assertRefused(hook.doRcpt(session(PATIENT_1), MaybeSender.of(PATIENT_1), PATIENT_2), "550", "A patient cannot write to another patient");
        }

        @Test
        void doRcptShouldRefuseAPatientWritingOutside() {
            assertRefused(hook.doRcpt(session(PATIENT_1), MaybeSender.of(PATIENT_1), OUTSIDER), "550", "health professionals of your conversations");
        }

        @Test
        void doRcptShouldRefuseAnUnauthenticatedOutsiderWritingToAPatient() {
            assertRefused(hook.doRcpt(session(null), MaybeSender.of(OUTSIDER), PATIENT_1), "550", "Only a health professional can write to a patient");
        }

        @Test
        void doRcptShouldJudgeThePatientByTheAuthenticatedUserNotTheEnvelope() {
            assertRefused(hook.doRcpt(session(PATIENT_1), MaybeSender.of(MARTIN), PATIENT_2), "550", "A patient cannot write to another patient");
        }

        @Test
        void doRcptShouldLetProfessionalsAndPatientRepliesToProfessionalsThrough() {
            assertThat(hook.doRcpt(session(MARTIN), MaybeSender.of(MARTIN), PATIENT_1)).isEqualTo(HookResult.DECLINED);
            assertThat(hook.doRcpt(session(PATIENT_1), MaybeSender.of(PATIENT_1), MARTIN)).isEqualTo(HookResult.DECLINED);
        }

        @Test
        void doRcptShouldCountRefusalsAtTheSmtpStage() {
            hook.doRcpt(session(PATIENT_1), MaybeSender.of(PATIENT_1), PATIENT_2);

            assertThat(meters.get(ConversationGate.METRIC).tag("stage", "smtp").tag("reason", "patient_recipient").counter().count()).isEqualTo(1);
        }
    }

    @Nested
    class Message {
        ConversationMessageHook hook;

        @BeforeEach
        void setUp() {
            hook = new ConversationMessageHook(gate, requests, new RecipientAliases(rrt));
        }

        FakeMail mail(MailAddress sender, List<MailAddress> to, String messageId, String inReplyTo, String body) throws Exception {
            MimeMessageBuilder message = MimeMessageBuilder.mimeMessageBuilder().addFrom(sender.asString()).setSubject("s").setText(body)
                .addHeader("Message-ID", messageId);
            if (inReplyTo != null) {
                message.addHeader("In-Reply-To", inReplyTo);
            }
            return FakeMail.builder().name("m").sender(sender).recipients(to).mimeMessage(message).size(body.length() + 200L).build();
        }

        /** The pipeline records what the professional's message opened. */
        void professionalOpens(String messageId, List<MailAddress> to) throws Exception {
            FakeMail opening = mail(MARTIN, to, messageId, null, "x");
            opening.setAttribute(new org.apache.mailet.Attribute(org.apache.mailet.Mail.SMTP_AUTH_USER,
                org.apache.mailet.AttributeValue.of(MARTIN.asString())));
            new ApplyConversationPolicy(gate, requests).service(opening);
        }

        @Test
        void onMessageShouldRefuseANewPatientMessage() throws Exception {
            assertRefused(hook.onMessage(session(PATIENT_1), mail(PATIENT_1, List.of(MARTIN), "<p1@x>", null, "x")),
                "550", "You can only write to health professionals who wrote to you");
        }

        @Test
        void onMessageShouldAcceptAReplyInTheConversationWithoutRecordingIt() throws Exception {
            professionalOpens("<open@x>", List.of(PATIENT_1));

            assertThat(hook.onMessage(session(PATIENT_1), mail(PATIENT_1, List.of(MARTIN), "<reply@x>", "<open@x>", "x")))
                .isEqualTo(HookResult.DECLINED);
            assertThat(store.findByMessage(MessageThreading.hash("<reply@x>"))).isEmpty();
        }

        @Test
        void onMessageShouldRefuseAReplyToAProfessionalOutsideTheConversation() throws Exception {
            professionalOpens("<open2@x>", List.of(PATIENT_1));

            assertRefused(hook.onMessage(session(PATIENT_1), mail(PATIENT_1, List.of(MARTIN, DURAND), "<r2@x>", "<open2@x>", "x")),
                "550", "take part in this conversation");
        }

        @Test
        void onMessageShouldJudgeAliasesAsThePipelineWill() throws Exception {
            professionalOpens("<open3@x>", List.of(PATIENT_1));
            MailAddress secretariat = Fixtures.address("secretariat@hopital.test");
            when(rrt.getResolvedMappings("secretariat", Domain.of("hopital.test")))
                .thenReturn(MappingsImpl.fromMappings(Mapping.alias(MARTIN.asString())));

            assertThat(hook.onMessage(session(PATIENT_1), mail(PATIENT_1, List.of(secretariat), "<r3@x>", "<open3@x>", "x")))
                .isEqualTo(HookResult.DECLINED);
        }

        @Test
        void onMessageShouldRefuseMailOverTheLimitToAPatient() throws Exception {
            assertRefused(hook.onMessage(session(MARTIN), mail(MARTIN, List.of(PATIENT_1), "<big@x>", null, "x".repeat(20_000))),
                "552", "5.3.4");
        }

        @Test
        void onMessageShouldLetMailBetweenProfessionalsThrough() throws Exception {
            assertThat(hook.onMessage(session(MARTIN), mail(MARTIN, List.of(DURAND), "<pro@x>", null, "x".repeat(20_000))))
                .isEqualTo(HookResult.DECLINED);
        }
    }
}
