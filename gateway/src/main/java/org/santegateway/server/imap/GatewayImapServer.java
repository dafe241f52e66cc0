package org.santegateway.server.imap;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imapserver.netty.IMAPServer;
import org.apache.james.imapserver.netty.ImapMetrics;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.util.Size;
import org.santegateway.login.PasswordLogins;
import org.santegateway.server.ConnectionLimits;
import org.santegateway.server.ExtendedPipelines;
import org.santegateway.server.LiteralPeerAddresses;
import org.santegateway.server.logging.PeerFailureHandler;
import org.santegateway.server.logging.PeerFailures;
import org.santegateway.server.login.LockedOutClientHandler;

import com.github.fge.lambdas.Throwing;
import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableSet;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;

/**
 * James's IMAP server with {@link PreAuthenticationLiteralGuard}, {@link ClientAddressHandler},
 * {@link PeerFailureHandler}, {@link LockedOutClientHandler} and {@link OpenImapSessions} in each connection's pipeline, and
 * {@link ConnectionLimits} in place of James's connection limits (a {@code * BYE} rather than a silent close), and
 * {@link SpoolingImapRequestDecoder} and {@link TagKeepingLineFrameDecoder} in place of James's request decoder and
 * line framer (commands pipelined after a literal decoded in order, once each; a too long line answered by its tag).
 */
public class GatewayImapServer extends IMAPServer {
    private final PreAuthenticationLiteralGuard guard = new PreAuthenticationLiteralGuard(PreAuthenticationLiteralGuard.DEFAULT_LIMIT);
    private final ClientAddressHandler clientAddress = new ClientAddressHandler();
    private final MeterRegistry registry;
    private final PasswordLogins logins;
    private final OpenImapSessions sessions;
    private final ImapProcessor processor;
    private final ImapDecoder decoder;
    private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
    private int inMemorySizeLimit = Math.toIntExact(DEFAULT_IN_MEMORY_SIZE_LIMIT.asBytes());
    private int literalSizeLimit = DEFAULT_LITERAL_SIZE_LIMIT;
    private int connectionRatePerIP;

    public GatewayImapServer(ImapDecoder decoder, ImapEncoder encoder, ImapProcessor processor, ImapMetrics imapMetrics, GaugeRegistry gaugeRegistry,
                             MeterRegistry registry, PasswordLogins logins, OpenImapSessions sessions) {
        super(decoder, encoder, processor, imapMetrics, gaugeRegistry);
        this.registry = registry;
        this.logins = logins;
        this.sessions = sessions;
        this.processor = processor;
        this.decoder = decoder;
    }

