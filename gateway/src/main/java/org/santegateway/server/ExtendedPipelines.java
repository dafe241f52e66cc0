package org.santegateway.server;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.protocols.netty.ChannelHandlerFactory;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * A James listener's channel pipeline with the gateway's own handlers added: James builds its
 * pipeline as it always does, then {@code additions} places ours by the names of James's handlers.
 */
public final class ExtendedPipelines {
    private ExtendedPipelines() {
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    public static AbstractChannelPipelineFactory extend(AbstractChannelPipelineFactory james, ChannelHandlerFactory frameHandlerFactory,
                                                        EventExecutorGroup executorGroup, Supplier<ChannelInboundHandlerAdapter> coreHandler,
                                                        Consumer<ChannelPipeline> additions) {
        return new AbstractChannelPipelineFactory<SocketChannel>(frameHandlerFactory, executorGroup) {
            @Override
            protected ChannelInboundHandlerAdapter createHandler() {
                return coreHandler.get();
            }

            @Override
            protected void initChannel(SocketChannel channel) {
                // James's initializer runs (and removes itself) as soon as it is added to the
                // registered channel; its handlers are then in place.
                channel.pipeline().addLast(james);
                additions.accept(channel.pipeline());
            }
        };
    }
}
