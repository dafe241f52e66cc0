package org.santegateway.server.audit;

import org.apache.james.mailbox.Authenticator;

import com.google.inject.AbstractModule;

/**
 * Audited authentication for IMAP (and the webmail); WebAdmin's is in
 * {@code admin.WebAdminAccessModule}. This replaces a root binding of James's modules: install
 * with {@code Modules.override} / {@code GuiceJamesServer.overrideWith}.
 */
public class AuditedAccessModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(Authenticator.class).to(AuditedAuthenticator.class);
    }
}
