package org.santegateway.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.netty.channel.nio.NioEventLoopGroup;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where a database call runs: on the thread that subscribes when it may block (an IMAP command's worker, a spool
 * thread, Jetty's), never on a Netty event loop or a Reactor non-blocking thread, where it would stall every
 * connection of that loop.
 */
class BlockingCallsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aCallFromAThreadThatMayBlockShouldRunOnThatThread() {
        Thread caller = Thread.currentThread();

        Thread ran = BlockingCalls.call(Thread::currentThread).block(WAIT);

        assertThat(ran).isSameAs(caller);
    }

    @Test
    void aCallFromAWorkerOfBoundedElasticShouldStayOnIt() {
        Thread[] ranAndCaller = ranAndCallerOn(Schedulers.boundedElastic());

        assertThat(ranAndCaller[0]).isSameAs(ranAndCaller[1]);
    }

    @Test
    void aCallFromANettyEventLoopShouldRunElsewhere() throws Exception {
        NioEventLoopGroup loop = new NioEventLoopGroup(1);
        try {
            CompletableFuture<Thread[]> threads = new CompletableFuture<>();
            loop.execute(() -> BlockingCalls.call(Thread::currentThread)
                .subscribe(ran -> threads.complete(new Thread[] {ran, Thread.currentThread()}), threads::completeExceptionally));
            Thread eventLoop = loop.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);

            Thread[] ranAndCompleted = threads.get(10, TimeUnit.SECONDS);

            assertThat(ranAndCompleted[0]).isNotSameAs(eventLoop);
            assertThat(ranAndCompleted[0].getName()).startsWith("boundedElastic");
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aCallFromAReactorNonBlockingThreadShouldRunElsewhere() {
        Thread[] ranAndCaller = ranAndCallerOn(Schedulers.parallel());

        assertThat(ranAndCaller[1].getName()).startsWith("parallel");
        assertThat(ranAndCaller[0]).isNotSameAs(ranAndCaller[1]);
        assertThat(ranAndCaller[0].getName()).startsWith("boundedElastic");
    }

    @Test
    void aFailedCallShouldFailTheMono() {
        Mono<Object> failing = BlockingCalls.call(() -> {
            throw new IllegalStateException("database down");
        });

        assertThat(failing.onErrorResume(IllegalStateException.class, e -> Mono.just(e.getMessage())).block(WAIT))
            .isEqualTo("database down");
    }

    /** The thread a call ran on and the thread that called, the caller being a worker of {@code scheduler}. */
    private static Thread[] ranAndCallerOn(Scheduler scheduler) {
        return Mono.fromCallable(Thread::currentThread)
            .flatMap(caller -> BlockingCalls.call(() -> new Thread[] {Thread.currentThread(), caller}))
            .subscribeOn(scheduler)
            .block(WAIT);
    }
}
