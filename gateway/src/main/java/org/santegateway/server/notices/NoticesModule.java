package org.santegateway.server.notices;

import javax.inject.Singleton;

import org.apache.james.mailetcontainer.impl.JamesMailetContext;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.trust.TrustSettings;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;

/** Overrides James's mailet context with {@link GatewayMailetContext}: notices from the configured postmaster. */
public class NoticesModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(GatewayMailetContext.class).in(Scopes.SINGLETON);
        bind(JamesMailetContext.class).to(GatewayMailetContext.class);
    }

    @Provides
    @Singleton
    NoticeSettings provideSettings(GatewayProperties properties, TrustSettings trust) {
        return NoticeSettings.from(properties, trust);
    }
}
