package org.santegateway.server.audit;

import java.time.Clock;

import javax.inject.Named;
import javax.inject.Singleton;

import org.apache.james.jwt.JwtTokenVerifier;
import org.apache.james.mailbox.Authenticator;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.apache.james.webadmin.authentication.JwtFilter;
import org.santegateway.audit.AuditLog;
import org.santegateway.audit.Pseudonyms;
import org.santegateway.server.logging.LogMasking;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * Audited authentication for IMAP (and the webmail) and WebAdmin. These replace root bindings of
 * James's modules: install with {@code Modules.override} / {@code GuiceJamesServer.overrideWith}.
 */
public class AuditedAccessModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(Authenticator.class).to(AuditedAuthenticator.class);
    }

    @Provides
    @Singleton
    AuthenticationFilter authenticationFilter(@Named("webadmin") JwtTokenVerifier.Factory tokenVerifier, AuditLog auditLog,
                                              Pseudonyms pseudonyms, @Named("auditKey") byte[] key, Clock clock) {
        return new AuditedAuthenticationFilter(new JwtFilter(tokenVerifier), auditLog, pseudonyms, new LogMasking(key), clock);
    }
}
