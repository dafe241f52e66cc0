package org.santegateway.server.persistence;

import java.util.concurrent.Callable;

import io.netty.util.concurrent.FastThreadLocalThread;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A database call as a {@link Mono}: run on the subscribing thread when that thread may block, moved to Reactor's
 * {@code boundedElastic} threads only when it may not (a Netty event loop, a Reactor non-blocking thread).
 *
 * <p>An IMAP command already runs on a {@code boundedElastic} thread ({@code OffEventLoopProcessor}), a delivery on a
 * spool thread, WebAdmin and the webmail on Jetty's: moving each lookup of a mailbox or listing of its messages to
 * another thread handed the command over from one thread to another, one wake-up and one park each, three or four
 * times per command (about 6 % of the gateway's CPU under imaptest went to threads parking and waking).</p>
 */
final class BlockingCalls {
    private BlockingCalls() {
    }

    static <T> Mono<T> call(Callable<T> call) {
        return Mono.defer(() -> mayBlock()
            ? Mono.fromCallable(call)
            : Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic()));
    }

    static Mono<Void> run(Runnable run) {
        return call(() -> {
            run.run();
            return null;
        }).then();
    }

    /** Netty's event loops (and its other executors) run on {@link FastThreadLocalThread}s; Reactor marks its own. */
    static boolean mayBlock() {
        return !(Thread.currentThread() instanceof FastThreadLocalThread) && !Schedulers.isInNonBlockingThread();
    }
}
