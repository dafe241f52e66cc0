package org.santegateway.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;

class RecipientIsInactiveMailboxTest {
    @Test
    void shouldMatchOnlyTheRecipientsWhoseMailboxIsInactive() throws Exception {
        RecipientIsInactiveMailbox matcher = new RecipientIsInactiveMailbox(address -> address.startsWith("suspended"));
        matcher.init(FakeMatcherConfig.builder().matcherName("RecipientIsInactiveMailbox").build());
        FakeMail mail = FakeMail.builder().name("m").recipients("suspended@hopital.fr", "active@hopital.fr").build();

        assertThat(matcher.match(mail)).containsExactly(new MailAddress("suspended@hopital.fr"));
    }

    @Test
    void shouldMatchNothingWhenEveryMailboxIsActive() throws Exception {
        RecipientIsInactiveMailbox matcher = new RecipientIsInactiveMailbox(recipient -> false);
        matcher.init(FakeMatcherConfig.builder().matcherName("RecipientIsInactiveMailbox").build());

        assertThat(matcher.match(FakeMail.builder().name("m").recipients("a@hopital.fr").build())).isEmpty();
    }
}
