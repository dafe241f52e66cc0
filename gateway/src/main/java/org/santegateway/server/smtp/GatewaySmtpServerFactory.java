package org.santegateway.server.smtp;

import javax.inject.Inject;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.lib.handler.ProtocolHandlerLoader;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.santegateway.login.PasswordLogins;
import org.santegateway.login.TokenLogins;

import io.micrometer.core.instrument.MeterRegistry;

/** Builds {@link GatewaySmtpServer}s from smtpserver.xml. */
public class GatewaySmtpServerFactory extends SMTPServerFactory {
    private final MeterRegistry registry;
    private final PasswordLogins logins;
    private final TokenLogins tokens;

    @Inject
    public GatewaySmtpServerFactory(DNSService dns, ProtocolHandlerLoader loader, FileSystem fileSystem, MetricFactory metricFactory,
                                    MeterRegistry registry, PasswordLogins logins, TokenLogins tokens) {
        super(dns, loader, fileSystem, metricFactory);
        this.registry = registry;
        this.logins = logins;
        this.tokens = tokens;
    }

    @Override
    protected SMTPServer createServer() {
        return new GatewaySmtpServer(smtpMetrics, registry, logins, tokens);
    }
}
