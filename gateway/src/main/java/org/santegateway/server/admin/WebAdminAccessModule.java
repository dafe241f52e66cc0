package org.santegateway.server.admin;

import java.time.Clock;

import javax.inject.Named;
import javax.inject.Singleton;

import org.apache.james.jwt.JwtTokenVerifier;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.apache.james.webadmin.authentication.JwtFilter;
import org.santegateway.audit.AuditLog;
import org.santegateway.audit.Pseudonyms;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.audit.AuditedAuthenticationFilter;
import org.santegateway.server.logging.LogMasking;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;

/**
 * WebAdmin's access control: every route behind the bearer token, health checks included
 * ({@link AuthenticatedWebAdminServer}); the token checked by James's {@link JwtFilter}, then its
 * lifetime ({@link TokenLifetimeFilter}); every request, accepted or refused, audited
 * ({@link AuditedAuthenticationFilter}). These replace root bindings of James's WebAdmin module:
 * install with {@code Modules.override} / {@code GuiceJamesServer.overrideWith}.
 */
public class WebAdminAccessModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(AuthenticatedWebAdminServer.class).in(Scopes.SINGLETON);
        bind(WebAdminServer.class).to(AuthenticatedWebAdminServer.class);
    }

    @Provides
    @Singleton
    WebAdminSettings settings(GatewayProperties properties) {
        return WebAdminSettings.from(properties);
    }

    @Provides
    @Singleton
    AuthenticationFilter authenticationFilter(@Named("webadmin") JwtTokenVerifier.Factory tokenVerifier, WebAdminSettings settings,
                                              AuditLog auditLog, Pseudonyms pseudonyms, @Named("auditKey") byte[] key, Clock clock) {
        AuthenticationFilter tokenCheck = new TokenLifetimeFilter(new JwtFilter(tokenVerifier), tokenVerifier.create(),
            settings.maxTokenLifetime(), clock);
        return new AuditedAuthenticationFilter(tokenCheck, auditLog, pseudonyms, new LogMasking(key), clock);
    }
}
