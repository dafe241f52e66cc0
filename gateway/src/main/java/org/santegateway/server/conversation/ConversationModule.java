package org.santegateway.server.conversation;

import org.apache.james.domainlist.api.DomainList;
import org.apache.james.webadmin.Routes;
import org.santegateway.conversation.ConversationGate;
import org.santegateway.conversation.ConversationLimits;
import org.santegateway.conversation.ConversationPolicy;
import org.santegateway.conversation.ConversationStore;
import org.santegateway.conversation.LocalDomains;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.conversation.PatientInitiatedMailboxes;
import org.santegateway.conversation.PolicyRequests;
import org.santegateway.conversation.RoleResolver;
import org.santegateway.conversation.TrustedOperatorDomains;
import org.santegateway.server.settings.GatewayProperties;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;

/**
 * Patient conversations: the settings of {@code gateway.properties}, the JPA conversation store
 * and organisational-mailbox list, the policy services the mailet and SMTP hooks use, and the
 * WebAdmin route {@code /gateway/patient-initiated}.
 */
public class ConversationModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(JpaConversationStore.class).in(Scopes.SINGLETON);
        bind(ConversationStore.class).to(JpaConversationStore.class);
        bind(JpaPatientInitiatedMailboxes.class).in(Scopes.SINGLETON);
        bind(PatientInitiatedMailboxes.class).to(JpaPatientInitiatedMailboxes.class);
        bind(RoleResolver.class).in(Scopes.SINGLETON);
        bind(PolicyRequests.class).in(Scopes.SINGLETON);
        bind(ConversationPolicy.class).in(Scopes.SINGLETON);
        bind(ConversationGate.class).in(Scopes.SINGLETON);

        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(PatientInitiatedMailboxesRoutes.class);
    }

    @Provides
    @Singleton
    ConversationSettings provideSettings(GatewayProperties properties) {
        return ConversationSettings.from(properties);
    }

    @Provides
    PatientDomains providePatientDomains(ConversationSettings settings) {
        return settings.patientDomains();
    }

    @Provides
    TrustedOperatorDomains provideTrustedOperatorDomains(ConversationSettings settings) {
        return settings.operatorDomains();
    }

    @Provides
    ConversationLimits provideLimits(ConversationSettings settings) {
        return settings.limits();
    }

    @Provides
    @Singleton
    LocalDomains provideLocalDomains(DomainList domainList) {
        return LocalDomains.of(domainList);
    }
}
