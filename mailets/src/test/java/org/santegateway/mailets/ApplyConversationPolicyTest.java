package org.santegateway.mailets;

import org.santegateway.audit.Hashes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.santegateway.conversation.Fixtures.CLOCK;
import static org.santegateway.conversation.Fixtures.DURAND;
import static org.santegateway.conversation.Fixtures.MARTIN;
import static org.santegateway.conversation.Fixtures.PATIENT_1;
import static org.santegateway.conversation.Fixtures.PATIENT_2;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.conversation.ConversationGate;
import org.santegateway.conversation.ConversationLimits;
import org.santegateway.conversation.ConversationPolicy;
import org.santegateway.conversation.ConversationStore;
import org.santegateway.conversation.Fixtures;
import org.santegateway.conversation.InMemoryConversationStore;
import org.santegateway.conversation.MessageThreading;
import org.santegateway.conversation.PolicyRequests;
import org.santegateway.matchers.IsRefusedByConversationPolicy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ApplyConversationPolicyTest {
    InMemoryConversationStore store;
    List<AuditEvent> audit;
    SimpleMeterRegistry meters;
    ApplyConversationPolicy mailet;
    int counter;

    @BeforeEach
    void setUp() throws Exception {
        store = new InMemoryConversationStore();
        audit = new ArrayList<>();
        meters = new SimpleMeterRegistry();
        ConversationGate gate = new ConversationGate(new ConversationPolicy(store, new ConversationLimits(100_000), CLOCK), store,
            new OutcomeRecorder(audit::add, meters, CLOCK), Hashes::sha256);
        mailet = new ApplyConversationPolicy(gate, new PolicyRequests(Fixtures.roles(), new Fixtures.MemoryPatientInitiatedMailboxes()));
        mailet.init(FakeMailetConfig.builder().mailetName("ApplyConversationPolicy").build());
    }

    String messageId() {
        return "<mailet-test-" + (++counter) + "@hopital.test>";
    }

    FakeMail mail(MailAddress authenticated, MailAddress envelope, String fromHeader, List<MailAddress> to, String messageId,
                  Optional<String> inReplyTo) throws MessagingException {
        MimeMessageBuilder message = MimeMessageBuilder.mimeMessageBuilder()
            .addFrom(fromHeader)
            .setSubject("Résultats")
            .setText("Contenu");
        if (messageId != null) {
            message.addHeader("Message-ID", messageId);
        }
        inReplyTo.ifPresent(id -> message.addHeader("In-Reply-To", id));
        FakeMail.Builder mail = FakeMail.builder().name("mail-" + counter).sender(envelope).recipients(to).mimeMessage(message);
        if (authenticated != null) {
            mail.attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of(authenticated.asString())));
        }
        return mail.build();
    }

    static Optional<String> outcome(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, ApplyConversationPolicy.OUTCOME, String.class);
    }

    @Test
    void serviceShouldOpenAConversationWhenAnAuthenticatedProfessionalWritesToAPatient() throws Exception {
        String id = messageId();
        FakeMail mail = mail(MARTIN, MARTIN, MARTIN.asString(), List.of(PATIENT_1), id, Optional.empty());

        mailet.service(mail);

        assertThat(outcome(mail)).contains("opened");
        assertThat(store.findByMessage(MessageThreading.hash(id))).isPresent();
        assertThat(new IsRefusedByConversationPolicy().match(mail)).isEmpty();
    }

    @Test
    void serviceShouldAcceptThePatientReplyAndRecordItWhenItRepliesInTheConversation() throws Exception {
        String opening = messageId();
        mailet.service(mail(MARTIN, MARTIN, MARTIN.asString(), List.of(PATIENT_1), opening, Optional.empty()));
        String reply = messageId();
        FakeMail mail = mail(PATIENT_1, PATIENT_1, PATIENT_1.asString(), List.of(MARTIN), reply, Optional.of(opening));

        mailet.service(mail);

        assertThat(outcome(mail)).contains("continued");
        assertThat(store.findByMessage(MessageThreading.hash(reply))).isPresent();
    }

    @Test
    void serviceShouldRefuseAPatientWhoWritesAnotherFromHeaderToLookLikeAProfessional() throws Exception {
        FakeMail mail = mail(PATIENT_1, PATIENT_1, DURAND.asString(), List.of(MARTIN), messageId(), Optional.empty());

        mailet.service(mail);

        assertThat(outcome(mail)).contains("refused");
        assertThat(AttributeUtils.getValueAndCastFromMail(mail, ApplyConversationPolicy.REASON, String.class)).contains("no_conversation");
        assertThat(mail.getErrorMessage())
            .contains("Vous ne pouvez écrire qu'aux professionnels de santé qui vous ont écrit")
            .contains("You can only write to health professionals who wrote to you");
        assertThat(new IsRefusedByConversationPolicy().match(mail)).containsExactly(MARTIN);
    }

    @Test
    void serviceShouldRefuseAPatientMessageThatDidNotComeThroughSmtp() throws Exception {
        FakeMail mail = mail(null, PATIENT_2, PATIENT_2.asString(), List.of(MARTIN), messageId(), Optional.empty());

        mailet.service(mail);

        assertThat(outcome(mail)).contains("refused");
    }

    @Test
    void serviceShouldLeaveTheGatewaysOwnDsnAlone() throws Exception {
        FakeMail dsn = FakeMail.builder().name("dsn").recipient(PATIENT_1)
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Delivery Status Notification").setText("DSN"))
            .attribute(Mail.SENT_BY_MAILET_ATTRIBUTE)
            // DSNBounce copies the attributes of the refused mail into its DSN.
            .attribute(new Attribute(ApplyConversationPolicy.OUTCOME, AttributeValue.of("refused")))
            .build();

        mailet.service(dsn);

        assertThat(outcome(dsn)).isEmpty();
        assertThat(new IsRefusedByConversationPolicy().match(dsn)).isEmpty();
    }

    @Test
    void serviceShouldAddAMessageIdWhenAProfessionalMessageToAPatientHasNone() throws Exception {
        FakeMail mail = mail(MARTIN, MARTIN, MARTIN.asString(), List.of(PATIENT_1), null, Optional.empty());

        mailet.service(mail);

        MimeMessage message = mail.getMessage();
        assertThat(message.getHeader("Message-ID")).hasSize(1);
        assertThat(store.findByMessage(MessageThreading.hash(message.getHeader("Message-ID")[0]))).isPresent();
    }

    @Test
    void serviceShouldCountAndAuditEachDecisionWithoutPatientIdentifierInClear() throws Exception {
        String opening = messageId();
        mailet.service(mail(MARTIN, MARTIN, MARTIN.asString(), List.of(PATIENT_1), opening, Optional.empty()));
        mailet.service(mail(PATIENT_1, PATIENT_1, PATIENT_1.asString(), List.of(MARTIN, DURAND), messageId(), Optional.of(opening)));

        assertThat(meters.get(ConversationGate.METRIC).tag("outcome", "opened").counter().count()).isEqualTo(1);
        assertThat(meters.get(ConversationGate.METRIC).tag("outcome", "refused").tag("reason", "recipient_not_in_conversation")
            .tag("stage", "pipeline").counter().count()).isEqualTo(1);
        assertThat(audit).extracting(AuditEvent::outcome).containsExactly("opened", "refused");
        assertThat(audit.get(1).reason()).contains("recipient_not_in_conversation");
        assertThat(audit.get(1).actorRole()).isEqualTo("PATIENT");
        assertThat(audit.toString())
            .doesNotContain(PATIENT_1.getLocalPart())
            .doesNotContain(opening)
            .doesNotContain("Résultats")
            .contains("message:" + MessageThreading.hash(opening));
    }

    @Test
    void serviceShouldNotBeConcernedByMailBetweenProfessionals() throws Exception {
        FakeMail mail = mail(MARTIN, MARTIN, MARTIN.asString(), List.of(DURAND), messageId(), Optional.empty());

        mailet.service(mail);

        assertThat(outcome(mail)).isEmpty();
        assertThat(audit).isEmpty();
    }

    @Test
    void serviceShouldPropagateAStoreFailureSoThatTheMailGoesToTheErrorRepository() throws Exception {
        ConversationStore failing = new InMemoryConversationStore() {
            @Override
            public Optional<org.santegateway.conversation.Conversation> findByMessage(String messageHash) {
                throw new IllegalStateException("database down");
            }
        };
        ConversationGate gate = new ConversationGate(new ConversationPolicy(failing, ConversationLimits.DEFAULT, CLOCK), failing,
            new OutcomeRecorder(audit::add, meters, CLOCK), Hashes::sha256);
        ApplyConversationPolicy broken = new ApplyConversationPolicy(gate, new PolicyRequests(Fixtures.roles(), new Fixtures.MemoryPatientInitiatedMailboxes()));
        broken.init(FakeMailetConfig.builder().mailetName("ApplyConversationPolicy").build());

        assertThatThrownBy(() -> broken.service(mail(MARTIN, MARTIN, MARTIN.asString(), List.of(PATIENT_1), messageId(), Optional.empty())))
            .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void initShouldRejectUnknownParameters() {
        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("ApplyConversationPolicy")
            .setProperty("unknown", "value").build()))
            .isInstanceOf(MessagingException.class);
    }
}
