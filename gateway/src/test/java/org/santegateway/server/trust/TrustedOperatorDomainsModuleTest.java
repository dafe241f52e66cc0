package org.santegateway.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.Test;
import org.santegateway.conversation.ConversationLimits;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.conversation.TrustedOperatorDomains;
import org.santegateway.server.conversation.ConversationSettings;
import org.santegateway.trust.ReloadingTrustList;
import org.santegateway.trust.TrustListConfiguration;

/** The conversation rules' operator domains: the trust list in force plus {@code trusted.operator.domains}. */
class TrustedOperatorDomainsModuleTest {
    @Test
    void domainsOfTheListAndOfTheSettingShouldBeOperatorDomains() throws Exception {
        ReloadingTrustList list = ReloadingTrustList.load(TrustListConfiguration.of(Path.of("..", "config", "liste-blanche-mssante.xml")),
            Clock.systemUTC());
        ConversationSettings settings = new ConversationSettings(new PatientDomains(Set.of()), Set.of(Domain.of("partner.example.fr")),
            ConversationLimits.DEFAULT);

        TrustedOperatorDomains domains = new TrustedOperatorDomainsModule().provideTrustedOperatorDomains(settings, list);

        assertThat(domains.isTrusted(Domain.of("adsea29.mssante.fr"))).isTrue();
        assertThat(domains.isTrusted(Domain.of("partner.example.fr"))).isTrue();
        assertThat(domains.isTrusted(Domain.of("elsewhere.example"))).isFalse();
    }
}
