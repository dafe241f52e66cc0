package org.santegateway.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.santegateway.pki.RevocationPolicy;
import org.santegateway.trust.OperatorCertificateRevocation.Outcome;

class OperatorCertificateRevocationTest {
    static final TestCa ROOT = ReloadingCrlsTest.ROOT;
    static final TestCa INTERMEDIATE = ReloadingCrlsTest.INTERMEDIATE;
    static final X509Certificate PEER = ReloadingCrlsTest.PEER;
    static final X509Certificate OTHER_PEER = INTERMEDIATE.endEntity("CN=mx.other.test, O=Other, C=FR");

    final MutableClock clock = new MutableClock(TestCa.NOW);
    final AtomicReference<List<X509CRL>> crls = new AtomicReference<>(List.of(ROOT.currentCrl(1), INTERMEDIATE.currentCrl(1, OTHER_PEER)));

    OperatorCertificateRevocation revocation(RevocationPolicy policy) {
        return new OperatorCertificateRevocation(policy, List.of(ROOT.certificate), List.of(), crls::get, clock);
    }

    @Test
    void aChainNotOnTheCurrentCrlsShouldBeGood() {
        assertThat(revocation(RevocationPolicy.REQUIRE_CRL).check(List.of(PEER, INTERMEDIATE.certificate)).outcome()).isEqualTo(Outcome.GOOD);
    }

    @Test
    void aChainWithTheAnchorIncludedShouldBeCheckedToo() {
        assertThat(revocation(RevocationPolicy.REQUIRE_CRL).check(List.of(OTHER_PEER, INTERMEDIATE.certificate, ROOT.certificate)).outcome())
            .isEqualTo(Outcome.REVOKED);
    }

    @Test
    void aRevokedLeafShouldBeRevokedNamingItBySerialOnly() {
        OperatorCertificateRevocation.Verdict verdict = revocation(RevocationPolicy.REQUIRE_CRL)
            .check(List.of(OTHER_PEER, INTERMEDIATE.certificate));

        assertThat(verdict.outcome()).isEqualTo(Outcome.REVOKED);
        assertThat(verdict.refused()).isTrue();
        assertThat(verdict.detail()).contains("serial " + OTHER_PEER.getSerialNumber().toString(16)).doesNotContain("mx.other.test");
    }

    @Test
    void aRevokedIntermediateShouldRevokeTheChain() {
        crls.set(List.of(ROOT.currentCrl(2, INTERMEDIATE.certificate), INTERMEDIATE.currentCrl(1)));

        OperatorCertificateRevocation.Verdict verdict = revocation(RevocationPolicy.REQUIRE_CRL).check(List.of(PEER, INTERMEDIATE.certificate));

        assertThat(verdict.outcome()).isEqualTo(Outcome.REVOKED);
        assertThat(verdict.detail()).contains("CA certificate 1");
    }

    @Test
    void aMissingCrlShouldFailClosed() {
        crls.set(List.of(ROOT.currentCrl(1)));

        assertThat(revocation(RevocationPolicy.REQUIRE_CRL).check(List.of(PEER, INTERMEDIATE.certificate)).outcome())
            .isEqualTo(Outcome.NO_CURRENT_CRL);
    }

    @Test
    void aCrlPastItsNextUpdateShouldFailClosed() {
        clock.advance(Duration.ofDays(4));

        assertThat(revocation(RevocationPolicy.REQUIRE_CRL).check(List.of(PEER, INTERMEDIATE.certificate)).outcome())
            .isEqualTo(Outcome.NO_CURRENT_CRL);
    }

    @Test
    void newCrlsShouldTakeEffectAtTheNextCheck() {
        OperatorCertificateRevocation revocation = revocation(RevocationPolicy.REQUIRE_CRL);
        assertThat(revocation.check(List.of(PEER, INTERMEDIATE.certificate)).outcome()).isEqualTo(Outcome.GOOD);

        crls.set(List.of(ROOT.currentCrl(1), INTERMEDIATE.currentCrl(2, PEER, OTHER_PEER)));

        assertThat(revocation.check(List.of(PEER, INTERMEDIATE.certificate)).outcome()).isEqualTo(Outcome.REVOKED);
    }

    @Test
    void configuredIntermediatesShouldCompleteAChainThePeerSentWithoutThem() {
        OperatorCertificateRevocation revocation = new OperatorCertificateRevocation(RevocationPolicy.REQUIRE_CRL, List.of(ROOT.certificate),
            List.of(INTERMEDIATE.certificate), crls::get, clock);

        assertThat(revocation.check(List.of(OTHER_PEER)).outcome()).isEqualTo(Outcome.REVOKED);
    }

    @Test
    void aChainOfAnotherCaShouldBeInvalid() {
        TestCa stranger = TestCa.root("CN=Stranger CA, C=FR");

        assertThat(revocation(RevocationPolicy.REQUIRE_CRL).check(List.of(stranger.endEntity("CN=x, C=FR"))).outcome())
            .isEqualTo(Outcome.INVALID);
    }

    @Test
    void nothingShouldBeCheckedWithoutRevocation() {
        crls.set(List.of());

        OperatorCertificateRevocation.Verdict verdict = revocation(RevocationPolicy.NONE).check(List.of(OTHER_PEER, INTERMEDIATE.certificate));

        assertThat(verdict.outcome()).isEqualTo(Outcome.NOT_CHECKED);
        assertThat(verdict.refused()).isFalse();
    }

    @Test
    void aGoodVerdictShouldNotOutliveTheNextUpdateOfTheCrls() {
        OperatorCertificateRevocation revocation = revocation(RevocationPolicy.REQUIRE_CRL);
        assertThat(revocation.check(List.of(PEER, INTERMEDIATE.certificate)).outcome()).isEqualTo(Outcome.GOOD);
        assertThat(revocation.check(List.of(PEER, INTERMEDIATE.certificate)).outcome()).isEqualTo(Outcome.GOOD);

        clock.advance(Duration.ofDays(3).plusHours(1));

        assertThat(revocation.check(List.of(PEER, INTERMEDIATE.certificate)).outcome()).isEqualTo(Outcome.NO_CURRENT_CRL);
    }

    @Test
    void aRevokedVerdictShouldBeForgottenWithTheCrlsThatGaveIt() {
        OperatorCertificateRevocation revocation = revocation(RevocationPolicy.REQUIRE_CRL);
        assertThat(revocation.check(List.of(OTHER_PEER, INTERMEDIATE.certificate)).outcome()).isEqualTo(Outcome.REVOKED);

        crls.set(List.of(ROOT.currentCrl(1), INTERMEDIATE.currentCrl(2)));

        assertThat(revocation.check(List.of(OTHER_PEER, INTERMEDIATE.certificate)).outcome()).isEqualTo(Outcome.GOOD);
    }
}
