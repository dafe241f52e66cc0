package org.santegateway.server.autoconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

import org.junit.jupiter.api.Test;
import org.santegateway.server.psc.PscSettings;
import org.santegateway.server.settings.GatewayProperties;

public class ClientAutoconfigTest {
    static final MailEndpoints ENDPOINTS = new MailEndpoints("mss.hopital.fr", 587, 465, 143, 993, 443);
    static final Set<String> HOSTED = Set.of("hopital.fr", "cabinet.fr");

    static ClientAutoconfig autoconfig(Map<String, String> psc) {
        return new ClientAutoconfig(domain -> HOSTED.contains(domain.asString()),
            PscSettings.from(GatewayProperties.of(psc), Path.of(".")), () -> ENDPOINTS);
    }

    static ClientAutoconfig withPsc() {
        return autoconfig(Map.of("psc.validation", "jwt", "psc.issuer", "https://psc.test/realm", "psc.audiences", "mail",
            "psc.jwks.url", "https://psc.test/realm/certs", "psc.only.domains", "cabinet.fr"));
    }

    /** Validates against config-v1.1.xsd (test resources), as Thunderbird reads the document. */
    public static void validate(String xml) throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        Schema schema = factory.newSchema(new StreamSource(ClientAutoconfigTest.class.getResourceAsStream("/autoconfig/config-v1.1.xsd")));
        schema.newValidator().validate(new StreamSource(new StringReader(xml)));
    }

    @Test
    void thunderbirdDocumentShouldBeValidConfigV11WithOAuth2AndPasswords() throws Exception {
        String xml = withPsc().thunderbird(Optional.of("dr.martin@hopital.fr"), Optional.empty()).orElseThrow();

        validate(xml);
        assertThat(xml).contains("<hostname>mss.hopital.fr</hostname>", "<port>993</port>", "<socketType>SSL</socketType>",
            "<port>587</port>", "<socketType>STARTTLS</socketType>", "<authentication>OAuth2</authentication>",
            "<authentication>password-cleartext</authentication>");
        assertThat(xml.indexOf("<port>993</port>")).isLessThan(xml.indexOf("<port>143</port>"));
    }

    @Test
    void aPscOnlyDomainShouldOfferOAuth2Only() throws Exception {
        String xml = withPsc().thunderbird(Optional.empty(), Optional.of("autoconfig.cabinet.fr:443")).orElseThrow();

        validate(xml);
        assertThat(xml).contains("<domain>cabinet.fr</domain>", "OAuth2").doesNotContain("password-cleartext");
    }

    @Test
    void withoutPscOnlyPasswordsShouldBeOffered() throws Exception {
        String xml = autoconfig(Map.of()).thunderbird(Optional.of("dr.martin@hopital.fr"), Optional.empty()).orElseThrow();

        validate(xml);
        assertThat(xml).contains("password-cleartext").doesNotContain("OAuth2");
    }

    @Test
    void aDomainNotHostedShouldGetNothing() {
        assertThat(withPsc().thunderbird(Optional.of("someone@elsewhere.fr"), Optional.empty())).isEmpty();
        assertThat(withPsc().thunderbird(Optional.empty(), Optional.of("autoconfig.elsewhere.fr"))).isEmpty();
        assertThat(withPsc().thunderbird(Optional.of("x@<script>"), Optional.empty())).isEmpty();
    }

    @Test
    void autodiscoverShouldAnswerTheAddressOfTheRequest() {
        String request = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            + "<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\"><Request>"
            + "<EMailAddress>dr.martin@hopital.fr</EMailAddress>"
            + "<AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>"
            + "</Request></Autodiscover>";

        String answer = withPsc().autodiscover(request.getBytes(StandardCharsets.UTF_8), Optional.empty()).orElseThrow();

        assertThat(answer).contains("<Type>IMAP</Type>", "<Port>993</Port>", "<Type>SMTP</Type>", "<Port>465</Port>",
            "<LoginName>dr.martin@hopital.fr</LoginName>", ClientAutoconfig.OUTLOOK_RESPONSE);
    }

    @Test
    void autodiscoverShouldRefuseWhatItCannotRead() {
        assertThat(withPsc().autodiscover("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>".getBytes(StandardCharsets.UTF_8),
            Optional.empty())).isEmpty();
        assertThat(withPsc().autodiscover("not xml".getBytes(StandardCharsets.UTF_8), Optional.empty())).isEmpty();
    }

    @Test
    void dnsRecordsShouldNameTheFourServicesAndTheDiscoveryNames() {
        assertThat(new MailDnsRecords("Hopital.fr", ENDPOINTS).lines()).contains(
            "_submissions._tcp.hopital.fr. 3600 IN SRV 0 1 465 mss.hopital.fr.",
            "_submission._tcp.hopital.fr. 3600 IN SRV 10 1 587 mss.hopital.fr.",
            "_imaps._tcp.hopital.fr. 3600 IN SRV 0 1 993 mss.hopital.fr.",
            "_imap._tcp.hopital.fr. 3600 IN SRV 10 1 143 mss.hopital.fr.",
            "autoconfig.hopital.fr. 3600 IN CNAME mss.hopital.fr.",
            "autodiscover.hopital.fr. 3600 IN CNAME mss.hopital.fr.",
            "_autodiscover._tcp.hopital.fr. 3600 IN SRV 0 1 443 mss.hopital.fr.");
    }
}
