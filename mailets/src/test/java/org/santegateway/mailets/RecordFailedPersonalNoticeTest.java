package org.santegateway.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

class RecordFailedPersonalNoticeTest {
    final List<MailAddress> failed = new ArrayList<>();
    final FakeMailContext context = FakeMailContext.defaultContext();

    @Test
    void aRefusedNoticeShouldMarkItsAddressAndBeConsumedWithoutAnyBounce() throws Exception {
        RecordFailedPersonalNotice mailet = new RecordFailedPersonalNotice(failed::add);
        mailet.init(FakeMailetConfig.builder().mailetName("RecordFailedPersonalNotice").mailetContext(context).build());
        Mail bounce = FakeMail.builder().name("personal-notice-1").sender("ne-pas-repondre@hopital.test").recipient("jeanne@perso.example").build();

        mailet.service(bounce);

        assertThat(failed).containsExactly(new MailAddress("jeanne@perso.example"));
        assertThat(bounce.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).isEmpty();
        assertThat(context.getBouncedMails()).isEmpty();
    }

    @Test
    void anUnknownParameterShouldStopTheStart() {
        RecordFailedPersonalNotice mailet = new RecordFailedPersonalNotice(failed::add);

        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("RecordFailedPersonalNotice").setProperty("notify", "true").build()))
            .hasMessageContaining("notify");
    }
}
