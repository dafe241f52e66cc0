package org.santegateway.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.santegateway.smtp.OperatorSenderHook;

class CameFromOperatorTest {
    static final String RECIPIENT = "dr.bob@gateway-b.test";
    static final Attribute OPERATOR = new Attribute(OperatorSenderHook.OPERATOR, AttributeValue.of("CN=mx.gateway-a.test,C=FR"));

    CameFromOperator matcher;

    @BeforeEach
    void setUp() throws Exception {
        matcher = new CameFromOperator();
        matcher.init(FakeMatcherConfig.builder().matcherName("CameFromOperator").build());
    }

    @Test
    void mailReceivedFromAnOperatorShouldMatch() throws Exception {
        FakeMail mail = FakeMail.builder().name("mail").sender("dr.alice@gateway-a.test").recipient(RECIPIENT).attribute(OPERATOR).build();

        assertThat(matcher.match(mail)).containsExactly(new MailAddress(RECIPIENT));
    }

    @Test
    void noticeAboutAnOperatorsMailShouldNotMatchThoughItCopiedItsAttributes() throws Exception {
        // DSNBounce duplicates the attributes of the mail it answers, the operator's among them.
        FakeMail dsn = FakeMail.builder().name("dsn").sender(MaybeSender.nullSender()).recipient("dr.alice@gateway-a.test")
            .attribute(OPERATOR).attribute(Mail.SENT_BY_MAILET_ATTRIBUTE).build();

        assertThat(matcher.match(dsn)).isEmpty();
    }

    @Test
    void submittedMailShouldNotMatch() throws Exception {
        FakeMail mail = FakeMail.builder().name("mail").sender("dr.bob@gateway-b.test").recipient(RECIPIENT).build();

        assertThat(matcher.match(mail)).isEmpty();
    }
}
