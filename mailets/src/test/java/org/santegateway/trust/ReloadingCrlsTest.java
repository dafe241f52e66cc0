package org.santegateway.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingCrlsTest {
    static final TestCa ROOT = TestCa.root("CN=Test Root CA, O=Test PKI, C=FR");
    static final TestCa INTERMEDIATE = ROOT.intermediate("CN=Test Operators CA, O=Test PKI, C=FR");
    /** Another CA with the very same name: its CRLs must not be taken for the root's. */
    static final TestCa IMPOSTOR = TestCa.root("CN=Test Root CA, O=Test PKI, C=FR");
    static final X509Certificate PEER = INTERMEDIATE.endEntity("CN=mx.peer.test, O=Peer, C=FR");

    @TempDir
    Path directory;
    Path rootFile;
    Path intermediateFile;
    MutableClock clock;

    @BeforeEach
    void setUp() {
        rootFile = directory.resolve("root.crl");
        intermediateFile = directory.resolve("operators.crl");
        clock = new MutableClock(TestCa.NOW);
    }

    ReloadingCrls load() throws CrlException {
        return ReloadingCrls.load(List.of(rootFile, intermediateFile), List.of(ROOT.certificate, INTERMEDIATE.certificate), clock);
    }

    /** As the refresh job does it: a new file moved over the old one. */
    void publish(Path file, X509CRL... crls) throws Exception {
        Path temporary = Files.createTempFile(directory, "crl", ".tmp");
        TestCa.writePem(temporary, List.of(crls));
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    void publishBytes(Path file, byte[] content) throws Exception {
        Path temporary = Files.createTempFile(directory, "crl", ".tmp");
        Files.write(temporary, content);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Nested
    class FirstLoad {
        @Test
        void loadShouldTakeVerifiedCrlsAndDescribeThem() throws Exception {
            publish(rootFile, ROOT.currentCrl(1, INTERMEDIATE.certificate));
            publishBytes(intermediateFile, INTERMEDIATE.currentCrl(7, PEER).getEncoded());

            ReloadingCrls crls = load();

            assertThat(crls.crls()).hasSize(2);
            assertThat(crls.status().crls()).anySatisfy(crl -> {
                assertThat(crl.issuer()).isEqualTo("CN=Test Operators CA,O=Test PKI,C=FR");
                assertThat(crl.thisUpdate()).isEqualTo(TestCa.NOW.minus(Duration.ofHours(1)));
                assertThat(crl.nextUpdate()).contains(TestCa.NOW.plus(Duration.ofDays(3)));
                assertThat(crl.crlNumber()).contains(BigInteger.valueOf(7));
                assertThat(crl.revokedCount()).isEqualTo(1);
                assertThat(crl.file()).isEqualTo(intermediateFile);
                assertThat(crl.isCurrentAt(TestCa.NOW)).isTrue();
            });
            assertThat(crls.status().rejections()).isEmpty();
            assertThat(crls.status().earliestNextUpdate()).contains(TestCa.NOW.plus(Duration.ofDays(3)));
        }

        @Test
        void loadShouldKeepOnlyTheNewestCrlOfAnIssuer() throws Exception {
            publish(rootFile, ROOT.currentCrl(3), ROOT.crl(TestCa.NOW.minus(Duration.ofDays(2)), TestCa.NOW.plus(Duration.ofDays(1)), 2));
            publish(intermediateFile, INTERMEDIATE.currentCrl(1));

            ReloadingCrls crls = load();

            assertThat(crls.status().crls()).filteredOn(crl -> crl.issuer().startsWith("CN=Test Root CA"))
                .singleElement().satisfies(crl -> assertThat(crl.crlNumber()).contains(BigInteger.valueOf(3)));
        }

        @Test
        void loadShouldFailNamingTheFileWhenItDoesNotParse() throws Exception {
            publish(rootFile, ROOT.currentCrl(1));
            publishBytes(intermediateFile, "-----BEGIN X509 CRL-----\nnot base64\n-----END X509 CRL-----\n".getBytes(StandardCharsets.US_ASCII));

            assertThatThrownBy(ReloadingCrlsTest.this::load)
                .isInstanceOf(CrlException.class)
                .hasMessageContaining(intermediateFile.toString())
                .hasMessageContaining("not a PEM or DER CRL file");
        }

        @Test
        void loadShouldFailWhenTheSignatureIsNotThatOfTheNamedCa() throws Exception {
            publish(rootFile, IMPOSTOR.currentCrl(1));
            publish(intermediateFile, INTERMEDIATE.currentCrl(1));

            assertThatThrownBy(ReloadingCrlsTest.this::load)
                .isInstanceOf(CrlException.class)
                .hasMessageContaining(rootFile.toString())
                .hasMessageContaining("does not verify");
        }

        @Test
        void loadShouldFailWhenTheIssuerIsNotAKnownCa() throws Exception {
            TestCa stranger = TestCa.root("CN=Stranger CA, C=FR");
            publish(rootFile, stranger.currentCrl(1));
            publish(intermediateFile, INTERMEDIATE.currentCrl(1));

            assertThatThrownBy(ReloadingCrlsTest.this::load)
                .isInstanceOf(CrlException.class)
                .hasMessageContaining("not a configured trust anchor or intermediate CA");
        }

        @Test
        void loadShouldFailWhenAFileIsMissing() throws Exception {
            publish(rootFile, ROOT.currentCrl(1));

            assertThatThrownBy(ReloadingCrlsTest.this::load)
                .isInstanceOf(CrlException.class)
                .hasMessageContaining(intermediateFile + ": missing");
        }

        @Test
        void loadShouldRefuseACrlWithoutNextUpdate() throws Exception {
            publish(rootFile, ROOT.crl(TestCa.NOW, null, 1));
            publish(intermediateFile, INTERMEDIATE.currentCrl(1));

            assertThatThrownBy(ReloadingCrlsTest.this::load)
                .isInstanceOf(CrlException.class)
                .hasMessageContaining("no nextUpdate");
        }

        @Test
        void loadShouldAcceptAnExpiredCrlAndShowIt() throws Exception {
            publish(rootFile, ROOT.crl(TestCa.NOW.minus(Duration.ofDays(10)), TestCa.NOW.minus(Duration.ofDays(3)), 1));
            publish(intermediateFile, INTERMEDIATE.currentCrl(1));

            ReloadingCrls crls = load();

            assertThat(crls.status().earliestNextUpdate()).contains(TestCa.NOW.minus(Duration.ofDays(3)));
            assertThat(crls.status().crls()).filteredOn(crl -> !crl.isCurrentAt(TestCa.NOW)).hasSize(1);
        }

        @Test
        void noFileShouldMeanNoCrl() throws Exception {
            ReloadingCrls crls = ReloadingCrls.load(List.of(), List.of(ROOT.certificate), clock);

            assertThat(crls.crls()).isEmpty();
            assertThat(crls.status().earliestNextUpdate()).isEmpty();
        }
    }

    @Nested
    class Reload {
        ReloadingCrls crls;

        @BeforeEach
        void loadCurrentCrls() throws Exception {
            publish(rootFile, ROOT.currentCrl(1));
            publish(intermediateFile, INTERMEDIATE.currentCrl(1));
            crls = load();
        }

        @Test
        void aNewerCrlShouldReplaceTheOlderOneWhenTheFileChanges() throws Exception {
            List<X509CRL> before = crls.crls();
            long generation = crls.generation();
            clock.advance(Duration.ofDays(1));
            publish(intermediateFile, INTERMEDIATE.crl(clock.instant(), clock.instant().plus(Duration.ofDays(3)), 2, PEER));

            ReloadingCrls.Outcome outcome = crls.checkForChanges();

            assertThat(outcome.changed()).isTrue();
            assertThat(outcome.rejected()).isEmpty();
            assertThat(crls.crls()).isNotEqualTo(before);
            assertThat(crls.generation()).isEqualTo(generation + 1);
            assertThat(crls.crls()).anySatisfy(crl -> assertThat(crl.isRevoked(PEER)).isTrue());
            assertThat(crls.status().crls()).filteredOn(crl -> crl.file().equals(intermediateFile))
                .singleElement().satisfies(crl -> {
                    assertThat(crl.crlNumber()).contains(BigInteger.TWO);
                    assertThat(crl.loadedAt()).isEqualTo(clock.instant());
                });
        }

        @Test
        void anUnchangedFileShouldNotBeReadAgainByThePoll() throws Exception {
            List<X509CRL> before = crls.crls();

            ReloadingCrls.Outcome outcome = crls.checkForChanges();

            assertThat(outcome.changed()).isFalse();
            assertThat(crls.crls()).isSameAs(before);
        }

        @Test
        void aFileThatNoLongerParsesShouldBeRefusedAndTheLastGoodCrlsStayInForce() throws Exception {
            List<X509CRL> before = crls.crls();
            publishBytes(intermediateFile, "garbage".getBytes(StandardCharsets.US_ASCII));

            ReloadingCrls.Outcome outcome = crls.checkForChanges();

            assertThat(outcome.changed()).isFalse();
            assertThat(outcome.rejected()).singleElement().satisfies(rejection -> {
                assertThat(rejection.file()).isEqualTo(intermediateFile);
                assertThat(rejection.message()).contains(intermediateFile.toString()).contains("not a PEM or DER CRL file");
            });
            assertThat(crls.crls()).isEqualTo(before);
            assertThat(crls.status().rejections()).hasSize(1);
        }

        @Test
        void aRefusedFileShouldBeReportedOnceNotAtEveryPoll() throws Exception {
            publishBytes(intermediateFile, "garbage".getBytes(StandardCharsets.US_ASCII));
            assertThat(crls.checkForChanges().rejected()).hasSize(1);

            assertThat(crls.checkForChanges().rejected()).isEmpty();
            assertThat(crls.status().rejections()).hasSize(1);
        }

        @Test
        void aFileSignedByAnotherKeyShouldBeRefused() throws Exception {
            List<X509CRL> before = crls.crls();
            publish(rootFile, IMPOSTOR.crl(TestCa.NOW, TestCa.NOW.plus(Duration.ofDays(5)), 9));

            ReloadingCrls.Outcome outcome = crls.reload();

            assertThat(outcome.rejected()).singleElement().satisfies(rejection -> assertThat(rejection.message()).contains("does not verify"));
            assertThat(crls.crls()).isEqualTo(before);
        }

        @Test
        void anOlderCrlPutBackShouldBeRefused() throws Exception {
            clock.advance(Duration.ofDays(1));
            publish(intermediateFile, INTERMEDIATE.crl(clock.instant(), clock.instant().plus(Duration.ofDays(3)), 5, PEER));
            assertThat(crls.checkForChanges().changed()).isTrue();
            List<X509CRL> newer = crls.crls();

            // The CRL of number 4 does not list the peer: putting it back would lift the revocation.
            publish(intermediateFile, INTERMEDIATE.crl(clock.instant().minus(Duration.ofHours(2)), clock.instant().plus(Duration.ofDays(3)), 4));
            ReloadingCrls.Outcome outcome = crls.checkForChanges();

            assertThat(outcome.rejected()).singleElement().satisfies(rejection -> assertThat(rejection.message()).contains("older than the one in force"));
            assertThat(crls.crls()).isEqualTo(newer);
            assertThat(crls.crls()).anySatisfy(crl -> assertThat(crl.isRevoked(PEER)).isTrue());
        }

        @Test
        void aDeletedFileShouldBeRefusedAndItsCrlsStayInForce() throws Exception {
            List<X509CRL> before = crls.crls();
            Files.delete(rootFile);

            ReloadingCrls.Outcome outcome = crls.checkForChanges();

            assertThat(outcome.rejected()).singleElement().satisfies(rejection -> assertThat(rejection.message()).endsWith("missing"));
            assertThat(crls.crls()).isEqualTo(before);
        }

        @Test
        void aBadFileShouldNotHoldBackAGoodOneOfAnotherIssuer() throws Exception {
            clock.advance(Duration.ofDays(1));
            publishBytes(rootFile, "garbage".getBytes(StandardCharsets.US_ASCII));
            publish(intermediateFile, INTERMEDIATE.crl(clock.instant(), clock.instant().plus(Duration.ofDays(3)), 2, PEER));

            ReloadingCrls.Outcome outcome = crls.checkForChanges();

            assertThat(outcome.changed()).isTrue();
            assertThat(outcome.rejected()).singleElement().satisfies(rejection -> assertThat(rejection.file()).isEqualTo(rootFile));
            assertThat(crls.crls()).hasSize(2).anySatisfy(crl -> assertThat(crl.isRevoked(PEER)).isTrue());
        }

        @Test
        void theGoodFilePutBackShouldClearTheRefusal() throws Exception {
            byte[] good = Files.readAllBytes(rootFile);
            publishBytes(rootFile, "garbage".getBytes(StandardCharsets.US_ASCII));
            assertThat(crls.checkForChanges().rejected()).hasSize(1);

            publishBytes(rootFile, good);
            ReloadingCrls.Outcome outcome = crls.checkForChanges();

            assertThat(outcome.rejected()).isEmpty();
            assertThat(outcome.changed()).isFalse();
            assertThat(crls.status().rejections()).isEmpty();
        }

        @Test
        void anExplicitReloadShouldReadFilesEvenWhenTheyLookUnchanged() throws Exception {
            publishBytes(intermediateFile, "garbage".getBytes(StandardCharsets.US_ASCII));

            assertThat(crls.reload().rejected()).hasSize(1);
            assertThat(crls.reload().rejected()).hasSize(1);
        }
    }

    @Test
    void startShouldPollTheFilesAtTheConfiguredInterval() throws Exception {
        publish(rootFile, ROOT.currentCrl(1));
        ScheduledExecutorService scheduler = mock(ScheduledExecutorService.class);

        ReloadingCrls.start(List.of(rootFile), List.of(ROOT.certificate), clock, scheduler, Duration.ofSeconds(30));

        verify(scheduler).scheduleWithFixedDelay(any(Runnable.class), eq(30_000L), eq(30_000L), eq(TimeUnit.MILLISECONDS));
    }

    @Test
    void newerShouldCompareCrlNumbersThenDates() {
        X509CRL first = ROOT.crl(TestCa.NOW, TestCa.NOW.plus(Duration.ofDays(1)), 1);
        X509CRL second = ROOT.crl(TestCa.NOW.minus(Duration.ofHours(1)), TestCa.NOW.plus(Duration.ofDays(1)), 2);

        assertThat(ReloadingCrls.isNewer(second, first)).isTrue();
        assertThat(ReloadingCrls.isNewer(first, second)).isFalse();
        assertThat(ReloadingCrls.number(first)).isEqualTo(Optional.of(BigInteger.ONE));
    }
}
