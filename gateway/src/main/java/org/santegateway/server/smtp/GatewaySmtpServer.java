package org.santegateway.server.smtp;

import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SmtpMetrics;
import org.santegateway.server.logging.PeerFailureHandler;
import org.santegateway.server.logging.PeerFailures;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;

/**
 * James's SMTP server with {@link PeerFailureHandler} and {@link DataLineLengthHandler} in each
 * connection's pipeline.
 */
public class GatewaySmtpServer extends SMTPServer {
    private final MeterRegistry registry;
    private final DataLineLengthHandler dataLineLength = new DataLineLengthHandler();

    public GatewaySmtpServer(SmtpMetrics smtpMetrics, MeterRegistry registry) {
        super(smtpMetrics);
        this.registry = registry;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    protected AbstractChannelPipelineFactory createPipelineFactory() {
        AbstractChannelPipelineFactory james = super.createPipelineFactory();
        PeerFailures failures = new PeerFailures(jmxName, registry);
        return new AbstractChannelPipelineFactory<SocketChannel>(getFrameHandlerFactory(), getExecutorGroup()) {
            @Override
            protected ChannelInboundHandlerAdapter createHandler() {
                return createCoreHandler();
            }

            @Override
            protected void initChannel(SocketChannel channel) {
                // James's initializer runs (and removes itself) as soon as it is added to the
                // registered channel; its core handler is then in place.
                channel.pipeline().addLast(james);
                PeerFailureHandler.install(channel.pipeline(), failures);
                channel.pipeline().addBefore(HandlerConstants.CORE_HANDLER, DataLineLengthHandler.NAME, dataLineLength);
            }
        };
    }
}
