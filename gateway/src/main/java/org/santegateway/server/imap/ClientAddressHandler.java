package org.santegateway.server.imap;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imapserver.netty.NettyConstants;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Puts the client's address into the IMAP session, where James 3.8.1 does not keep it, so that
 * login protection can count failures per client address ({@link PasswordLoginProcessor}).
 */
@ChannelHandler.Sharable
public class ClientAddressHandler extends ChannelInboundHandlerAdapter {
    public static final String NAME = "clientAddress";
    static final String ATTRIBUTE = "org.santegateway.imap.client-address";

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        ImapSession session = ctx.channel().attr(NettyConstants.IMAP_SESSION_ATTRIBUTE_KEY).get();
        if (session != null && session.getAttribute(ATTRIBUTE) == null
            && ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
            session.setAttribute(ATTRIBUTE, remote.getAddress());
        }
        super.channelRead(ctx, msg);
    }

    static Optional<InetAddress> of(ImapSession session) {
        return session.getAttribute(ATTRIBUTE) instanceof InetAddress address ? Optional.of(address) : Optional.empty();
    }
}
