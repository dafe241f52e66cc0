package org.santegateway.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.security.auth.x500.X500Principal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.santegateway.trust.TrustListException.Reason;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

class ReloadingTrustListTest {
    private static final Instant START = Instant.parse("2025-04-01T08:00:00Z");

    @TempDir
    Path directory;
    private Path file;
    private MutableClock clock;
    private TrustListConfiguration configuration;

    @BeforeEach
    void setUp() {
        file = directory.resolve("liste-blanche.xml");
        clock = new MutableClock(START);
        configuration = TrustListConfiguration.of(file);
    }

    @Nested
    class FirstLoad {
        @Test
        void loadShouldFailWhenTheFirstFileIsMalformed() throws IOException {
            publish("<ListeBlancheMSSante".getBytes(StandardCharsets.UTF_8));

            assertThatThrownBy(() -> ReloadingTrustList.load(configuration, clock))
                .isInstanceOfSatisfying(TrustListException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_XML));
        }

        @Test
        void loadShouldFailWhenTheFirstFileIsMissing() {
            assertThatThrownBy(() -> ReloadingTrustList.load(configuration, clock))
                .isInstanceOfSatisfying(TrustListException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNREADABLE));
        }

        @Test
        void loadShouldExposeFreshnessOfTheList() throws Exception {
            publish(TrustListXml.realExtract());

            ReloadingTrustList trustList = ReloadingTrustList.load(configuration, clock);

            TrustListStatus status = trustList.status();
            assertThat(status.loadedAt()).isEqualTo(START);
            assertThat(status.latestUpdate()).contains(Instant.parse("2025-03-14T15:34:10Z"));
            assertThat(status.generatedAt()).contains(Instant.parse("2025-03-13T14:54:10Z"));
            assertThat(status.domainCount()).isEqualTo(516);
            assertThat(status.entryCount()).isEqualTo(614);
            assertThat(status.sha256()).isEqualTo(TrustListLoader.sha256(TrustListXml.realExtract()));
            assertThat(status.lastRejection()).isEmpty();
        }

        @Test
        void loadShouldAnswerTrustQuestionsFromTheList() throws Exception {
            publish(TrustListXml.realExtract());

            ReloadingTrustList trustList = ReloadingTrustList.load(configuration, clock);

            assertThat(trustList.isKnownDomain("adsea29.mssante.fr")).isTrue();
            assertThat(trustList.isAllowed("adsea29.mssante.fr",
                new X500Principal("CN=medimail-asip.mipih.fr,OU=318310021300028,O=GIP MIPIH,ST=Haute-Garonne (31),C=FR"))).isTrue();
            assertThat(trustList.isAllowed("adsea29.mssante.fr", new X500Principal(TrustListXml.OPERATOR_A))).isFalse();
        }
    }

    @Nested
    class StartFromTheStartupCheck {
        private final ScheduledExecutorService scheduler = mock(ScheduledExecutorService.class);

        @Test
        void startShouldTakeOverTheListTheStartupCheckReadWhenTheFileDidNotChange() throws Exception {
            publish(TrustListXml.list().domains(10).bytes());
            TrustListLoader.LoadedTrustList read = new TrustListLoader(configuration).load();

            ReloadingTrustList trustList = ReloadingTrustList.start(configuration, clock, scheduler, Optional.of(read));

            assertThat(trustList.current()).isSameAs(read.list());
            assertThat(trustList.status().loadedAt()).isEqualTo(START);
            assertThat(trustList.checkForChanges()).isInstanceOf(ReloadOutcome.Unchanged.class);
        }

        @Test
        void startShouldReadTheFileAgainWhenItChangedSinceTheStartupCheck() throws Exception {
            publish(TrustListXml.list().domains(10).bytes());
            TrustListLoader.LoadedTrustList read = new TrustListLoader(configuration).load();
            publish(TrustListXml.list().domains(11).bytes());

            ReloadingTrustList trustList = ReloadingTrustList.start(configuration, clock, scheduler, Optional.of(read));

            assertThat(trustList.current()).isNotSameAs(read.list());
            assertThat(trustList.status().domainCount()).isEqualTo(11);
        }

        @Test
        void startShouldRefuseAFileMadeMalformedSinceTheStartupCheck() throws Exception {
            publish(TrustListXml.list().domains(10).bytes());
            TrustListLoader.LoadedTrustList read = new TrustListLoader(configuration).load();
            publish("<ListeBlancheMSSante".getBytes(StandardCharsets.UTF_8));

            assertThatThrownBy(() -> ReloadingTrustList.start(configuration, clock, scheduler, Optional.of(read)))
                .isInstanceOfSatisfying(TrustListException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_XML));
        }
    }

    @Nested
    class Reload {
        private ReloadingTrustList trustList;

        @BeforeEach
        void loadGoodList() throws Exception {
            publish(TrustListXml.list().domains(10).bytes());
            trustList = ReloadingTrustList.load(configuration, clock);
        }

        @Test
        void reloadShouldKeepTheGoodListWhenTheNewFileIsMalformed() throws IOException {
            TrustList good = trustList.current();
            publish("<ListeBlancheMSSante xmlns=\"https://listeblanche.mssante.fr/schema\"><ListeDomaines>".getBytes(StandardCharsets.UTF_8));
            clock.advance(Duration.ofMinutes(5));

            ReloadOutcome outcome = trustList.reload();

            assertThat(outcome).isInstanceOfSatisfying(ReloadOutcome.Rejected.class, rejected -> {
                assertThat(rejected.reason()).isEqualTo(Reason.MALFORMED_XML);
                assertThat(rejected.status().loadedAt()).isEqualTo(START);
            });
            assertThat(trustList.current()).isSameAs(good);
            assertThat(trustList.status().lastRejection()).hasValueSatisfying(rejection -> {
                assertThat(rejection.reason()).isEqualTo(Reason.MALFORMED_XML);
                assertThat(rejection.at()).isEqualTo(START.plus(Duration.ofMinutes(5)));
            });
        }

        @Test
        void reloadShouldKeepTheGoodListWhenTheChecksumFails() throws IOException {
            TrustList good = trustList.current();
            Files.write(file, TrustListXml.list().domains(12).bytes());

            ReloadOutcome outcome = trustList.reload();

            assertThat(outcome).isInstanceOfSatisfying(ReloadOutcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(Reason.CHECKSUM_MISMATCH));
            assertThat(trustList.current()).isSameAs(good);
        }

        @Test
        void reloadShouldKeepTheGoodListWhenTheNewListIsEmpty() throws IOException {
            TrustList good = trustList.current();
            publish(TrustListXml.list().bytes());

            assertThat(trustList.reload()).isInstanceOfSatisfying(ReloadOutcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(Reason.EMPTY));
            assertThat(trustList.current()).isSameAs(good);
        }

        @Test
        void reloadShouldSwapWhenTheNewFileIsGood() throws IOException {
            publish(TrustListXml.list().domains(10).domain("nouveau.mssante.fr", TrustListXml.OPERATOR_B, "2025-03-20T10:00:00Z").bytes());
            clock.advance(Duration.ofMinutes(5));

            ReloadOutcome outcome = trustList.reload();

            assertThat(outcome).isInstanceOfSatisfying(ReloadOutcome.Swapped.class, swapped -> {
                assertThat(swapped.status().domainCount()).isEqualTo(11);
                assertThat(swapped.status().loadedAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
                assertThat(swapped.status().latestUpdate()).contains(Instant.parse("2025-03-20T10:00:00Z"));
            });
            assertThat(trustList.isKnownDomain("nouveau.mssante.fr")).isTrue();
        }

        @Test
        void reloadShouldSwapAfterARejectedFileWhenAGoodOneArrives() throws IOException {
            publish("garbage".getBytes(StandardCharsets.UTF_8));
            trustList.reload();
            publish(TrustListXml.list().domains(11).bytes());

            assertThat(trustList.reload()).isInstanceOf(ReloadOutcome.Swapped.class);
            assertThat(trustList.current().domainCount()).isEqualTo(11);
            assertThat(trustList.status().lastRejection()).isEmpty();
        }

        @Test
        void rejectionShouldClearWhenTheFileInForceIsBack() throws IOException {
            byte[] good = Files.readAllBytes(file);
            publish("garbage".getBytes(StandardCharsets.UTF_8));
            trustList.reload();
            publish(good);

            assertThat(trustList.reload()).isInstanceOf(ReloadOutcome.Unchanged.class);
            assertThat(trustList.status().lastRejection()).isEmpty();
        }

        @Test
        void reloadShouldReportUnchangedWhenContentIsTheSame() throws IOException {
            TrustList same = trustList.current();
            publish(TrustListXml.list().domains(10).bytes());

            assertThat(trustList.reload()).isInstanceOf(ReloadOutcome.Unchanged.class);
            assertThat(trustList.current()).isSameAs(same);
        }

        @Test
        void reloadShouldRefuseAListThatDropsTooManyDomains() throws IOException {
            TrustList good = trustList.current();
            publish(TrustListXml.list().domains(7).bytes());

            ReloadOutcome outcome = trustList.reload();

            assertThat(outcome).isInstanceOfSatisfying(ReloadOutcome.Rejected.class, rejected -> {
                assertThat(rejected.reason()).isEqualTo(Reason.TOO_MANY_DOMAINS_DROPPED);
                assertThat(rejected.message()).contains("7 domains where the list in force has 10");
            });
            assertThat(trustList.current()).isSameAs(good);
        }

        @Test
        void reloadShouldAcceptAListThatDropsAFewDomains() throws IOException {
            publish(TrustListXml.list().domains(8).bytes());

            assertThat(trustList.reload()).isInstanceOf(ReloadOutcome.Swapped.class);
            assertThat(trustList.current().domainCount()).isEqualTo(8);
        }

        @Test
        void forceReloadShouldAcceptAListThatDropsManyDomains() throws IOException {
            publish(TrustListXml.list().domains(2).bytes());

            assertThat(trustList.forceReload()).isInstanceOf(ReloadOutcome.Swapped.class);
            assertThat(trustList.current().domainCount()).isEqualTo(2);
        }

        @Test
        void forceReloadShouldStillRefuseAMalformedFile() throws IOException {
            publish("garbage".getBytes(StandardCharsets.UTF_8));

            assertThat(trustList.forceReload()).isInstanceOf(ReloadOutcome.Rejected.class);
            assertThat(trustList.current().domainCount()).isEqualTo(10);
        }
    }

    @Nested
    class Poll {
        private ReloadingTrustList trustList;

        @BeforeEach
        void loadGoodList() throws Exception {
            publish(TrustListXml.list().domains(10).bytes());
            trustList = ReloadingTrustList.load(configuration, clock);
        }

        @Test
        void checkForChangesShouldNotReadTheFileWhenNothingChanged() {
            clock.advance(Duration.ofMinutes(1));

            ReloadOutcome outcome = trustList.checkForChanges();

            assertThat(outcome).isInstanceOf(ReloadOutcome.Unchanged.class);
            assertThat(trustList.status().lastCheckAt()).isEqualTo(START);
        }

        @Test
        void checkForChangesShouldSwapWhenANewFileIsPublished() throws IOException {
            publish(TrustListXml.list().domains(11).bytes());

            assertThat(trustList.checkForChanges()).isInstanceOf(ReloadOutcome.Swapped.class);
            assertThat(trustList.current().domainCount()).isEqualTo(11);
        }

        @Test
        void checkForChangesShouldReportABadFileOnlyOnceUntilItChanges() throws IOException {
            publish("garbage".getBytes(StandardCharsets.UTF_8));

            assertThat(trustList.checkForChanges()).isInstanceOf(ReloadOutcome.Rejected.class);
            assertThat(trustList.checkForChanges()).isInstanceOf(ReloadOutcome.Unchanged.class);
            assertThat(trustList.current().domainCount()).isEqualTo(10);

            publish(TrustListXml.list().domains(12).bytes());
            assertThat(trustList.checkForChanges()).isInstanceOf(ReloadOutcome.Swapped.class);
        }

        @Test
        void checkForChangesShouldRetryWhenOnlyTheSideFileIsFixed() throws IOException {
            byte[] next = TrustListXml.list().domains(12).bytes();
            Files.write(file, next);
            Files.writeString(sideFile(), "0".repeat(64));
            assertThat(trustList.checkForChanges()).isInstanceOf(ReloadOutcome.Rejected.class);

            Files.writeString(sideFile(), TrustListLoader.sha256(next) + "  liste-blanche.xml\n");

            assertThat(trustList.checkForChanges()).isInstanceOf(ReloadOutcome.Swapped.class);
        }

        @Test
        void startShouldScheduleThePollAtTheConfiguredInterval() throws Exception {
            ScheduledExecutorService scheduler = mock(ScheduledExecutorService.class);
            ScheduledFuture<?> future = mock(ScheduledFuture.class);
            ArgumentCaptor<Runnable> task = ArgumentCaptor.forClass(Runnable.class);
            when(scheduler.scheduleWithFixedDelay(task.capture(), anyLong(), anyLong(), any())).thenAnswer(invocation -> future);

            ReloadingTrustList polled = ReloadingTrustList.start(configuration.withPollInterval(Duration.ofSeconds(30)), clock, scheduler);
            verify(scheduler).scheduleWithFixedDelay(any(), eq(30_000L), eq(30_000L), eq(TimeUnit.MILLISECONDS));

            publish(TrustListXml.list().domains(11).bytes());
            task.getValue().run();
            assertThat(polled.current().domainCount()).isEqualTo(11);

            polled.close();
            verify(future).cancel(false);
        }
    }

    /** The list as the ANS publishes it, with a few malformed entries ({@link TrustListXml#nationalShape()}). */
    @Nested
    class MalformedEntries {
        private final byte[] national = TrustListXml.nationalShape().bytes();
        private final ListAppender<ILoggingEvent> log = new ListAppender<>();
        private final Logger logger = (Logger) LoggerFactory.getLogger(ReloadingTrustList.class);

        @BeforeEach
        void captureLog() {
            log.start();
            logger.addAppender(log);
        }

        @AfterEach
        void releaseLog() {
            logger.detachAppender(log);
        }

        @Test
        void loadShouldStartWithTheListAndNameTheSkippedEntryInOneWarnLine() throws Exception {
            publish(national);

            ReloadingTrustList trustList = ReloadingTrustList.load(configuration, clock);

            assertThat(trustList.current().domainCount()).isEqualTo(482);
            assertThat(trustList.isKnownDomain(TrustListXml.QUOTED_DN_DOMAIN)).isTrue();
            assertThat(trustList.status().skipped()).singleElement()
                .satisfies(skipped -> assertThat(skipped.index()).isEqualTo(TrustListXml.ADDRESS_ENTRY));
            assertThat(warnings()).singleElement().satisfies(line -> assertThat(line)
                .contains("malformed Domaine entries skipped: 1;", "entry " + TrustListXml.ADDRESS_ENTRY + " (line ",
                    "Nom is an e-mail address, not a domain name", TrustListLoader.sha256(national))
                .doesNotContain("sessad", "exemple-asso", "contact"));
        }

        @Test
        void checkForChangesShouldSwapToANewListWithMalformedEntries() throws Exception {
            publish(TrustListXml.list().domains(10).bytes());
            ReloadingTrustList trustList = ReloadingTrustList.load(configuration, clock);
            publish(national);

            ReloadOutcome outcome = trustList.checkForChanges();

            assertThat(outcome).isInstanceOfSatisfying(ReloadOutcome.Swapped.class, swapped -> {
                assertThat(swapped.status().domainCount()).isEqualTo(482);
                assertThat(swapped.status().skipped()).hasSize(1);
            });
            assertThat(trustList.isKnownDomain(TrustListXml.nationalDomain(479))).isTrue();
            assertThat(trustList.status().lastRejection()).isEmpty();
            assertThat(warnings()).hasSize(1);
        }

        @Test
        void reloadShouldNotRepeatTheWarningWhenTheFileIsTheSame() throws Exception {
            publish(national);
            ReloadingTrustList trustList = ReloadingTrustList.load(configuration, clock);
            publish(national);

            assertThat(trustList.reload()).isInstanceOf(ReloadOutcome.Unchanged.class);
            assertThat(warnings()).hasSize(1);
        }

        @Test
        void reloadShouldKeepTheListWhenTheNextFileIsTruncated() throws Exception {
            publish(national);
            ReloadingTrustList trustList = ReloadingTrustList.load(configuration, clock);
            TrustList inForce = trustList.current();
            publish(Arrays.copyOf(national, national.length - 200));

            ReloadOutcome outcome = trustList.reload();

            assertThat(outcome).isInstanceOfSatisfying(ReloadOutcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(Reason.MALFORMED_XML));
            assertThat(trustList.current()).isSameAs(inForce);
            assertThat(trustList.status().skipped()).hasSize(1);
            assertThat(trustList.status().lastRejection()).isPresent();
        }

        @Test
        void reloadShouldKeepTheListWhenTooManyEntriesOfTheNextFileAreMalformed() throws Exception {
            publish(national);
            ReloadingTrustList trustList = ReloadingTrustList.load(configuration, clock);
            TrustList inForce = trustList.current();
            publish(new String(national, StandardCharsets.UTF_8).replace(",C=FR</DNCertificatOperateur>", ",X=FR</DNCertificatOperateur>")
                .getBytes(StandardCharsets.UTF_8));

            ReloadOutcome outcome = trustList.forceReload();

            assertThat(outcome).isInstanceOfSatisfying(ReloadOutcome.Rejected.class, rejected -> {
                assertThat(rejected.reason()).isEqualTo(Reason.TOO_MANY_INVALID_ENTRIES);
                assertThat(rejected.message()).contains("536 of 536 Domaine entries are malformed");
            });
            assertThat(trustList.current()).isSameAs(inForce);
        }

        private List<String> warnings() {
            return log.list.stream().filter(event -> event.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Test
    void currentShouldNeverBeEmptyWhileReloadsSwapConcurrently() throws Exception {
        configuration = configuration.withMaxDroppedFraction(1.0);
        publish(TrustListXml.list().domains(10).bytes());
        ReloadingTrustList trustList = ReloadingTrustList.load(configuration, clock);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger anomalies = new AtomicInteger();
        CountDownLatch readersDone = new CountDownLatch(2);
        for (int r = 0; r < 2; r++) {
            Thread reader = new Thread(() -> {
                while (!stop.get()) {
                    TrustList list = trustList.current();
                    if (list == null || list.domainCount() == 0 || !list.isKnownDomain("d0.example.fr")) {
                        anomalies.incrementAndGet();
                    }
                }
                readersDone.countDown();
            });
            reader.start();
        }

        for (int i = 0; i < 30; i++) {
            publish(i % 3 == 2 ? "broken".getBytes(StandardCharsets.UTF_8) : TrustListXml.list().domains(5 + i).bytes());
            trustList.reload();
        }
        stop.set(true);

        assertThat(readersDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(anomalies).hasValue(0);
    }

    /** Writes the file and its side file the way a download job would: temporary file, then atomic rename. */
    private void publish(byte[] content) throws IOException {
        Path temporary = Files.createTempFile(directory, "download", ".tmp");
        Files.write(temporary, content);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(sideFile(), TrustListLoader.sha256(content) + "  liste-blanche.xml\n");
    }

    private Path sideFile() {
        return directory.resolve("liste-blanche.xml.sha256");
    }

}
