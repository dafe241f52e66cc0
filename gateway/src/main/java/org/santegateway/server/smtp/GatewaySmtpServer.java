package org.santegateway.server.smtp;

import java.util.Optional;

import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SmtpMetrics;
import org.apache.james.smtpserver.netty.SMTPServer.AuthenticationAnnounceMode;
import org.santegateway.login.PasswordLogins;
import org.santegateway.server.ExtendedPipelines;
import org.santegateway.server.logging.PeerFailureHandler;
import org.santegateway.server.login.LockedOutClientHandler;
import org.santegateway.server.logging.PeerFailures;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * James's SMTP server with {@link PeerFailureHandler} and {@link DataLineLengthHandler} in each
 * connection's pipeline, and {@link LockedOutClientHandler} on the listeners where users log in.
 */
public class GatewaySmtpServer extends SMTPServer {
    private final MeterRegistry registry;
    private final DataLineLengthHandler dataLineLength = new DataLineLengthHandler();

    private final PasswordLogins logins;

    public GatewaySmtpServer(SmtpMetrics smtpMetrics, MeterRegistry registry, PasswordLogins logins) {
        super(smtpMetrics);
        this.registry = registry;
        this.logins = logins;
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
        return ExtendedPipelines.extend(james, getFrameHandlerFactory(), getExecutorGroup(), this::createCoreHandler, pipeline -> {
            PeerFailureHandler.install(pipeline, failures);
            pipeline.addBefore(HandlerConstants.CORE_HANDLER, DataLineLengthHandler.NAME, dataLineLength);
            lockedOut.ifPresent(handler -> handler.install(pipeline));
        });
    }
}
