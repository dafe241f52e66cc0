package org.santegateway.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.santegateway.conversation.Fixtures.MARTIN;
import static org.santegateway.conversation.Fixtures.OUTSIDER;
import static org.santegateway.conversation.Fixtures.PATIENT_1;

import java.util.Optional;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.santegateway.conversation.Fixtures;
import org.santegateway.conversation.MessageThreading;
import org.santegateway.conversation.Role;
import org.santegateway.conversation.SenderIdentity;

class MessageFactsTest {
    static MimeMessage message(String messageId) throws Exception {
        MimeMessageBuilder builder = MimeMessageBuilder.mimeMessageBuilder().addFrom(MARTIN.asString()).setSubject("s").setText("t");
        if (messageId != null) {
            builder.addHeader("Message-ID", messageId);
        }
        return builder.build();
    }

    static FakeMail.Builder mail(MailAddress envelope) throws Exception {
        return FakeMail.builder().name("mail-1").sender(envelope).recipient(PATIENT_1).mimeMessage(message("<m1@hopital.test>"));
    }

    static Attribute authenticatedAs(MailAddress user) {
        return new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of(user.asString()));
    }

    static Optional<String> stored(Mail mail, org.apache.mailet.AttributeName name) {
        return AttributeUtils.getValueAndCastFromMail(mail, name, String.class);
    }

    @Nested
    class Sender {
        @Test
        void senderShouldBeTheAuthenticatedUserWhateverTheEnvelopeAndTheFromHeader() throws Exception {
            FakeMail mail = mail(OUTSIDER).attribute(authenticatedAs(MARTIN)).build();

            MessageFacts.Sender sender = MessageFacts.sender(mail, Fixtures.roles());

            assertThat(sender.identity()).isEqualTo(new SenderIdentity(Optional.of(MARTIN), MaybeSender.of(OUTSIDER), false));
            assertThat(sender.role()).isEqualTo(Role.PROFESSIONAL);
        }

        @Test
        void roleShouldBeStoredOnTheMailAsAStringAttribute() throws Exception {
            FakeMail mail = mail(MARTIN).attribute(authenticatedAs(MARTIN)).build();

            MessageFacts.sender(mail, Fixtures.roles());

            assertThat(stored(mail, MessageFacts.SENDER_ROLE)).contains("PROFESSIONAL");
            assertThat(stored(mail, MessageFacts.SENDER_IDENTITY)).isPresent();
        }

        @Test
        void roleShouldBeDecidedOnceForTheSameIdentity() throws Exception {
            FakeMail mail = mail(MARTIN).attribute(authenticatedAs(MARTIN)).build();
            MessageFacts.sender(mail, Fixtures.roles());
            // What a later reader finds: the stored decision, not a new one.
            mail.setAttribute(new Attribute(MessageFacts.SENDER_ROLE, AttributeValue.of("GATEWAY")));

            assertThat(MessageFacts.sender(mail, Fixtures.roles()).role()).isEqualTo(Role.GATEWAY);
        }

        @Test
        void storedRoleShouldBeIgnoredWhenItWasDecidedForAnotherIdentity() throws Exception {
            FakeMail mail = mail(OUTSIDER).build();
            mail.setAttribute(new Attribute(MessageFacts.SENDER_ROLE, AttributeValue.of("PROFESSIONAL")));
            mail.setAttribute(new Attribute(MessageFacts.SENDER_IDENTITY, AttributeValue.of("forged")));

            assertThat(MessageFacts.sender(mail, Fixtures.roles()).role()).isEqualTo(Role.OUTSIDE);
            assertThat(stored(mail, MessageFacts.SENDER_ROLE)).contains("OUTSIDE");
        }

        @Test
        void aNoticeCopyingTheAttributesOfAProfessionalsMailShouldGetItsOwnRole() throws Exception {
            FakeMail original = mail(MARTIN).attribute(authenticatedAs(MARTIN)).build();
            MessageFacts.sender(original, Fixtures.roles());
            FakeMail notice = FakeMail.builder().name("notice").sender(MaybeSender.nullSender()).recipient(MARTIN)
                .mimeMessage(message(null)).attributes(original.attributes().toList()).build();
            notice.removeAttribute(Mail.SMTP_AUTH_USER);
            notice.setAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE);

            assertThat(MessageFacts.sender(notice, Fixtures.roles()).role()).isEqualTo(Role.GATEWAY);
        }

        @Test
        void anUnparseableAuthenticatedUserShouldLeaveTheEnvelopeToDecide() throws Exception {
            FakeMail mail = mail(PATIENT_1).attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("no-domain"))).build();

            MessageFacts.Sender sender = MessageFacts.sender(mail, Fixtures.roles());

            assertThat(sender.identity().authenticated()).isEmpty();
            assertThat(sender.role()).isEqualTo(Role.PATIENT);
        }
    }

    @Nested
    class MessageIdHash {
        @Test
        void hashShouldBeTheOneOfTheConversationRecords() throws Exception {
            FakeMail mail = mail(MARTIN).build();

            assertThat(MessageFacts.messageIdHash(mail)).isEqualTo(MessageThreading.hash("<m1@hopital.test>"));
            assertThat(stored(mail, MessageFacts.MESSAGE_ID_HASH)).contains(MessageThreading.hash("<m1@hopital.test>"));
        }

        @Test
        void hashShouldBeTheOneOfTheMailNameWithoutMessageId() throws Exception {
            FakeMail mail = mail(MARTIN).mimeMessage(message(null)).build();
            mail.getMessage().removeHeader("Message-ID");

            assertThat(MessageFacts.messageIdHash(mail)).isEqualTo(MessageThreading.hash("mail-1"));
        }

        @Test
        void hashShouldFollowTheMessageWhenAStepReplacesIt() throws Exception {
            FakeMail mail = mail(MARTIN).build();
            MessageFacts.messageIdHash(mail);

            mail.setMessage(message("<inner@hopital.test>"));

            assertThat(MessageFacts.messageIdHash(mail)).isEqualTo(MessageThreading.hash("<inner@hopital.test>"));
        }

        @Test
        void storedHashShouldBeReusedWhileTheMessageIdIsUnchanged() throws Exception {
            FakeMail mail = mail(MARTIN).build();
            MessageFacts.messageIdHash(mail);
            mail.setAttribute(new Attribute(MessageFacts.MESSAGE_ID_HASH, AttributeValue.of("stored")));

            assertThat(MessageFacts.messageIdHash(mail)).isEqualTo("stored");
        }
    }

    @Nested
    class Decide {
        @Test
        void decideShouldReplaceFactsAMailCarriesFromBefore() throws Exception {
            FakeMail mail = mail(OUTSIDER).build();
            MessageFacts.sender(mail, Fixtures.roles());
            mail.setAttribute(new Attribute(MessageFacts.SENDER_ROLE, AttributeValue.of("PROFESSIONAL")));
            DecideMessageFacts decide = new DecideMessageFacts(Fixtures.roles());
            decide.init(FakeMailetConfig.builder().mailetName("DecideMessageFacts").build());

            decide.service(mail);

            assertThat(stored(mail, MessageFacts.SENDER_ROLE)).contains("OUTSIDE");
        }

        @Test
        void decideShouldKeepTheHashedMessageIdComputedBefore() throws Exception {
            FakeMail mail = mail(MARTIN).build();
            String hash = MessageFacts.messageIdHash(mail);
            DecideMessageFacts decide = new DecideMessageFacts(Fixtures.roles());
            decide.init(FakeMailetConfig.builder().mailetName("DecideMessageFacts").build());

            decide.service(mail);

            assertThat(stored(mail, MessageFacts.MESSAGE_ID_HASH)).contains(hash);
        }

        @Test
        void decideShouldRefuseUnknownParameters() {
            DecideMessageFacts decide = new DecideMessageFacts(Fixtures.roles());

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> decide.init(FakeMailetConfig.builder()
                .mailetName("DecideMessageFacts").setProperty("role", "PROFESSIONAL").build()))
                .isInstanceOf(javax.mail.MessagingException.class);
        }
    }
}
