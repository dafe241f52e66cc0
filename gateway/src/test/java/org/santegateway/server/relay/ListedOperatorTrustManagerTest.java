package org.santegateway.server.relay;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.X509ExtendedTrustManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.santegateway.server.pki.dev.IssuedCertificate;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority;
import org.santegateway.pki.RevocationPolicy;
import org.santegateway.trust.OperatorCertificateRevocation;
import org.santegateway.trust.ReloadingTrustList;
import org.santegateway.trust.TrustEntry;
import org.santegateway.trust.TrustListConfiguration;

/** The relay's check of the peer: chain to an anchor, then an operator of the destination domain on the trust list. */
class ListedOperatorTrustManagerTest {
    static final String LISTED = "CN=mx.operateur-b.test, O=Operateur B, C=FR";
    static final String OTHER_LISTED = "CN=mx.operateur-c.test, O=Operateur C, C=FR";

    @AfterEach
    void forgetTheDestination() {
        RelayDestination.clear();
    }
    static final DevelopmentCertificateAuthority CA = DevelopmentCertificateAuthority.create(Clock.systemUTC());

    static OperatorTlsClient.ListedOperatorTrustManager trustManager() throws Exception {
        return trustManager(new OperatorCertificateRevocation(RevocationPolicy.NONE, List.of(CA.certificate()), List.of(), List::of,
            Clock.systemUTC()));
    }

    static OperatorTlsClient.ListedOperatorTrustManager trustManager(OperatorCertificateRevocation revocation) throws Exception {
        return trustManager(OperatorTlsClient.pkix(List.of(CA.certificate())), revocation);
    }

    static OperatorTlsClient.ListedOperatorTrustManager trustManager(X509ExtendedTrustManager pkix, OperatorCertificateRevocation revocation)
        throws Exception {
        ReloadingTrustList list = ReloadingTrustList.load(TrustListConfiguration.of(Path.of("..", "config", "liste-blanche-mssante.xml"))
            .withLocalAdditions(List.of(TrustEntry.of("operateur-b.test", LISTED), TrustEntry.of("operateur-c.test", OTHER_LISTED))),
            Clock.systemUTC());
        return new OperatorTlsClient.ListedOperatorTrustManager(pkix, list, revocation);
    }

    static X509Certificate[] chain(IssuedCertificate certificate) {
        return certificate.chain().toArray(X509Certificate[]::new);
    }

    @Test
    void listedOperatorChainingToTheAnchorShouldBeAccepted() throws Exception {
        IssuedCertificate peer = CA.issueEndEntity(LISTED, List.of("localhost"), List.of(), Duration.ofDays(1));

        assertThatCode(() -> trustManager().checkServerTrusted(chain(peer), "ECDHE_RSA")).doesNotThrowAnyException();
    }

    @Test
    void peerNotOnTheTrustListShouldBeRefused() throws Exception {
        IssuedCertificate peer = CA.issueEndEntity("CN=mx.unlisted.test, O=Unlisted, C=FR", List.of("localhost"), List.of(), Duration.ofDays(1));

        assertThatThrownBy(() -> trustManager().checkServerTrusted(chain(peer), "ECDHE_RSA"))
            .isInstanceOf(CertificateException.class)
            .hasMessageContaining("not that of an operator of the trust list");
    }

    @Test
    void listedNameFromAnotherCaShouldBeRefused() throws Exception {
        DevelopmentCertificateAuthority other = DevelopmentCertificateAuthority.create(Clock.systemUTC());
        IssuedCertificate peer = other.issueEndEntity(LISTED, List.of("localhost"), List.of(), Duration.ofDays(1));

        assertThatThrownBy(() -> trustManager().checkServerTrusted(chain(peer), "ECDHE_RSA"))
            .isInstanceOf(CertificateException.class);
    }

    @Test
    void operatorOfTheDestinationDomainShouldBeAccepted() throws Exception {
        IssuedCertificate peer = CA.issueEndEntity(LISTED, List.of("localhost"), List.of(), Duration.ofDays(1));
        RelayDestination.set("Operateur-B.test");

        assertThatCode(() -> trustManager().checkServerTrusted(chain(peer), "ECDHE_RSA")).doesNotThrowAnyException();
    }

    @Test
    void operatorListedForAnotherDomainShouldBeRefused() throws Exception {
        IssuedCertificate peer = CA.issueEndEntity(OTHER_LISTED, List.of("localhost"), List.of(), Duration.ofDays(1));
        RelayDestination.set("operateur-b.test");

        assertThatThrownBy(() -> trustManager().checkServerTrusted(chain(peer), "ECDHE_RSA"))
            .isInstanceOf(CertificateException.class)
            .hasMessageContaining("destination domain");
    }

    static OperatorCertificateRevocation requiringCrl(List<X509CRL> crls) {
        return new OperatorCertificateRevocation(RevocationPolicy.REQUIRE_CRL, List.of(CA.certificate()), List.of(), () -> crls,
            Clock.systemUTC());
    }

    @Test
    void listedOperatorWhoseCertificateIsRevokedShouldBeRefused() throws Exception {
        IssuedCertificate peer = CA.issueEndEntity(LISTED, List.of("localhost"), List.of(), Duration.ofDays(1));
        X509CRL crl = CA.issueCrl(List.of(peer.certificate().getSerialNumber()), Instant.now().minusSeconds(60),
            Instant.now().plus(Duration.ofDays(3)), BigInteger.ONE);

        assertThatThrownBy(() -> trustManager(requiringCrl(List.of(crl))).checkServerTrusted(chain(peer), "ECDHE_RSA"))
            .isInstanceOf(CertificateException.class)
            .hasMessageContaining("revoked");
    }

    @Test
    void listedOperatorWithoutCurrentCrlShouldBeRefusedWhenCrlsAreRequired() throws Exception {
        IssuedCertificate peer = CA.issueEndEntity(LISTED, List.of("localhost"), List.of(), Duration.ofDays(1));
        X509CRL expired = CA.issueCrl(List.of(), Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(3)),
            BigInteger.ONE);

        assertThatThrownBy(() -> trustManager(requiringCrl(List.of(expired))).checkServerTrusted(chain(peer), "ECDHE_RSA"))
            .isInstanceOf(CertificateException.class)
            .hasMessageContaining("no current CRL");
    }

    @Test
    void listedOperatorNotOnTheCurrentCrlShouldBeAccepted() throws Exception {
        IssuedCertificate peer = CA.issueEndEntity(LISTED, List.of("localhost"), List.of(), Duration.ofDays(1));
        IssuedCertificate other = CA.issueEndEntity(OTHER_LISTED, List.of("localhost"), List.of(), Duration.ofDays(1));
        X509CRL crl = CA.issueCrl(List.of(other.certificate().getSerialNumber()), Instant.now().minusSeconds(60),
            Instant.now().plus(Duration.ofDays(3)), BigInteger.ONE);

        assertThatCode(() -> trustManager(requiringCrl(List.of(crl))).checkServerTrusted(chain(peer), "ECDHE_RSA"))
            .doesNotThrowAnyException();
    }
}
