package org.santegateway.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.santegateway.smime.certificates.VerifiedSigner;

/**
 * What each {@code smime.signer.match} mode accepts: personal certificates (rfc822Name), a
 * colleague's, organisation certificates naming the domain as CN or DNS name, and another
 * organisation's.
 */
class SignerMatchTest {
    private static final TestPki PKI = TestPki.get();
    private static final String ALICE = "alice@hopital-a.fr";
    private static final String DR_PAIR = "dr.pair@hopital-a.fr";

    @Nested
    class Address {
        @Test
        void acceptsShouldBeTrueOnlyForTheCertificateOfTheFromAddress() {
            assertThat(SignerMatch.ADDRESS.accepts(PKI.alice.certificate(), ALICE)).isTrue();
            assertThat(SignerMatch.ADDRESS.accepts(PKI.alice.certificate(), "Alice@Hopital-A.fr")).isTrue();
            assertThat(SignerMatch.ADDRESS.accepts(PKI.alice.certificate(), DR_PAIR)).isFalse();
            assertThat(SignerMatch.ADDRESS.accepts(PKI.organisationA.certificate(), DR_PAIR)).isFalse();
            assertThat(SignerMatch.ADDRESS.accepts(PKI.organisationADns.certificate(), DR_PAIR)).isFalse();
        }
    }

    @Nested
    class Domain {
        @Test
        void acceptsShouldBeTrueForAnAddressOrADnsNameOfTheFromDomain() {
            assertThat(SignerMatch.DOMAIN.accepts(PKI.alice.certificate(), ALICE)).isTrue();
            // A colleague's personal certificate: same domain.
            assertThat(SignerMatch.DOMAIN.accepts(PKI.alice.certificate(), DR_PAIR)).isTrue();
            assertThat(SignerMatch.DOMAIN.accepts(PKI.organisationADns.certificate(), DR_PAIR)).isTrue();
        }

        @Test
        void acceptsShouldBeFalseForTheDomainInTheCommonNameOnlyOrForAnotherDomain() {
            assertThat(SignerMatch.DOMAIN.accepts(PKI.organisationA.certificate(), DR_PAIR)).isFalse();
            assertThat(SignerMatch.DOMAIN.accepts(PKI.organisationB.certificate(), DR_PAIR)).isFalse();
            assertThat(SignerMatch.DOMAIN.accepts(PKI.bob.certificate(), DR_PAIR)).isFalse();
        }

        @Test
        void acceptsShouldBeFalseForAParentOrChildDomain() {
            assertThat(SignerMatch.DOMAIN.accepts(PKI.organisationADns.certificate(), "dr.pair@service.hopital-a.fr")).isFalse();
            assertThat(SignerMatch.DOMAIN.accepts(PKI.alice.certificate(), "dr.pair@a.fr")).isFalse();
        }
    }

    @Nested
    class Organisation {
        @Test
        void acceptsShouldBeTrueForTheSendersOwnCertificateAndTheOrganisationCertificateOfItsDomain() {
            assertThat(SignerMatch.ORGANISATION.accepts(PKI.alice.certificate(), ALICE)).isTrue();
            assertThat(SignerMatch.ORGANISATION.accepts(PKI.organisationA.certificate(), DR_PAIR)).isTrue();
            assertThat(SignerMatch.ORGANISATION.accepts(PKI.organisationADns.certificate(), DR_PAIR)).isTrue();
        }

        @Test
        void acceptsShouldBeFalseForAColleaguesPersonalCertificateOrAnotherOrganisation() {
            assertThat(SignerMatch.ORGANISATION.accepts(PKI.alice.certificate(), DR_PAIR)).isFalse();
            assertThat(SignerMatch.ORGANISATION.accepts(PKI.organisationB.certificate(), DR_PAIR)).isFalse();
            assertThat(SignerMatch.ORGANISATION.accepts(PKI.bob.certificate(), DR_PAIR)).isFalse();
        }

        @Test
        void organisationShouldBeTheDefault() {
            assertThat(SignerMatch.DEFAULT).isEqualTo(SignerMatch.ORGANISATION);
        }
    }

    @Nested
    class ForgedFrom {
        @Test
        void anotherOrganisationsCertificateShouldMatchInNoMode() throws Exception {
            MimeMessage forged = message("From: Dr Pair <" + DR_PAIR + ">\r\n");

            for (SignerMatch mode : SignerMatch.values()) {
                assertThat(mode.check(signer(PKI.organisationB.certificate()), forged)).as(mode.value())
                    .hasValueSatisfying(reason -> assertThat(reason).contains("does not name the From").doesNotContain("hopital"));
            }
        }

        @Test
        void checkShouldFailClosedWhenFromIsAbsentRepeatedAGroupOrUnparsable() throws Exception {
            for (String from : List.of("", "From: " + DR_PAIR + "\r\nFrom: " + DR_PAIR + "\r\n", "From: " + DR_PAIR + ", other@hopital-a.fr\r\n",
                "From: medecins: " + DR_PAIR + ";\r\n", "From: <dr.pair@>\r\n", "From: not an address\r\n")) {
                assertThat(SignerMatch.ORGANISATION.check(signer(PKI.organisationA.certificate()), message(from))).as(from)
                    .hasValueSatisfying(reason -> assertThat(reason).contains("not a single address"));
            }
        }

        @Test
        void checkShouldReadTheAddressOfADisplayNameAndAFoldedHeader() throws Exception {
            MimeMessage message = message("From: \"Dr Pair, cardiologue\"\r\n <" + DR_PAIR.toUpperCase() + ">\r\n");

            assertThat(SignerMatch.ORGANISATION.check(signer(PKI.organisationA.certificate()), message)).isEmpty();
        }
    }

    @Test
    void parseShouldTakeTheThreeValuesAndRefuseAnyOther() {
        assertThat(SignerMatch.parse(" Address ")).isEqualTo(SignerMatch.ADDRESS);
        assertThat(SignerMatch.parse("domain")).isEqualTo(SignerMatch.DOMAIN);
        assertThat(SignerMatch.parse("organisation")).isEqualTo(SignerMatch.ORGANISATION);
        assertThatThrownBy(() -> SignerMatch.parse("organization")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("must be one of address, domain, organisation");
    }

    private static VerifiedSigner signer(X509Certificate certificate) {
        return new VerifiedSigner(certificate, List.of(certificate), Optional.empty(), "SHA-256");
    }

    private static MimeMessage message(String fromLines) {
        return TestMessages.parse(fromLines + "To: bob@operateur-b.fr\r\nSubject: Compte rendu\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n\r\nBonjour\r\n");
    }
}
