package org.santegateway.server.imap;

import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imapserver.netty.IMAPServer;
import org.apache.james.imapserver.netty.ImapMetrics;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.santegateway.login.PasswordLogins;
import org.santegateway.server.ExtendedPipelines;
import org.santegateway.server.logging.PeerFailureHandler;
import org.santegateway.server.logging.PeerFailures;
import org.santegateway.server.login.LockedOutClientHandler;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * James's IMAP server with {@link PreAuthenticationLiteralGuard}, {@link ClientAddressHandler},
 * {@link PeerFailureHandler} and {@link LockedOutClientHandler} in each connection's pipeline.
 */
public class GatewayImapServer extends IMAPServer {
    private final PreAuthenticationLiteralGuard guard = new PreAuthenticationLiteralGuard(PreAuthenticationLiteralGuard.DEFAULT_LIMIT);
    private final ClientAddressHandler clientAddress = new ClientAddressHandler();
    private final MeterRegistry registry;
    private final PasswordLogins logins;

    public GatewayImapServer(ImapDecoder decoder, ImapEncoder encoder, ImapProcessor processor, ImapMetrics imapMetrics, GaugeRegistry gaugeRegistry,
                             MeterRegistry registry, PasswordLogins logins) {
        super(decoder, encoder, processor, imapMetrics, gaugeRegistry);
        this.registry = registry;
        this.logins = logins;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    protected AbstractChannelPipelineFactory createPipelineFactory() {
        AbstractChannelPipelineFactory james = super.createPipelineFactory();
        PeerFailures failures = new PeerFailures(jmxName, registry);
        LockedOutClientHandler lockedOut = new LockedOutClientHandler(logins, registry, jmxName);
        return ExtendedPipelines.extend(james, getFrameHandlerFactory(), getExecutorGroup(), this::createCoreHandler, pipeline -> {
            pipeline.addBefore(REQUEST_DECODER, PreAuthenticationLiteralGuard.NAME, guard);
            pipeline.addBefore(REQUEST_DECODER, ClientAddressHandler.NAME, clientAddress);
            PeerFailureHandler.install(pipeline, failures);
            lockedOut.install(pipeline);
        });
    }
}
