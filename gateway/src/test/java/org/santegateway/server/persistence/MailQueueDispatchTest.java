package org.santegateway.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorNoop;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.server.core.JamesServerResourceLoader;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.concurrent.Queues;

/**
 * The mail queue as James's remote delivery takes mail out of it: one thread subscribes, up to 256 mails in flight,
 * each processed on a pool of workers. Every mail enqueued must come out, promptly: a mail left behind stays in the
 * queue until the next restart, which a user sees as a message that never arrives
 * ({@link GatewayActiveMQMailQueue}). With James's queue as it is, 256 of the 300 mails of the first test stay.
 */
class MailQueueDispatchTest {
    private static final int PRODUCERS = 4;
    private static final int WORKERS = 1;
    private static final int IN_FLIGHT = Queues.SMALL_BUFFER_SIZE;
    private static final int MAILS_PER_PRODUCER = 75;

    @TempDir
    Path root;

    private EmbeddedActiveMQBroker broker;
    private EmbeddedActiveMQMailQueueFactory factory;

    @BeforeEach
    void start() throws Exception {
        JamesServerResourceLoader directories = new JamesServerResourceLoader(root.toString());
        broker = new EmbeddedActiveMQBroker(new StorageDirectories(directories), new FileSystemImpl(directories));
        factory = new EmbeddedActiveMQMailQueueFactory(broker, new RawMailQueueItemDecoratorFactory(),
            new RecordingMetricFactory(), new NoopGaugeRegistry(), new ActiveMQMetricCollectorNoop());
        factory.setUseJMX(false);
    }

    @AfterEach
    void stop() throws Exception {
        factory.destroy();
        broker.stop();
    }