    /**
     * James's configuration, and CONDSTORE (RFC 7162) when {@code <enableCondstore>true</enableCondstore>}: James
     * 3.8.1's IMAP server never reads a setting for it, so its processors are configured again with the same
     * settings and CONDSTORE on.
     */
    @Override
    public void doConfigure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
        super.doConfigure(configuration);
        // James's request decoder settings (private to IMAPServer), read as it reads them, for SpoolingImapRequestDecoder.
        maxLineLength = configuration.getInt("maxLineLength", DEFAULT_MAX_LINE_LENGTH);
        inMemorySizeLimit = Math.toIntExact(Optional.ofNullable(configuration.getString("inMemorySizeLimit", null))
            .map(Size::parse).orElse(DEFAULT_IN_MEMORY_SIZE_LIMIT).asBytes());
        literalSizeLimit = Optional.ofNullable(configuration.getString("literalSizeLimit", null))
            .map(Size::parse).map(Size::asBytes).map(Math::toIntExact).orElse(DEFAULT_LITERAL_SIZE_LIMIT);
        connectionRatePerIP = configuration.getInt(ConnectionLimits.RATE_PER_ADDRESS, 0);
        if (configuration.getBoolean("enableCondstore", false)) {
            processor.configure(withCondstore(configuration));
        }
    }

    /** As James's {@code IMAPServer.getImapConfiguration} (package-private), with CONDSTORE on. */
    static ImapConfiguration withCondstore(HierarchicalConfiguration<ImmutableNode> configuration) {
        return ImapConfiguration.builder()
            .enableIdle(configuration.getBoolean("enableIdle", ImapConfiguration.DEFAULT_ENABLE_IDLE))
            .idleTimeInterval(configuration.getLong("idleTimeInterval", ImapConfiguration.DEFAULT_HEARTBEAT_INTERVAL_IN_SECONDS))
            .idleTimeIntervalUnit(timeUnit(configuration.getString("idleTimeIntervalUnit", "SECONDS")))
            .disabledCaps(ImmutableSet.copyOf(Splitter.on('|').trimResults().omitEmptyStrings().split(configuration.getString("disabledCaps", ""))))
            .appendLimit(Optional.ofNullable(configuration.getString("literalSizeLimit", null))
                .map(Throwing.function(Size::parse)).map(Size::asBytes).map(Math::toIntExact).filter(limit -> limit > 0))
            .maxQueueSize(configuration.getInteger("maxQueueSize", ImapConfiguration.DEFAULT_QUEUE_SIZE))
            .concurrentRequests(configuration.getInteger("concurrentRequests", ImapConfiguration.DEFAULT_CONCURRENT_REQUESTS))
            .isProvisionDefaultMailboxes(configuration.getBoolean("provisionDefaultMailboxes", ImapConfiguration.DEFAULT_PROVISION_DEFAULT_MAILBOXES))
            .withCustomProperties(configuration.getProperties("customProperties"))
            .isCondstoreEnable(true)
            .build();
    }

    /** Connections known by their address, never looked up in reverse DNS on the I/O thread ({@link LiteralPeerAddresses}). */
    @Override
    protected void configureBootstrap(ServerBootstrap bootstrap) {
        super.configureBootstrap(bootstrap);
        LiteralPeerAddresses.install(bootstrap);
    }

    /** As James reads it: a unit it does not know is its default (James logs it when it reads the file). */
    private static TimeUnit timeUnit(String name) {
        try {
            return TimeUnit.valueOf(name);
        } catch (IllegalArgumentException e) {
            return ImapConfiguration.DEFAULT_HEARTBEAT_INTERVAL_UNIT;
        }
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    protected AbstractChannelPipelineFactory createPipelineFactory() {
        AbstractChannelPipelineFactory james = super.createPipelineFactory();
        PeerFailures failures = new PeerFailures(jmxName, registry);
        LockedOutClientHandler lockedOut = new LockedOutClientHandler(logins, registry, jmxName);
        // One per listener: it counts the listener's connections.
        Optional<ConnectionLimits> limits = ConnectionLimits.forListener(connectionLimit, connPerIP, connectionRatePerIP,
            "secure".equals(getSocketType()) ? Optional.empty() : Optional.of(ConnectionLimits.Replies.IMAP), jmxName, registry);
        return ExtendedPipelines.extend(james, getFrameHandlerFactory(), getExecutorGroup(), this::createCoreHandler, pipeline -> {
            limits.ifPresent(handler -> handler.install(pipeline));
            pipeline.replace(FRAMER, FRAMER, new TagKeepingLineFrameDecoder(pipeline, maxLineLength));
            pipeline.replace(REQUEST_DECODER, REQUEST_DECODER,
                new SpoolingImapRequestDecoder(decoder, inMemorySizeLimit, literalSizeLimit, maxLineLength));
            pipeline.addBefore(REQUEST_DECODER, PreAuthenticationLiteralGuard.NAME, guard);
            pipeline.addBefore(REQUEST_DECODER, ClientAddressHandler.NAME, clientAddress);
            PeerFailureHandler.install(pipeline, failures);
            lockedOut.install(pipeline);
            sessions.install(pipeline);
        });
    }
}
