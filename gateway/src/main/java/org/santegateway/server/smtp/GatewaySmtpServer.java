package org.santegateway.server.smtp;

import java.util.Optional;

import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SmtpMetrics;
import org.apache.james.smtpserver.netty.SMTPServer.AuthenticationAnnounceMode;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.santegateway.login.PasswordLogins;
import org.santegateway.login.TokenLogins;
import org.santegateway.smtp.TokenAuthCmdHandler;
import org.santegateway.server.ConnectionLimits;
import org.santegateway.server.ExtendedPipelines;
import org.santegateway.server.LiteralPeerAddresses;
import org.santegateway.server.logging.PeerFailureHandler;
import org.santegateway.server.login.LockedOutClientHandler;
import org.santegateway.server.logging.PeerFailures;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;

/**
 * James's SMTP server with {@link PeerFailureHandler} and {@link DataLineLengthHandler} in each
 * connection's pipeline, {@link ConnectionLimits} in place of James's connection limits (a 421
 * reply rather than a silent close), and {@link LockedOutClientHandler} on the listeners where users
 * log in.
 */
public class GatewaySmtpServer extends SMTPServer {
    private final MeterRegistry registry;
    private final DataLineLengthHandler dataLineLength = new DataLineLengthHandler();

    private final PasswordLogins logins;
    private final TokenLogins tokens;
    private int connectionRatePerIP;

    public GatewaySmtpServer(SmtpMetrics smtpMetrics, MeterRegistry registry, PasswordLogins logins, TokenLogins tokens) {
        super(smtpMetrics);
        this.registry = registry;
        this.logins = logins;
        this.tokens = tokens;
    }

    /**
     * James's AUTH handler writes the EHLO line {@code AUTH ...}: it names XOAUTH2 and OAUTHBEARER
     * only when the listener has an {@code auth.oidc} configuration. On a listener whose handler
     * chain has {@link TokenAuthCmdHandler} (which answers those mechanisms before James's handler
     * is reached) and with token logins configured, such a configuration is added here, pointing
     * nowhere ({@value #UNUSED_URL}): it only makes James announce the mechanisms, with the same rule
     * as PLAIN (after TLS only, {@code auth.requireSSL}). James's own OIDC code never runs.
     */
    @Override
    public void doConfigure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
        if (tokens.enabled() && hasTokenHandler(configuration) && !configuration.getKeys("auth.oidc").hasNext()) {
            configuration.addProperty("auth.oidc.jwksURL", UNUSED_URL);
            configuration.addProperty("auth.oidc.claim", "unused");
            configuration.addProperty("auth.oidc.oidcConfigurationURL", UNUSED_URL);
            configuration.addProperty("auth.oidc.scope", tokens.scope());
        }
        super.doConfigure(configuration);
        connectionRatePerIP = configuration.getInt(ConnectionLimits.RATE_PER_ADDRESS, 0);
    }

    /** Connections known by their address, never looked up in reverse DNS on the I/O thread ({@link LiteralPeerAddresses}). */
    @Override
    protected void configureBootstrap(ServerBootstrap bootstrap) {
        super.configureBootstrap(bootstrap);
        LiteralPeerAddresses.install(bootstrap);
    }

    static final String UNUSED_URL = "https://never-used.invalid/";

    private static boolean hasTokenHandler(HierarchicalConfiguration<ImmutableNode> configuration) {
        return configuration.configurationsAt("handlerchain.handler").stream()
            .anyMatch(handler -> TokenAuthCmdHandler.class.getName().equals(handler.getString("[@class]", "")));
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    protected AbstractChannelPipelineFactory createPipelineFactory() {
        AbstractChannelPipelineFactory james = super.createPipelineFactory();
        PeerFailures failures = new PeerFailures(jmxName, registry);
        // Only where users log in: the operators' port announces no AUTH.
        Optional<LockedOutClientHandler> lockedOut = getAuthRequired() == AuthenticationAnnounceMode.NEVER
            ? Optional.empty()
            : Optional.of(new LockedOutClientHandler(logins, registry, jmxName));
        // One per listener: it counts the listener's connections.
        Optional<ConnectionLimits> limits = ConnectionLimits.forListener(connectionLimit, connPerIP, connectionRatePerIP,
            "secure".equals(getSocketType()) ? Optional.empty() : Optional.of(ConnectionLimits.Replies.SMTP), jmxName, registry);
        return ExtendedPipelines.extend(james, getFrameHandlerFactory(), getExecutorGroup(), this::createCoreHandler, pipeline -> {
            limits.ifPresent(handler -> handler.install(pipeline));
            PeerFailureHandler.install(pipeline, failures);
            pipeline.addBefore(HandlerConstants.CORE_HANDLER, DataLineLengthHandler.NAME, dataLineLength);
            lockedOut.ifPresent(handler -> handler.install(pipeline));
        });
    }
}
