package org.santegateway.server.smtp;

import org.apache.james.smtpserver.netty.SMTPServerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/** Overrides James's SMTP server factory with {@link GatewaySmtpServerFactory} (use with Modules.override). */
public class GatewaySmtpModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(GatewaySmtpServerFactory.class).in(Scopes.SINGLETON);
        bind(SMTPServerFactory.class).to(GatewaySmtpServerFactory.class);
    }
}
