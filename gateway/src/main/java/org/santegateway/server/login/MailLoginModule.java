package org.santegateway.server.login;

import java.io.FileNotFoundException;

import javax.inject.Singleton;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.santegateway.login.PasswordLogins;

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
    MailLoginSettings provideSettings(PropertiesProvider propertiesProvider) throws ConfigurationException {
        try {
            return MailLoginSettings.from(propertiesProvider.getConfiguration("gateway"));
        } catch (FileNotFoundException e) {
            return MailLoginSettings.from(new BaseConfiguration());
        }
    }
}
