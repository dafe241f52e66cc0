package org.santegateway.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import java.util.ArrayList;
import java.util.List;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.builder.MimeMessageBuilder;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.conversation.MessageThreading;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class CountMessagesTest {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    MutableClock clock = new MutableClock();
    List<AuditEvent> audit = new ArrayList<>();

    CountMessages mailet(String direction, String outcome, String reason) throws MessagingException {
        CountMessages mailet = new CountMessages(meters, new OutcomeRecorder(audit::add, meters, clock), identifier -> "pseudo(" + identifier.length() + ")", clock);
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("CountMessages")
            .setProperty("direction", direction)
            .setProperty("outcome", outcome);
        if (reason != null) {
            config.setProperty("reason", reason);
        }
        mailet.init(config.build());
        return mailet;
    }

    double count(String channel, String outcome, String reason) {
        return meters.get(CountMessages.MESSAGES).tag("channel", channel).tag("outcome", outcome).tag("reason", reason)
            .counter().count();
    }

    @Test
    void countsByChannelFromWhatTheSessionLeftOnTheMail() throws Exception {
        CountMessages accepted = mailet("in", "accepted", null);
        accepted.service(FakeMail.builder().name("a").attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("dr@example.org"))).build());
        accepted.service(FakeMail.builder().name("b").attribute(new Attribute(Mail.SMTP_SESSION_ID, AttributeValue.of("s1"))).build());
        accepted.service(FakeMail.builder().name("c").attribute(Mail.SENT_BY_MAILET_ATTRIBUTE)
            .attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("dr@example.org"))).build());
        accepted.service(FakeMail.builder().name("d").attribute(new Attribute(CountMessages.CHANNEL, AttributeValue.of("webmail"))).build());
        accepted.service(FakeMail.builder().name("e").attribute(new Attribute(CountMessages.CHANNEL, AttributeValue.of("made-up"))).build());

        assertThat(count("submission", "accepted", "none")).isEqualTo(1);
        assertThat(count("operators", "accepted", "none")).isEqualTo(1);
        assertThat(count("gateway", "accepted", "none")).isEqualTo(1);
        assertThat(count("webmail", "accepted", "none")).isEqualTo(1);
        // A channel nobody declared is not a label.
        assertThat(count("other", "accepted", "none")).isEqualTo(1);
    }

    @Test
    void recordsTheTimeFromArrivalToDelivery() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").build();
        mailet("in", "accepted", null).service(mail);
        clock.advance(1500);
        mailet("out", "delivered", null).service(mail);

        Timer latency = meters.get(CountMessages.LATENCY).tag("outcome", "delivered").timer();
        assertThat(latency.count()).isEqualTo(1);
        assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1500);
        assertThat(count("other", "delivered", "none")).isEqualTo(1);
    }

    @Test
    void aDerivedMailIsStampedAgainWhenItEntersThePipeline() throws Exception {
        FakeMail bounce = FakeMail.builder().name("dsn")
            .attribute(new Attribute(CountMessages.ARRIVAL, AttributeValue.of(0L))).build();
        clock.advance(10_000);
        mailet("in", "accepted", null).service(bounce);
        clock.advance(20);
        mailet("out", "delivered", null).service(bounce);

        assertThat(meters.get(CountMessages.LATENCY).timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(20);
    }

    @Test
    void aRefusalCarriesItsReasonCode() throws Exception {
        mailet("in", "refused", "conversation_policy").service(FakeMail.builder().name("r").build());

        assertThat(count("other", "refused", "conversation_policy")).isEqualTo(1);
    }

    @Test
    void eachDecisionIsAnAuditEventWithoutAddressOrSubject() throws Exception {
        MimeMessage message = MimeMessageBuilder.mimeMessageBuilder().setSubject("Compte rendu confidentiel")
            .addHeader("Message-ID", "<abc@hopital.test>").setText("Corps").build();
        FakeMail mail = FakeMail.builder().name("mail-1").sender("dr.martin@hopital.test").recipient("185057800608436@patient.mssante.fr")
            .mimeMessage(message).attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("dr.martin@hopital.test"))).build();

        mailet("in", "accepted", null).service(mail);
        mailet("in", "refused", "conversation_policy").service(mail);

        assertThat(audit).extracting(event -> event.action() + "/" + event.outcome() + "/" + event.reason().orElse("-"))
            .containsExactly("message.in/accepted/-", "message.in/refused/conversation_policy");
        assertThat(audit.get(0).actorRole()).isEqualTo("SUBMISSION");
        assertThat(audit.get(0).actorId()).isEqualTo("pseudo(22)");
        assertThat(audit.get(0).objectIds()).containsExactly("message:" + MessageThreading.hash("<abc@hopital.test>"), "mail:mail-1");
        assertThat(audit.toString()).doesNotContain("dr.martin", "185057800608436", "Compte rendu");
    }

    @Test
    void aMistakeInTheConfigurationIsReportedAtStart() {
        assertThatThrownBy(() -> mailet("sideways", "accepted", null))
            .isInstanceOf(MessagingException.class).hasMessageContaining("<direction>");
        assertThatThrownBy(() -> mailet("in", "lost", null))
            .isInstanceOf(MessagingException.class).hasMessageContaining("<outcome>");
        assertThatThrownBy(() -> mailet("in", "refused", "Free text with spaces"))
            .isInstanceOf(MessagingException.class).hasMessageContaining("<reason>");
    }

    static final class MutableClock extends Clock {
        private long millis = Instant.parse("2026-11-23T08:00:00Z").toEpochMilli();

        void advance(long delta) {
            millis += delta;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
