package org.santegateway.server.imap;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.AuthenticateRequest;
import org.apache.james.imap.message.request.CompressRequest;
import org.apache.james.imap.message.request.StartTLSRequest;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the IMAP commands off the connection's event loop, their responses written there too, so that they reach the
 * client after those of the command before it.
 *
 * <p>James writes a command's responses with {@code channel.writeAndFlush} from whichever thread runs the command,
 * and its last buffered ones (the end of a FETCH, the tagged OK) from whichever thread sees the command end. Netty
 * runs a write made on the channel's event loop at once, and queues one made on another thread behind the writes
 * already queued. A command that ends on another thread (most do: the mailbox is read on Reactor's
 * {@code boundedElastic} threads) leaves its last writes queued; a pipelined command James then answered on the event
 * loop overtook them: when it ran there, and when it had already ended by the time James's handler subscribed to it
 * (the handler then flushes its answer on the event loop). Seen under imaptest: a FETCH's closing {@code )}, the next
 * command's untagged responses and tagged {@code OK} went out before the FETCH's literal, and the client failed with
 * "Unexpected ')'". Here every command runs on a worker thread and flushes its answer there before it ends: its
 * writes are queued after those of the command James ran before it (James's per-connection {@code Linearalizer}
 * starts it only once the previous one has ended), and James's own final flush finds nothing left to write.</p>
 *
 * <p>Commands answered in a task posted to the event loop itself (STARTTLS, COMPRESS, AUTHENTICATE) are left as
 * James runs them: that task is queued behind the writes already queued, and a
 * flush from a worker thread would race with it on the command's response buffer.</p>
 */
public class OffEventLoopProcessor extends DecoratingImapProcessor {
    public OffEventLoopProcessor(ImapProcessor delegate) {
        super(delegate);
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (message instanceof StartTLSRequest || message instanceof CompressRequest) {
            return Mono.from(delegate.processReactive(message, responder, session))
                .then(afterTheEventLoopTask(session));
        }
        if (answersOnTheEventLoop(message)) {
            return delegate.processReactive(message, responder, session);
        }
        return Mono.defer(() -> Mono.from(delegate.processReactive(message, responder, session)))
            .then(Mono.<Void>fromRunnable(responder::flush))
            .subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Ends STARTTLS and COMPRESS once the task they posted to the event loop (answer, flush, then the TLS or compression
     * handler) has run: the event loop runs its tasks in order, so a task posted now runs after it. Their command used
     * to end as soon as the task was posted, and James's handler then flushed the command's response buffer from the
     * worker thread while the task could be writing the answer into it: the answer went out twice, the second time
     * inside TLS (seen once in the probes: Python's imaplib read a second {@code OK STARTTLS} as the answer to its
     * CAPABILITY). Now James's flush comes after the task, on the event loop, and finds nothing left.
     */
    private static Mono<Void> afterTheEventLoopTask(ImapSession session) {
        return Mono.create(sink -> session.executeSafely(sink::success));
    }

    /**
     * STARTTLS, COMPRESS and AUTHENTICATE: James (and the gateway's SASL mechanisms, for a challenge) answer them in a
     * task posted to the event loop (behind the writes already queued), which then changes the pipeline or waits for
     * the client's line. Their answer must not be flushed from another thread while that task writes it: they stay
     * as James runs them. A client sends nothing after them before their answer (they change the session's state).
     */
    private static boolean answersOnTheEventLoop(ImapMessage message) {
        return message instanceof StartTLSRequest || message instanceof CompressRequest || message instanceof AuthenticateRequest;
    }
}
