package org.santegateway.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IsNoticeTest {
    static final String RECIPIENT = "dr.durand@clinique.test";

    IsNotice matcher;

    @BeforeEach
    void setUp() throws Exception {
        matcher = new IsNotice();
        matcher.init(FakeMatcherConfig.builder().matcherName("IsNotice").build());
    }

    static MimeMessage message(String contentType) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setText("Texte");
        message.saveChanges();
        message.setHeader("Content-Type", contentType);
        return message;
    }

    @Test
    void bounceOfANoticeShouldMatchEveryRecipient() throws Exception {
        FakeMail dsn = FakeMail.builder().name("dsn").sender(MaybeSender.nullSender()).recipients(RECIPIENT, "dr.petit@clinique.test")
            .mimeMessage(message("multipart/report; report-type=delivery-status; boundary=\"b\"")).build();

        assertThat(matcher.match(dsn)).containsExactlyInAnyOrder(new MailAddress(RECIPIENT), new MailAddress("dr.petit@clinique.test"));
    }

    @Test
    void mdnSentByAUserShouldMatch() throws Exception {
        FakeMail mdn = FakeMail.builder().name("mdn").sender("dr.martin@hopital.test").recipient(RECIPIENT)
            .mimeMessage(message("multipart/report; report-type=disposition-notification; boundary=\"b\"")).build();

        assertThat(matcher.match(mdn)).containsExactly(new MailAddress(RECIPIENT));
    }

    @Test
    void ordinaryMessageShouldNotMatch() throws Exception {
        FakeMail mail = FakeMail.builder().name("mail").sender("dr.martin@hopital.test").recipient(RECIPIENT)
            .mimeMessage(message("text/plain; charset=UTF-8")).build();

        assertThat(matcher.match(mail)).isEmpty();
    }
}
