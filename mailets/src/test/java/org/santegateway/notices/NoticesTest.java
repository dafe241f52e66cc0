package org.santegateway.notices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MaybeSender;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NoticesTest {
    static final String SENDER = "dr.martin@hopital.test";
    static final String RECIPIENT = "dr.durand@clinique.test";

    static MimeMessage message(String contentType) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setText("Texte");
        message.saveChanges();
        if (contentType != null) {
            message.setHeader("Content-Type", contentType);
        }
        return message;
    }

    static FakeMail mail(MaybeSender sender, MimeMessage message) throws MessagingException {
        return FakeMail.builder().name("mail").sender(sender).recipient(RECIPIENT).mimeMessage(message).build();
    }

    @Nested
    class IsNotice {
        @Test
        void nullSenderShouldMakeANoticeWhateverTheBody() throws Exception {
            assertThat(Notices.isNotice(mail(MaybeSender.nullSender(), message("text/plain")))).isTrue();
        }

        @Test
        void deliveryStatusReportShouldBeANoticeEvenWithASender() throws Exception {
            assertThat(Notices.isNotice(mail(MaybeSender.getMailSender(SENDER),
                message("multipart/report; report-type=delivery-status; boundary=\"b\"")))).isTrue();
        }

        @Test
        void dispositionNotificationShouldBeANoticeWhateverTheCaseOfItsType() throws Exception {
            assertThat(Notices.isNotice(mail(MaybeSender.getMailSender(SENDER),
                message(" Multipart/Report; report-type=disposition-notification; boundary=\"b\"")))).isTrue();
        }

        @Test
        void ordinaryMessageShouldNotBeANotice() throws Exception {
            assertThat(Notices.isNotice(mail(MaybeSender.getMailSender(SENDER), message("multipart/mixed; boundary=\"b\"")))).isFalse();
        }

        @Test
        void messageWithoutContentTypeShouldNotBeANotice() throws Exception {
            MimeMessage message = message(null);
            message.removeHeader("Content-Type");
            assertThat(Notices.isNotice(mail(MaybeSender.getMailSender(SENDER), message))).isFalse();
        }

        @Test
        void mailWithoutMessageShouldBeDecidedByItsEnvelope() throws Exception {
            assertThat(Notices.isNotice(FakeMail.builder().name("mail").sender(SENDER).recipient(RECIPIENT).build())).isFalse();
            assertThat(Notices.isNotice(FakeMail.builder().name("mail").sender(MaybeSender.nullSender()).recipient(RECIPIENT).build()))
                .isTrue();
        }
    }

    @Nested
    class IsGatewayNotice {
        @Test
        void nullSenderMailSentByAMailetShouldBeAGatewayNotice() throws Exception {
            FakeMail mail = mail(MaybeSender.nullSender(), message("text/plain"));
            mail.setAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE);
            assertThat(Notices.isGatewayNotice(mail)).isTrue();
        }

        @Test
        void nullSenderMailFromOutsideShouldNotBeAGatewayNotice() throws Exception {
            assertThat(Notices.isGatewayNotice(mail(MaybeSender.nullSender(), message("text/plain")))).isFalse();
        }

        @Test
        void reportWithASenderShouldNotBeAGatewayNotice() throws Exception {
            FakeMail mail = mail(MaybeSender.getMailSender(SENDER), message("multipart/report; report-type=delivery-status; boundary=\"b\""));
            mail.setAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE);
            assertThat(Notices.isGatewayNotice(mail)).isFalse();
        }
    }
}
