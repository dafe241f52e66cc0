package org.santegateway.server.imap;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.AuthenticateRequest;
import org.apache.james.imap.message.request.CompressRequest;
import org.apache.james.imap.message.request.LogoutRequest;
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
    private final StatusResponseFactory responses;

    public OffEventLoopProcessor(ImapProcessor delegate, StatusResponseFactory responses) {
        super(delegate);
        this.responses = responses;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (!(message instanceof ImapRequest request)) {
            return processed(message, responder, session);
        }
        return Mono.defer(() -> {
            if (!PipelinedCommands.validNow(request.getCommand(), session)) {
                // Decoded while the command before it could still change the state (PipelinedCommands): refused as
                // James refuses it at decoding, from a worker thread as any answer (behind the writes queued).
                return Mono.<Void>fromRunnable(() -> {
                    responder.respond(responses.taggedNo(request.getTag(), request.getCommand(), HumanReadableText.INVALID_COMMAND));
                    responder.flush();
                }).subscribeOn(Schedulers.boundedElastic());
            }
            return processed(message, responder, session);
        }).doFinally(signal -> PipelinedCommands.ended(session));
    }

    private Mono<Void> processed(ImapMessage message, Responder responder, ImapSession session) {
        if (message instanceof StartTLSRequest || message instanceof CompressRequest) {
            return Mono.from(delegate.processReactive(message, responder, session))
                .then(afterTheEventLoopTask(session));
        }
        if (answersOnTheEventLoop(message)) {
            return Mono.from(delegate.processReactive(message, responder, session));
        }
        Mono<Void> offTheEventLoop = Mono.defer(() -> Mono.from(delegate.processReactive(message, responder, session)))
            .then(Mono.<Void>fromRunnable(responder::flush))
            .subscribeOn(Schedulers.boundedElastic());
        if (message instanceof LogoutRequest) {
            return offTheEventLoop.then(afterTheEventLoopTask(session));
        }
        return offTheEventLoop;
    }

    /**
     * Ends STARTTLS and COMPRESS once the task they posted to the event loop (answer, flush, then the TLS or compression
     * handler) has run: the event loop runs its tasks in order, so a task posted now runs after it. Their command used
     * to end as soon as the task was posted, and James's handler then flushed the command's response buffer from the
     * worker thread while the task could be writing the answer into it: the answer went out twice, the second time
     * inside TLS (seen once in the probes: Python's imaplib read a second {@code OK STARTTLS} as the answer to its
     * CAPABILITY). Now James's flush comes after the task, on the event loop, and finds nothing left.
     *
     * <p>LOGOUT ends the same way, for another race of James's handler: a command queued behind another one (James's
     * Linearalizer) can run and end before the event loop has subscribed to its end; the handler then sees the end at
     * once, on the event loop, finds the session in the LOGOUT state and closes the channel there and then, while
     * BYE and the tagged OK, written from the worker thread, still wait in the event loop's queue: they were lost
     * (a client doing CAPABILITY then LOGOUT over STARTTLS got an end of stream, about once in a thousand connections,
     * {@code ImapSessionsIntegrationTest$Logout}). Ending after a task posted behind those writes puts the close after
     * them.</p>
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
