package org.santegateway.server.login;

import javax.inject.Singleton;

import org.santegateway.login.CertificateLogins;
import org.santegateway.login.MailboxActivity;
import org.santegateway.login.PasswordLogins;
import org.santegateway.server.settings.GatewayProperties;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.OptionalBinder;

/** Password logins of SMTP and IMAP: {@link MailLoginGuard}, set by {@link MailLoginSettings}. */
public class MailLoginModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(PasswordLogins.class).to(MailLoginGuard.class);
        // The registry, when wired, records the logins its inactivity rules count from.
        OptionalBinder.newOptionalBinder(binder(), MailboxActivity.class).setDefault().toInstance(MailboxActivity.NONE);
        // The registry, when wired, signs application mailboxes in with their certificate.
        OptionalBinder.newOptionalBinder(binder(), CertificateLogins.class).setDefault().toInstance(CertificateLogins.NONE);
    }

    @Provides
    @Singleton
    MailLoginSettings provideSettings(GatewayProperties properties) {
        return MailLoginSettings.from(properties);
    }
}
