package org.santegateway.server.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.santegateway.server.settings.GatewayProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.santegateway.audit.AuditEvent;
import org.santegateway.login.PasswordLogins.Outcome;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class MailLoginGuardTest {
    static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

    final List<AuditEvent> audit = new ArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MailLoginGuard guard = guard(new java.util.HashMap<>());

    MailLoginGuard guard(java.util.Map<String, String> configuration) {
        return new MailLoginGuard(MailLoginSettings.from(GatewayProperties.of(configuration)),
            org.santegateway.server.psc.PscSettings.from(GatewayProperties.of(configuration), java.nio.file.Path.of(".")), event -> {
            synchronized (audit) {
                audit.add(event);
            }
        }, identifier -> "pseudo-" + identifier.length(), Clock.systemUTC(), registry);
    }

    @AfterEach
    void stop() {
        guard.stop();
    }

    @Test
    void checkShouldRunOffTheCallersThread() throws Exception {
        Thread caller = Thread.currentThread();
        List<Thread> checkers = new ArrayList<>();

        Outcome outcome = guard.attempt("smtp", "a@x.test", CLIENT, () -> checkers.add(Thread.currentThread())).get(5, TimeUnit.SECONDS);

        assertThat(outcome).isEqualTo(Outcome.SUCCESS);
        assertThat(checkers).singleElement().isNotEqualTo(caller);
        assertThat(audit).extracting(AuditEvent::action).containsExactly("smtp.auth");
        assertThat(registry.counter(MailLoginGuard.METRIC, "protocol", "smtp", "outcome", "success").count()).isEqualTo(1);
    }

    @Test
    void eachLoginShouldBeAuditedWithTheClientAddressesPseudonymNeverTheAddress() throws Exception {
        guard.attempt("smtp", "a@x.test", CLIENT, () -> true).get(5, TimeUnit.SECONDS);
        guard.attempt("imap", "a@x.test", CLIENT, () -> false).get(10, TimeUnit.SECONDS);

        String pseudonym = "client:pseudo-" + ("client:" + CLIENT.getHostAddress()).length();
        assertThat(audit).extracting(AuditEvent::action).containsExactly("smtp.auth", "imap.auth");
        assertThat(audit).allSatisfy(event -> assertThat(event.objectIds()).containsExactly(pseudonym));
        assertThat(audit.toString()).doesNotContain(CLIENT.getHostAddress());
    }

    @Test
    void passwordOfAPscOnlyDomainShouldBeRefusedWithoutCheckingIt() throws Exception {
        java.util.Map<String, String> configuration = new java.util.HashMap<>();
        configuration.put("psc.validation", "jwt");
        configuration.put("psc.issuer", "https://psc.test/realm");
        configuration.put("psc.audiences", "mail");
        configuration.put("psc.jwks.url", "https://psc.test/realm/certs");
        configuration.put("psc.only.domains", "psc-only.test");
        guard.stop();
        guard = guard(configuration);
        java.util.concurrent.atomic.AtomicBoolean checked = new java.util.concurrent.atomic.AtomicBoolean();

        Outcome refused = guard.attempt("imap", "dr.martin@PSC-Only.test", CLIENT, () -> checked.getAndSet(true) || true).get(5, TimeUnit.SECONDS);
        Outcome elsewhere = guard.attempt("imap", "dr.martin@other.test", CLIENT, () -> true).get(5, TimeUnit.SECONDS);

        assertThat(refused).isEqualTo(Outcome.TOKEN_REQUIRED);
        assertThat(elsewhere).isEqualTo(Outcome.SUCCESS);
        assertThat(checked).isFalse();
        assertThat(audit).filteredOn(event -> event.reason().isPresent()).extracting(event -> event.reason().get()).containsExactly("psc_only");
    }

    @Test
    void failureShouldBeAnsweredAfterTheDelayWithoutHoldingAThread() throws Exception {
        java.util.Map<String, String> configuration = new java.util.HashMap<>();
        configuration.put(MailLoginSettings.DELAY, "PT0.5S");
        configuration.put(MailLoginSettings.THREADS, "1");
        guard.stop();
        guard = guard(configuration);

        long started = System.nanoTime();
        CompletableFuture<Outcome> failure = guard.attempt("imap", "a@x.test", CLIENT, () -> false);
        // The one checking thread is free at once: another client's login is not held up.
        Outcome other = guard.attempt("imap", "b@x.test", InetAddress.getByName("127.0.0.9"), () -> true).get(5, TimeUnit.SECONDS);
        Duration otherTook = Duration.ofNanos(System.nanoTime() - started);

        assertThat(other).isEqualTo(Outcome.SUCCESS);
        assertThat(otherTook).isLessThan(Duration.ofMillis(450));
        assertThat(failure.get(5, TimeUnit.SECONDS)).isEqualTo(Outcome.FAILURE);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void accountShouldBeLockedAfterTheFailuresAndNothingCheckedThen() throws Exception {
        java.util.Map<String, String> configuration = new java.util.HashMap<>();
        configuration.put(MailLoginSettings.DELAY, "PT0.001S");
        configuration.put(MailLoginSettings.MAX_FAILURES, "3");
        guard.stop();
        guard = guard(configuration);
        for (int i = 0; i < 3; i++) {
            assertThat(guard.attempt("smtp", "victim@x.test", CLIENT, () -> false).get(5, TimeUnit.SECONDS)).isEqualTo(Outcome.FAILURE);
        }
        AtomicInteger checked = new AtomicInteger();

        Outcome locked = guard.attempt("imap", "VICTIM@x.test", CLIENT, () -> checked.incrementAndGet() > 0).get(5, TimeUnit.SECONDS);

        assertThat(locked).isEqualTo(Outcome.LOCKED);
        assertThat(checked).hasValue(0);
        assertThat(audit).extracting(AuditEvent::action).contains("mail.login.lockout");
    }

    @Test
    void clientGoingOnWithALockedAccountShouldGetItsAddressLocked() throws Exception {
        java.util.Map<String, String> configuration = new java.util.HashMap<>();
        configuration.put(MailLoginSettings.DELAY, "PT0.001S");
        configuration.put(MailLoginSettings.MAX_FAILURES, "3");
        configuration.put(MailLoginSettings.MAX_FAILURES_PER_CLIENT, "6");
        guard.stop();
        guard = guard(configuration);
        for (int i = 0; i < 6; i++) {
            guard.attempt("smtp", "victim@x.test", CLIENT, () -> false).get(5, TimeUnit.SECONDS);
        }

        assertThat(guard.isLockedOut(CLIENT)).isTrue();
    }

    @Test
    void clientAddressShouldBeLockedWhateverTheAccounts() throws Exception {
        java.util.Map<String, String> configuration = new java.util.HashMap<>();
        configuration.put(MailLoginSettings.DELAY, "PT0.001S");
        configuration.put(MailLoginSettings.MAX_FAILURES, "3");
        configuration.put(MailLoginSettings.MAX_FAILURES_PER_CLIENT, "5");
        guard.stop();
        guard = guard(configuration);
        for (int i = 0; i < 5; i++) {
            guard.attempt("imap", "user" + i + "@x.test", CLIENT, () -> false).get(5, TimeUnit.SECONDS);
        }

        assertThat(guard.attempt("imap", "fresh@x.test", CLIENT, () -> true).get(5, TimeUnit.SECONDS)).isEqualTo(Outcome.LOCKED);
        assertThat(guard.isLockedOut(CLIENT)).isTrue();
        assertThat(guard.isLockedOut(InetAddress.getByName("127.0.0.9"))).isFalse();
        assertThat(guard.attempt("imap", "fresh@x.test", InetAddress.getByName("127.0.0.9"), () -> true).get(5, TimeUnit.SECONDS))
            .isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void aClientFloodingChecksShouldNotQueueAheadOfOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Outcome>> flood = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            flood.add(guard.attempt("smtp", "flood" + i + "@x.test", CLIENT, () -> release.await(10, TimeUnit.SECONDS)));
        }

        // The flooding client holds at most two threads; the pool has two: release them first.
        CompletableFuture<Outcome> other = guard.attempt("smtp", "b@x.test", InetAddress.getByName("127.0.0.9"), () -> true);
        release.countDown();

        assertThat(other.get(5, TimeUnit.SECONDS)).isEqualTo(Outcome.SUCCESS);
        for (CompletableFuture<Outcome> attempt : flood) {
            assertThat(attempt.get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.SUCCESS);
        }
    }

    @Test
    void clientOverItsWaitingPlacesShouldBeToldToTryLater() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Outcome>> attempts = new ArrayList<>();
        for (int i = 0; i < MailLoginGuard.PER_CLIENT_RUNNING + MailLoginGuard.PER_CLIENT_WAITING + 1; i++) {
            attempts.add(guard.attempt("smtp", "u" + i + "@x.test", CLIENT, () -> release.await(10, TimeUnit.SECONDS)));
        }

        assertThat(attempts.get(attempts.size() - 1).get(1, TimeUnit.SECONDS)).isEqualTo(Outcome.UNAVAILABLE);
        release.countDown();
        assertThat(attempts.get(0).get(5, TimeUnit.SECONDS)).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void checkThatFailsShouldBeUnavailableNotAFailure() throws Exception {
        Outcome outcome = guard.attempt("smtp", "a@x.test", CLIENT, () -> {
            throw new IllegalStateException("store down");
        }).get(5, TimeUnit.SECONDS);

        assertThat(outcome).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(audit).isEmpty();
    }
}
