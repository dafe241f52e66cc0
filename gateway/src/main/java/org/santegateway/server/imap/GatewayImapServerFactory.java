package org.santegateway.server.imap;

import javax.inject.Provider;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imapserver.netty.IMAPServer;
import org.apache.james.imapserver.netty.IMAPServerFactory;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;

import org.santegateway.login.PasswordLogins;

import io.micrometer.core.instrument.MeterRegistry;

/** Builds {@link GatewayImapServer}s from imapserver.xml. */
public class GatewayImapServerFactory extends IMAPServerFactory {
    private final MeterRegistry registry;
    private final PasswordLogins logins;
    private final OpenImapSessions sessions;

    public GatewayImapServerFactory(FileSystem fileSystem, Provider<ImapDecoder> decoder, Provider<ImapEncoder> encoder,
                                    Provider<ImapProcessor> processor, MetricFactory metricFactory, GaugeRegistry gaugeRegistry,
                                    MeterRegistry registry, PasswordLogins logins, OpenImapSessions sessions) {
        super(fileSystem, decoder, encoder, processor, metricFactory, gaugeRegistry);
        this.registry = registry;
        this.logins = logins;
        this.sessions = sessions;
    }

    @Override
    protected IMAPServer createServer() {
        return new GatewayImapServer(decoder.get(), encoder.get(), processor.get(), imapMetrics, gaugeRegistry, registry, logins, sessions);
    }
}
