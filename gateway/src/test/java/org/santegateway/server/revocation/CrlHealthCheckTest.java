package org.santegateway.server.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.healthcheck.Result;
import org.apache.james.core.healthcheck.ResultStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.pki.PemFiles;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority;
import org.santegateway.pki.RevocationPolicy;
import org.santegateway.trust.ReloadingCrls;

class CrlHealthCheckTest {
    static final DevelopmentCertificateAuthority CA = DevelopmentCertificateAuthority.create(Clock.systemUTC());
    static final Instant NOW = Instant.now();

    @TempDir
    Path directory;

    RevocationSettings settings(RevocationPolicy smime, RevocationPolicy operators, List<Path> crls) {
        return new RevocationSettings(smime, operators, crls, List.of(), Duration.ofSeconds(60));
    }

    Result evaluate(RevocationSettings settings, Instant at) throws Exception {
        ReloadingCrls crls = ReloadingCrls.load(settings.crls(), List.of(CA.certificate()), Clock.fixed(NOW, ZoneOffset.UTC));
        return new CrlHealthCheck(crls, settings, Clock.fixed(at, ZoneOffset.UTC)).evaluate();
    }

    Path crl(Instant thisUpdate, Instant nextUpdate) throws Exception {
        Path file = directory.resolve("ca.crl");
        PemFiles.writeCrl(file, CA.issueCrl(List.of(), thisUpdate, nextUpdate, BigInteger.ONE));
        return file;
    }

    @Test
    void currentCrlsShouldBeHealthy() throws Exception {
        Path file = crl(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(3)));

        assertThat(evaluate(settings(RevocationPolicy.REQUIRE_CRL, RevocationPolicy.REQUIRE_CRL, List.of(file)), NOW).getStatus())
            .isEqualTo(ResultStatus.HEALTHY);
    }

    @Test
    void aRequiredCrlPastItsNextUpdateShouldBeUnhealthy() throws Exception {
        Path file = crl(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(3)));

        Result result = evaluate(settings(RevocationPolicy.NONE, RevocationPolicy.REQUIRE_CRL, List.of(file)), NOW.plus(Duration.ofDays(4)));

        assertThat(result.getStatus()).isEqualTo(ResultStatus.UNHEALTHY);
        assertThat(result.getCause()).hasValueSatisfying(cause -> assertThat(cause).contains("past its nextUpdate"));
    }

    @Test
    void anUnrequiredCrlPastItsNextUpdateShouldBeDegraded() throws Exception {
        Path file = crl(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(3)));

        assertThat(evaluate(settings(RevocationPolicy.NONE, RevocationPolicy.NONE, List.of(file)), NOW.plus(Duration.ofDays(4))).getStatus())
            .isEqualTo(ResultStatus.DEGRADED);
    }

    @Test
    void aCrlCloseToItsNextUpdateShouldBeDegraded() throws Exception {
        Path file = crl(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(3)));

        Result result = evaluate(settings(RevocationPolicy.REQUIRE_CRL, RevocationPolicy.REQUIRE_CRL, List.of(file)),
            NOW.plus(Duration.ofDays(3)).minus(Duration.ofHours(2)));

        assertThat(result.getStatus()).isEqualTo(ResultStatus.DEGRADED);
        assertThat(result.getCause()).hasValueSatisfying(cause -> assertThat(cause).contains("within 24 hours"));
    }

    @Test
    void requiredRevocationWithoutCrlShouldBeUnhealthy() throws Exception {
        assertThat(evaluate(settings(RevocationPolicy.REQUIRE_CRL, RevocationPolicy.NONE, List.of()), NOW).getStatus())
            .isEqualTo(ResultStatus.UNHEALTHY);
        assertThat(evaluate(settings(RevocationPolicy.NONE, RevocationPolicy.NONE, List.of()), NOW).getStatus())
            .isEqualTo(ResultStatus.HEALTHY);
    }

    @Test
    void theGaugeShouldCountDaysUntilTheEarliestNextUpdate() {
        assertThat(CrlModule.daysUntil(Optional.of(NOW.plus(Duration.ofHours(36))), NOW)).isEqualTo(1.5);
        assertThat(CrlModule.daysUntil(Optional.of(NOW.minus(Duration.ofDays(2))), NOW)).isEqualTo(-2.0);
        assertThat(CrlModule.daysUntil(Optional.empty(), NOW)).isNaN();
    }
}
