package org.santegateway.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.text.Normalizer;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OperatorDnTest {
    // As the ANS list writes it (RFC 2253 order, no spaces).
    private static final String LISTED = "CN=esm.ahbretagne.com,OU=1220017974,O=ASS HOSPITALIERE DE PLOUGUERNEVEL,ST=Côtes-d'Armor (22),C=FR";

    @Nested
    class Equality {
        @Test
        void parseShouldBeEqualWhenOnlySpacingAndCaseDiffer() {
            assertThat(OperatorDn.parse("cn=esm.ahbretagne.com,  ou=1220017974 , o=ASS HOSPITALIERE  DE PLOUGUERNEVEL, st=CÔTES-D'ARMOR (22), c=fr"))
                .isEqualTo(OperatorDn.parse(LISTED));
        }

        @Test
        void parseShouldBeEqualWhenRdnOrderIsReversed() {
            assertThat(OperatorDn.parse("C=FR, ST=Côtes-d'Armor (22), O=ASS HOSPITALIERE DE PLOUGUERNEVEL, OU=1220017974, CN=esm.ahbretagne.com"))
                .isEqualTo(OperatorDn.parse(LISTED))
                .hasSameHashCodeAs(OperatorDn.parse(LISTED));
        }

        @Test
        void parseShouldBeEqualWhenWrittenInOpenSslOneLineForm() {
            assertThat(OperatorDn.parse("/C=FR/ST=Côtes-d'Armor (22)/O=ASS HOSPITALIERE DE PLOUGUERNEVEL/OU=1220017974/CN=esm.ahbretagne.com"))
                .isEqualTo(OperatorDn.parse(LISTED));
        }

        @Test
        void parseShouldBeEqualWhenUnicodeIsDecomposed() {
            assertThat(OperatorDn.parse(Normalizer.normalize(LISTED, Normalizer.Form.NFD)))
                .isEqualTo(OperatorDn.parse(LISTED));
        }

        @Test
        void ofShouldEqualTheListedNameWhenTheCertificateEncodesItInAsn1OrderWithPrintableStrings() {
            // A certificate subject as a CA writes it: C first in the ASN.1 sequence, PrintableString values.
            X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, new DERPrintableString("FR"))
                .addRDN(BCStyle.ST, new DERPrintableString("Haute-Garonne (31)"))
                .addRDN(BCStyle.O, new DERPrintableString("GIP MIPIH"))
                .addRDN(BCStyle.OU, new DERPrintableString("318310021300028"))
                .addRDN(BCStyle.CN, new DERPrintableString("medimail-asip.mipih.fr"));
            X500Principal subject = principal(builder);

            assertThat(OperatorDn.of(subject))
                .isEqualTo(OperatorDn.parse("CN=medimail-asip.mipih.fr,OU=318310021300028,O=GIP MIPIH,ST=Haute-Garonne (31),C=FR"));
        }

        @Test
        void ofShouldEqualTheListedNameWhenTheCertificateUsesTheReverseAsn1Order() {
            X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, "medimail-asip.mipih.fr")
                .addRDN(BCStyle.OU, "318310021300028")
                .addRDN(BCStyle.O, "GIP MIPIH")
                .addRDN(BCStyle.ST, "Haute-Garonne (31)")
                .addRDN(BCStyle.C, "FR");

            assertThat(OperatorDn.of(principal(builder)))
                .isEqualTo(OperatorDn.parse("CN=medimail-asip.mipih.fr,OU=318310021300028,O=GIP MIPIH,ST=Haute-Garonne (31),C=FR"));
        }

        @Test
        void parseShouldAcceptWindowsKeywords() {
            assertThat(OperatorDn.parse("CN=a.example.fr, S=Paris (75), C=FR"))
                .isEqualTo(OperatorDn.parse("CN=a.example.fr,ST=Paris (75),C=FR"));
        }

        @Test
        void parseShouldKeepEscapedCommasInsideValues() {
            assertThat(OperatorDn.parse("CN=a,O=Example\\, Inc,C=FR"))
                .isEqualTo(OperatorDn.parse("CN=a, O=\"Example, Inc\", C=FR"))
                .isNotEqualTo(OperatorDn.parse("CN=a,O=Example,O=Inc,C=FR"));
        }
    }

    @Nested
    class Difference {
        @Test
        void parseShouldDifferWhenAnAttributeIsAdded() {
            assertThat(OperatorDn.parse("EMAILADDRESS=x@example.fr," + LISTED))
                .isNotEqualTo(OperatorDn.parse(LISTED));
        }

        @Test
        void parseShouldDifferWhenAValueDiffers() {
            assertThat(OperatorDn.parse("CN=smtp-1.sante.santnet.com,OU=341459958900028,O=DEDALUS HEALTHCARE FRANCE,ST=Gironde (33),C=FR"))
                .isNotEqualTo(OperatorDn.parse("CN=smtp-2.sante.santnet.com,OU=341459958900028,O=DEDALUS HEALTHCARE FRANCE,ST=Gironde (33),C=FR"));
        }

        @Test
        void parseShouldDifferWhenAnAttributeIsMissing() {
            assertThat(OperatorDn.parse("CN=a.example.fr,C=FR")).isNotEqualTo(OperatorDn.parse("CN=a.example.fr,O=X,C=FR"));
        }
    }

    @Nested
    class Malformed {
        @Test
        void parseShouldFailWhenEmpty() {
            assertThatThrownBy(() -> OperatorDn.parse("  ")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void parseShouldFailWhenNotADistinguishedName() {
            assertThatThrownBy(() -> OperatorDn.parse("just some text")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void parseShouldFailWhenKeywordIsUnknown() {
            assertThatThrownBy(() -> OperatorDn.parse("FOO=bar,C=FR")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void parseShouldFailWhenOpenSslFormHasNoEquals() {
            assertThatThrownBy(() -> OperatorDn.parse("/C=FR/garbage")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** The published list has names with a bare {@code "} inside a value, which RFC 2253 wants escaped. */
    @Nested
    class LenientReading {
        private static final String BARE_QUOTES =
            "CN=mss.ch-tilleuls.fr,OU=26750045200011,O=CENTRE HOSPITALIER \"LES TILLEULS\",ST=Paris (75),C=FR";

        @Test
        void parseShouldRefuseABareQuoteInsideAValue() {
            assertThatThrownBy(() -> OperatorDn.parse(BARE_QUOTES)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void parseLenientShouldMatchTheCertificateWhoseSubjectHasTheQuotes() {
            // The certificate's subject holds the quotes as characters of the O value (a UTF8String).
            X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, new DERPrintableString("FR"))
                .addRDN(BCStyle.ST, new DERPrintableString("Paris (75)"))
                .addRDN(BCStyle.O, new DERUTF8String("CENTRE HOSPITALIER \"LES TILLEULS\""))
                .addRDN(BCStyle.OU, new DERPrintableString("26750045200011"))
                .addRDN(BCStyle.CN, new DERPrintableString("mss.ch-tilleuls.fr"));

            assertThat(OperatorDn.parseLenient(BARE_QUOTES)).isEqualTo(OperatorDn.of(principal(builder)));
        }

        @Test
        void parseLenientShouldNotMatchTheSameNameWithoutTheQuotes() {
            assertThat(OperatorDn.parseLenient(BARE_QUOTES))
                .isNotEqualTo(OperatorDn.parse("CN=mss.ch-tilleuls.fr,OU=26750045200011,O=CENTRE HOSPITALIER LES TILLEULS,ST=Paris (75),C=FR"));
        }

        @Test
        void parseLenientShouldReadAQuoteOpeningAValueThatGoesOnAsACharacter() {
            assertThat(OperatorDn.parseLenient("CN=a,O=\"LES TILLEULS\" SARL,C=FR"))
                .isEqualTo(OperatorDn.parse("CN=a,O=\\\"LES TILLEULS\\\" SARL,C=FR"));
        }

        @Test
        void parseLenientShouldKeepAValueQuotedAsAWholeWhenAnotherHasABareQuote() {
            assertThat(OperatorDn.parseLenient("CN=a,O=\"Example, Inc\",OU=Service \"B\",C=FR"))
                .isEqualTo(OperatorDn.parse("CN=a,O=Example\\, Inc,OU=Service \\\"B\\\",C=FR"));
        }

        @Test
        void parseLenientShouldKeepEscapedQuotes() {
            assertThat(OperatorDn.parseLenient("CN=a,O=A \\\"B\\\" \"C\",C=FR"))
                .isEqualTo(OperatorDn.parse("CN=a,O=A \\\"B\\\" \\\"C\\\",C=FR"));
        }

        @Test
        void parseLenientShouldBeStrictParsingForAWellFormedName() {
            assertThat(OperatorDn.parseLenient(LISTED)).isEqualTo(OperatorDn.parse(LISTED));
        }

        @Test
        void parseLenientShouldStillFailWhenTheNameHasAnotherDefect() {
            assertThatThrownBy(() -> OperatorDn.parseLenient("FOO=CENTRE \"X\",C=FR")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> OperatorDn.parseLenient("just \"some\" text")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void rfc2253ShouldPrintTheNameAsCertificatesDo() {
        assertThat(OperatorDn.parse("C=FR, O=X, CN=a").rfc2253()).isEqualTo("C=FR,O=X,CN=a");
    }

    private static X500Principal principal(X500NameBuilder builder) {
        try {
            return new X500Principal(builder.build().getEncoded());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
