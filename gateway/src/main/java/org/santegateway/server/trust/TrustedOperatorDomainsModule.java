package org.santegateway.server.trust;

import org.santegateway.conversation.TrustedOperatorDomains;
import org.santegateway.server.conversation.ConversationSettings;
import org.santegateway.trust.ReloadingTrustList;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * Overrides the conversation module's operator domains: a domain of the trust list in force, or
 * one of {@code trusted.operator.domains} (kept as local additions), is an operator domain whose
 * senders are professionals.
 */
public class TrustedOperatorDomainsModule extends AbstractModule {
    @Provides
    TrustedOperatorDomains provideTrustedOperatorDomains(ConversationSettings settings, ReloadingTrustList trustList) {
        TrustedOperatorDomains configured = settings.operatorDomains();
        return domain -> configured.isTrusted(domain) || trustList.isKnownDomain(domain.asString());
    }
}
