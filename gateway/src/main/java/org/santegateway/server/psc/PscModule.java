package org.santegateway.server.psc;

import javax.inject.Singleton;

import org.apache.james.webadmin.Routes;
import org.santegateway.login.TokenLogins;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.settings.GatewayProperties;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;

/**
 * Pro Santé Connect sign-in: {@link PscTokenLogins} for the SASL XOAUTH2 / OAUTHBEARER mechanisms of
 * IMAP and SMTP, the bindings of national identifiers to mailboxes ({@link PscBindings}) and their
 * WebAdmin route {@code /gateway/psc/bindings}, set by {@link PscSettings}.
 */
public class PscModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(PscBindings.class).in(Scopes.SINGLETON);
        bind(PscTokenLogins.class).in(Scopes.SINGLETON);
        bind(TokenLogins.class).to(PscTokenLogins.class);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(PscBindingRoutes.class);
    }

    @Provides
    @Singleton
    PscSettings provideSettings(GatewayProperties properties, GatewaySettings settings) {
        return PscSettings.from(properties, settings.configDirectory());
    }
}
