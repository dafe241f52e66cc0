package org.santegateway.server.imap;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imapserver.netty.NettyConstants;
import org.apache.james.lifecycle.api.Startable;
import org.santegateway.delivery.InactiveMailboxes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The IMAP connections open on this node, so that those of a mailbox suspended or closed in the registry end without
 * waiting for their next command: a client in IDLE, or one that keeps a session open and sends nothing for minutes,
 * gets {@code * BYE This mailbox is suspended or closed.} and the connection is closed within about
 * {@link #INTERVAL} of the change. Every {@link #INTERVAL} one read of the registry lists the entries changed since
 * the last read (less {@link #OVERLAP}, for a change committed late or stamped by another node's clock); nothing is
 * read while no connection is open. A session that sends commands is also checked at its commands
 * ({@link InactiveMailboxProcessor}).
 */
public final class OpenImapSessions implements Startable {
    static final Duration INTERVAL = Duration.ofSeconds(5);
    static final Duration OVERLAP = Duration.ofSeconds(60);
    static final String NAME = "gateway-open-sessions";
    private static final Logger LOGGER = LoggerFactory.getLogger(OpenImapSessions.class);
    private static final byte[] BYE = ("* BYE " + InactiveMailboxProcessor.INACTIVE.getDefaultValue() + "\r\n").getBytes(StandardCharsets.US_ASCII);

    private final ChannelGroup channels = new DefaultChannelGroup("imap", GlobalEventExecutor.INSTANCE);
    private final ChannelHandler tracker = new Tracker();
    private final InactiveMailboxes inactive;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "imap-inactive-mailboxes");
        thread.setDaemon(true);
        return thread;
    });
    private Instant lastRead;

    @Inject
    public OpenImapSessions(InactiveMailboxes inactive) {
        this(inactive, Clock.systemUTC());
    }

    OpenImapSessions(InactiveMailboxes inactive, Clock clock) {
        this.inactive = inactive;
        this.clock = clock;
        this.lastRead = clock.instant();
    }

    public void start() {
        lastRead = clock.instant();
        scheduler.scheduleWithFixedDelay(this::endInactive, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    public void stop() {
        scheduler.shutdownNow();
    }

    /** Adds the tracking of a connection to its pipeline. */
    void install(ChannelPipeline pipeline) {
        pipeline.addLast(NAME, tracker);
    }

    int open() {
        return channels.size();
    }

    /** Ends the sessions of the mailboxes that became inactive since the last read; returns how many. */
    int endInactive() {
        Instant now = clock.instant();
        if (channels.isEmpty()) {
            lastRead = now;
            return 0;
        }
        Set<String> addresses;
        try {
            addresses = inactive.inactiveChangedSince(lastRead.minus(OVERLAP));
        } catch (RuntimeException e) {
            // Read again from the same point next time.
            LOGGER.warn("The registry could not be read for suspended mailboxes: {}", e.getClass().getSimpleName());
            return 0;
        }
        lastRead = now;
        if (addresses.isEmpty()) {
            return 0;
        }
        int ended = 0;
        for (Channel channel : channels) {
            ImapSession session = channel.attr(NettyConstants.IMAP_SESSION_ATTRIBUTE_KEY).get();
            if (session != null && InactiveMailboxProcessor.loggedIn(session) && addresses.contains(session.getUserName().asString().toLowerCase(Locale.ROOT))) {
                channel.writeAndFlush(Unpooled.wrappedBuffer(BYE)).addListener(ChannelFutureListener.CLOSE);
                ended++;
            }
        }
        if (ended > 0) {
            LOGGER.info("Ended {} IMAP session(s) of suspended or closed mailboxes", ended);
        }
        return ended;
    }

    @ChannelHandler.Sharable
    private final class Tracker extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            // Removed from the group when the channel closes.
            channels.add(ctx.channel());
        }
    }
}