    @Test
    void everyMailShouldComeOutWhenMoreThanTheMailsInFlightWereWaiting() throws Exception {
        MailQueue queue = factory.createQueue(MailQueueName.of("outgoing"));
        // More mails waiting than remote delivery takes in flight: it stops asking for mail, then asks again from a
        // worker that finished one.
        int mails = PRODUCERS * MAILS_PER_PRODUCER;
        ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
        try {
            List<Future<?>> produced = new ArrayList<>();
            for (int producer = 0; producer < PRODUCERS; producer++) {
                int number = producer;
                produced.add(producers.submit(() -> {
                    for (int i = 0; i < MAILS_PER_PRODUCER; i++) {
                        MailImpl mail = mail("mail-" + number + "-" + i);
                        queue.enQueue(mail);
                        LifecycleUtil.dispose(mail);
                    }
                    return null;
                }));
            }
            for (Future<?> future : produced) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            producers.shutdownNow();
        }

        Set<String> dequeued = ConcurrentHashMap.newKeySet();
        List<String> errors = new CopyOnWriteArrayList<>();
        // As DeliveryRunnable (James 3.8.1) takes mail out of the outgoing queue.
        Scheduler dequeuing = Schedulers.newSingle("test-dequeue");
        Scheduler workers = Schedulers.newBoundedElastic(WORKERS, 100_000, "test-process");
        // The workers are slower than the queue (a peer that takes its time): they start once as many mails as remote
        // delivery takes in flight are out.
        CountDownLatch inFlight = new CountDownLatch(IN_FLIGHT);
        Disposable consuming = Flux.from(queue.deQueue())
            .doOnNext(item -> inFlight.countDown())
            .flatMap(item -> Mono.fromRunnable(() -> {
                awaitQuietly(inFlight);
                takeOut(item, dequeued::add);
            }).subscribeOn(workers), IN_FLIGHT)
            .subscribeOn(dequeuing)
            .subscribe(ignored -> { }, error -> errors.add(error.toString()));
        try {
            // The queue's receive waits 10 s on an empty queue before it asks again: 30 s is plenty.
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> dequeued.size() == mails || !errors.isEmpty());
            assertThat(errors).isEmpty();
            assertThat(((ManageableMailQueue) queue).getSize()).isZero();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError((mails - dequeued.size()) + " of " + mails + " mails still in the queue ("
                + ((ManageableMailQueue) queue).getSize() + " listed) 30 s after they were all enqueued", e);
        } finally {
            consuming.dispose();
            workers.dispose();
            dequeuing.dispose();
        }
    }

    /**
     * A peer down for a while: its mails wait in the queue for their next attempt, ahead of newer mail. The broker
     * reads a queue a page (200 messages) at a time; with James's queue, once a page held only mails not yet due, the
     * mails due now behind them did not come out (this test: none of the 5 within 30 s behind 600 waiting mails, while
     * it passed with 250), until the waiting ones were due.
     */
    @Test
    void mailDueNowShouldComeOutWhileManyMailsWaitForALaterAttempt() throws Exception {
        MailQueue queue = factory.createQueue(MailQueueName.of("outgoing"));
        int waiting = 600;
        for (int i = 0; i < waiting; i++) {
            MailImpl mail = mail("later-" + i);
            queue.enQueue(mail, Duration.ofHours(1));
            LifecycleUtil.dispose(mail);
        }
        int dueNow = 5;
        for (int i = 0; i < dueNow; i++) {
            MailImpl mail = mail("now-" + i);
            queue.enQueue(mail);
            LifecycleUtil.dispose(mail);
        }

        Set<String> dequeued = ConcurrentHashMap.newKeySet();
        Disposable consuming = consume(queue, dequeued);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> dequeued.size() >= dueNow);
            assertThat(dequeued).hasSize(dueNow).allMatch(name -> name.startsWith("now-"));
            // Still in the queue for the administrator: counted and listed (WebAdmin's GET /mailQueues/outgoing/mails).
            assertThat(((ManageableMailQueue) queue).getSize()).isEqualTo(waiting);
            int listed = 0;
            ManageableMailQueue.MailQueueIterator items = ((ManageableMailQueue) queue).browse();
            try {
                while (items.hasNext()) {
                    assertThat(items.next().getNextDelivery()).isPresent();
                    listed++;
                }
            } finally {
                items.close();
            }
            assertThat(listed).isEqualTo(waiting);
        } finally {
            consuming.dispose();
        }
    }

    /** A mail sent to wait (at the lowest priority) still comes out once due, and not before. */
    @Test
    void mailWaitingForALaterAttemptShouldComeOutOnceDue() throws Exception {
        MailQueue queue = factory.createQueue(MailQueueName.of("outgoing"));
        MailImpl mail = mail("retry");
        long due = System.currentTimeMillis() + 2_000;
        queue.enQueue(mail, Duration.ofSeconds(2));
        LifecycleUtil.dispose(mail);

        Set<String> dequeued = ConcurrentHashMap.newKeySet();
        Map<String, Long> when = new ConcurrentHashMap<>();
        Disposable consuming = consume(queue, name -> {
            when.put(name, System.currentTimeMillis());
            dequeued.add(name);
        });
        try {
            // Due in 2 s; the queue's receive asks again every 10 s.
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> dequeued.contains("retry"));
            assertThat(when.get("retry")).isGreaterThanOrEqualTo(due);
        } finally {
            consuming.dispose();
        }
    }

    private static Disposable consume(MailQueue queue, Set<String> dequeued) {
        return consume(queue, dequeued::add);
    }

    private static Disposable consume(MailQueue queue, Consumer<String> dequeued) {
        return Flux.from(queue.deQueue())
            .flatMap(item -> Mono.fromRunnable(() -> takeOut(item, dequeued)).subscribeOn(Schedulers.boundedElastic()), IN_FLIGHT)
            .subscribe();
    }

    /** Done with the mail: its removal from the queue committed, then counted. */
    private static void takeOut(MailQueue.MailQueueItem item, Consumer<String> dequeued) {
        String name = item.getMail().getName();
        LifecycleUtil.dispose(item.getMail());
        try {
            item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        dequeued.accept(name);
    }

    private static MailImpl mail(String name) throws Exception {
        return MailImpl.builder()
            .name(name)
            .sender(new MailAddress("sender@emetteur.test"))
            .addRecipient(new MailAddress("recipient@destinataire.test"))
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder()
                .setSubject("queue test " + name)
                .setText("x".repeat(2_048))
                .build())
            .build();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
