package org.santegateway.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.santegateway.notices.PersonalNotice;

class IsPersonalNoticeTest {
    static final String PERSONAL = "jeanne@perso.example";

    IsPersonalNotice matcher;

    @BeforeEach
    void setUp() throws Exception {
        matcher = new IsPersonalNotice();
        MailetContext context = Mockito.mock(MailetContext.class);
        Mockito.when(context.isLocalServer(Mockito.any(Domain.class))).thenAnswer(call -> call.<Domain>getArgument(0).asString().equals("hopital.test"));
        matcher.init(FakeMatcherConfig.builder().matcherName("IsPersonalNotice").mailetContext(context).build());
    }

    static FakeMail.Builder notice(String... recipients) throws Exception {
        return FakeMail.builder().name("notice").sender("ne-pas-repondre@hopital.test").recipients(recipients)
            .attribute(new Attribute(PersonalNotice.ATTRIBUTE, AttributeValue.of("new-message")));
    }

    @Test
    void aNoticeOfTheGatewayToOneOutsideAddressShouldMatch() throws Exception {
        Mail mail = notice(PERSONAL).attribute(Mail.SENT_BY_MAILET_ATTRIBUTE).build();

        assertThat(matcher.match(mail)).containsExactly(new MailAddress(PERSONAL));
    }

    @Test
    void mailWithoutTheAttributeShouldNotMatchWhateverItLooksLike() throws Exception {
        Mail mail = FakeMail.builder().name("lookalike").sender("ne-pas-repondre@hopital.test").recipient(PERSONAL)
            .attribute(Mail.SENT_BY_MAILET_ATTRIBUTE).build();

        assertThat(matcher.match(mail)).isEmpty();
    }

    @Test
    void theAttributeWithoutTheGatewayAsSenderOrWithSeveralRecipientsShouldNotMatch() throws Exception {
        assertThat(matcher.match(notice(PERSONAL).build())).isEmpty();
        assertThat(matcher.match(notice(PERSONAL, "autre@perso.example").attribute(Mail.SENT_BY_MAILET_ATTRIBUTE).build())).isEmpty();
    }

    @Test
    void aPersonalAddressOnADomainOfThisGatewayShouldGoTheUsualWay() throws Exception {
        assertThat(matcher.match(notice("jeanne@hopital.test").attribute(Mail.SENT_BY_MAILET_ATTRIBUTE).build())).isEmpty();
    }
}
