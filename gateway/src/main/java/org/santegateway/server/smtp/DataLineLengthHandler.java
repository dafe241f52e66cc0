package org.santegateway.server.smtp;

import org.apache.james.protocols.api.CommandDetectionSession;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.netty.BasicChannelInboundHandler;
import org.apache.james.smtpserver.ExtendedSMTPSession;
import org.santegateway.smtp.MessageLimitsHook;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;

/**
 * A line over the listener's limit inside DATA marks the transaction for refusal at the end of
 * DATA ({@link MessageLimitsHook}) instead of being answered at once: James's line reader drops
 * the line and its core handler replied {@code 500} in the middle of the message, then {@code 250}
 * for what was left of it. Outside DATA a long command line is answered by James as before.
 */
@ChannelHandler.Sharable
public class DataLineLengthHandler extends ChannelInboundHandlerAdapter {
    public static final String NAME = "dataLineLength";

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (cause instanceof TooLongFrameException) {
            CommandDetectionSession session = ctx.channel().attr(BasicChannelInboundHandler.SESSION_ATTRIBUTE_KEY).get();
            // James's DATA handler keeps the message being received here until the end of DATA.
            if (session instanceof ExtendedSMTPSession smtp && smtp.getMimeMessageWriter() != null) {
                smtp.setAttachment(MessageLimitsHook.LINE_TOO_LONG, true, ProtocolSession.State.Transaction);
                return;
            }
        }
        super.exceptionCaught(ctx, cause);
    }
}
