package org.santegateway.server.login;

import javax.inject.Singleton;

import org.santegateway.login.PasswordLogins;
import org.santegateway.server.settings.GatewayProperties;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/** Password logins of SMTP and IMAP: {@link MailLoginGuard}, set by {@link MailLoginSettings}. */
public class MailLoginModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(PasswordLogins.class).to(MailLoginGuard.class);
    }

    @Provides
    @Singleton
    MailLoginSettings provideSettings(GatewayProperties properties) {
        return MailLoginSettings.from(properties);
    }
}
