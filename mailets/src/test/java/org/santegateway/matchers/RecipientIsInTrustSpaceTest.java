package org.santegateway.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.santegateway.trust.TrustEntry;
import org.santegateway.trust.TrustList;

class RecipientIsInTrustSpaceTest {
    static final TrustList LIST = TrustList.builder().add(TrustEntry.of("operateur-b.fr", "CN=mss.operateur-b.fr,O=B,C=FR")).build();

    @Test
    void shouldMatchOnlyRecipientsOfListedDomainsCaseInsensitively() throws Exception {
        RecipientIsInTrustSpace matcher = new RecipientIsInTrustSpace(LIST);
        matcher.init(FakeMatcherConfig.builder().matcherName("RecipientIsInTrustSpace").build());
        FakeMail mail = FakeMail.builder().name("m").recipients("bob@Operateur-B.fr", "eve@elsewhere.example").build();

        assertThat(matcher.match(mail)).containsExactly(new MailAddress("bob@Operateur-B.fr"));
    }
}
