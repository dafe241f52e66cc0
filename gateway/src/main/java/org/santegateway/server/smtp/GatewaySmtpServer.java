package org.santegateway.server.smtp;

import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SmtpMetrics;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;

/** James's SMTP server with {@link DataLineLengthHandler} in each connection's pipeline. */
public class GatewaySmtpServer extends SMTPServer {
    private final DataLineLengthHandler dataLineLength = new DataLineLengthHandler();

    public GatewaySmtpServer(SmtpMetrics smtpMetrics) {
        super(smtpMetrics);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    protected AbstractChannelPipelineFactory createPipelineFactory() {
        AbstractChannelPipelineFactory james = super.createPipelineFactory();
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
                channel.pipeline().addBefore(HandlerConstants.CORE_HANDLER, DataLineLengthHandler.NAME, dataLineLength);
            }
        };
    }
}
