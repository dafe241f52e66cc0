package org.santegateway.server.smime;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.pki.PemFiles;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority;
import org.santegateway.pki.RevocationPolicy;
import org.santegateway.pki.VerificationTrust;
import org.santegateway.trust.ReloadingCrls;

/** Inbound S/MIME verifies with the CRLs in force: a reloaded CRL file takes effect without a restart. */
class ReloadedVerificationTrustTest {
    static final DevelopmentCertificateAuthority CA = DevelopmentCertificateAuthority.create(Clock.systemUTC());

    @TempDir
    Path directory;

    @Test
    void theTrustShouldFollowTheCrlsInForce() throws Exception {
        Path file = directory.resolve("ca.crl");
        PemFiles.writeCrl(file, CA.issueCrl(List.of(), Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(3)), BigInteger.ONE));
        ReloadingCrls crls = ReloadingCrls.load(List.of(file), List.of(CA.certificate()), Clock.systemUTC());
        ReloadedVerificationTrust supplier = new ReloadedVerificationTrust(List.of(CA.certificate()), List.of(), RevocationPolicy.REQUIRE_CRL, crls);
        VerificationTrust first = supplier.get();
        assertThat(supplier.get()).isSameAs(first);

        X509CRL newer = CA.issueCrl(List.of(BigInteger.TEN), Instant.now(), Instant.now().plus(Duration.ofDays(3)), BigInteger.TWO);
        PemFiles.writeCrl(file, newer);
        assertThat(crls.reload().changed()).isTrue();

        VerificationTrust second = supplier.get();
        assertThat(second).isNotSameAs(first);
        assertThat(second.crls()).containsExactly(newer);
        assertThat(second.revocationPolicy()).isEqualTo(RevocationPolicy.REQUIRE_CRL);
        assertThat(second.anchors()).containsExactly(CA.certificate());
    }
}
