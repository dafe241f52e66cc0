package org.santegateway.server.imap;

import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imapserver.netty.IMAPServer;
import org.apache.james.imapserver.netty.ImapMetrics;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;

/**
 * James's IMAP server with {@link PreAuthenticationLiteralGuard} and {@link ClientAddressHandler} in
 * each connection's pipeline.
 */
public class GatewayImapServer extends IMAPServer {
    private final PreAuthenticationLiteralGuard guard = new PreAuthenticationLiteralGuard(PreAuthenticationLiteralGuard.DEFAULT_LIMIT);
    private final ClientAddressHandler clientAddress = new ClientAddressHandler();

    public GatewayImapServer(ImapDecoder decoder, ImapEncoder encoder, ImapProcessor processor, ImapMetrics imapMetrics, GaugeRegistry gaugeRegistry) {
        super(decoder, encoder, processor, imapMetrics, gaugeRegistry);
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
                // registered channel; its request decoder is then in place.
                channel.pipeline().addLast(james);
                channel.pipeline().addBefore(REQUEST_DECODER, PreAuthenticationLiteralGuard.NAME, guard);
                channel.pipeline().addBefore(REQUEST_DECODER, ClientAddressHandler.NAME, clientAddress);
            }
        };
    }
}
