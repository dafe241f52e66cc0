package org.santegateway.server.dmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import javax.activation.DataHandler;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;
import javax.net.ssl.SSLContext;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.dmp.AccessAction;
import org.santegateway.dmp.AccessEvent;
import org.santegateway.dmp.AccessOutcome;
import org.santegateway.dmp.Actor;
import org.santegateway.dmp.DocumentMetadata;
import org.santegateway.dmp.Ins;
import org.santegateway.server.admin.WebAdminTokens;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.OidcProvider;
import org.santegateway.server.testing.TestTls;

import ca.uhn.fhir.context.FhirContext;

/**
 * IHE MHD from a professional's software, over HTTPS with Java's HTTP client and HAPI FHIR parsing the answers: a
 * professional who wrote to the patient (a conversation) finds the document references (ITI-67) and retrieves the
 * document (ITI-68) with a Pro Santé Connect token of a real OpenID provider process; one with no conversation gets an
 * empty Bundle and no document; a document the patient hid is absent; no token, a forged one: 401. The patient's
 * history holds both professionals' accesses.
 */
class MhdIntegrationTest {
    static final String HOSPITAL = "hopital-mhd.test";
    static final String MARTIN = "dr.martin@" + HOSPITAL;
    static final String DURAND = "dr.durand@" + HOSPITAL;
    static final String MARTIN_ID = "810001234567";
    static final String DURAND_ID = "810007654321";
    static final String INS = DmpTestDocuments.ins("2850575123456");
    static final String PATIENT = INS + "@patient.mssante.fr";
    static final String PASSWORD = "correct horse battery staple";
    static final FhirContext FHIR = FhirContext.forR4();

    @TempDir
    static Path root;
    static OidcProvider provider;
    static GatewayTestServer gateway;
    static SSLContext tls;
    static MailClients clients;

    @BeforeAll
    static void start() throws Exception {
        provider = OidcProvider.start(root.resolve("oidc"), List.of(
            new OidcProvider.Profile("martin", professional(MARTIN_ID)),
            new OidcProvider.Profile("durand", professional(DURAND_ID))));
        gateway = GatewayTestServer.prepare(root.resolve("gateway")).withProbe(DmpProbe.class);
        Files.writeString(gateway.settings().file(GatewayProperties.FILE), "\n"
            + "psc.validation=jwt\n"
            + "psc.issuer=" + provider.issuer() + "\n"
            + "psc.audiences=psc-mail\n"
            + "psc.jwks.url=" + provider.issuer() + "/jwks\n"
            + "psc.acr.levels=eidas1\n"
            + "psc.acr.minimum=eidas1\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        gateway.start();
        gateway.data().addDomain(HOSPITAL);
        gateway.data().addDomain("patient.mssante.fr");
        for (String user : List.of(MARTIN, DURAND, PATIENT)) {
            gateway.data().addUser(user, PASSWORD);
        }
        bind(MARTIN_ID, MARTIN);
        bind(DURAND_ID, DURAND);
        tls = TestTls.trusting(gateway.testCaCertificate());
        clients = new MailClients(TestTls.socketFactory(gateway.testCaCertificate()));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    static String professional(String nationalId) {
        return OidcProvider.claims(Map.of("preferred_username", "\"" + nationalId + "\"", "acr", "\"eidas1\"",
            "aud", "[\"psc-mail\"]", "azp", "\"psc-client\""));
    }

    static void bind(String nationalId, String mailbox) throws Exception {
        String token = WebAdminTokens.fromDataDirectory(gateway.settings(), Clock.systemUTC()).issue("admin", Duration.ofMinutes(5));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + gateway.webAdminPort() + "/gateway/psc/bindings/" + nationalId + "/" + URLEncoder.encode(mailbox, StandardCharsets.UTF_8)))
            .header("Authorization", "Bearer " + token).PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(204);
    }

    static HttpResponse<byte[]> mhd(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.webmailPort() + path))
            .header("Accept", "application/fhir+xml").timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newBuilder().sslContext(tls).build().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static Bundle search(String token) throws Exception {
        HttpResponse<byte[]> response = mhd("/fhir/DocumentReference?status=current&patient.identifier="
            + URLEncoder.encode("urn:oid:1.2.250.1.213.1.4.8|" + INS, StandardCharsets.UTF_8), token);
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/fhir+xml"));
        return FHIR.newXmlParser().parseResource(Bundle.class, new String(response.body(), StandardCharsets.UTF_8));
    }

    static List<DocumentMetadata> documents(Ins patient) throws Exception {
        AccessOutcome<List<DocumentMetadata>> listed = gateway.probe(DmpProbe.class).store().list(Actor.patient(patient), patient);
        return listed instanceof AccessOutcome.Granted<List<DocumentMetadata>> granted ? granted.value() : List.of();
    }

    static MimeMessage withPdf(String title, byte[] pdf) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(MARTIN));
        message.addRecipient(Message.RecipientType.TO, new InternetAddress(PATIENT));
        message.setSubject(title, "UTF-8");
        MimeMultipart multipart = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Veuillez trouver ci-joint le compte rendu.", "UTF-8");
        multipart.addBodyPart(text);
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new DataHandler(new ByteArrayDataSource(pdf, "application/pdf")));
        file.setFileName("compte-rendu.pdf");
        file.setDisposition(MimeBodyPart.ATTACHMENT);
        multipart.addBodyPart(file);
        message.setContent(multipart);
        return message;
    }

    @Test
    void aProfessionalInAConversationShouldFindAndRetrieveAndAnotherShouldGetNothing() throws Exception {
        byte[] pdf = DmpTestDocuments.pdf(20_000, 42);
        byte[] hiddenPdf = DmpTestDocuments.pdf(10_000, 43);
        String title = "Compte rendu " + UUID.randomUUID();
        clients.sendStartTls(gateway.submissionPort(), MARTIN, PASSWORD, withPdf(title, pdf));
        clients.sendStartTls(gateway.submissionPort(), MARTIN, PASSWORD, withPdf("Masqué " + title, hiddenPdf));
        Ins patient = Ins.parse(INS).orElseThrow();
        List<DocumentMetadata> filed = await().atMost(Duration.ofSeconds(60)).until(() -> documents(patient), list -> list.size() == 2);
        DocumentMetadata hidden = filed.stream().filter(document -> document.title().startsWith("Masqué")).findFirst().orElseThrow();
        gateway.probe(DmpProbe.class).store().setHidden(Actor.patient(patient), hidden.id(), true);

        Bundle found = search(provider.token("martin"));

        assertThat(found.getTotal()).isEqualTo(1);
        DocumentReference reference = (DocumentReference) found.getEntryFirstRep().getResource();
        assertThat(reference.getStatus().toCode()).isEqualTo("current");
        assertThat(reference.getSubject().getIdentifier().getValue()).isEqualTo(INS);
        assertThat(reference.getSubject().getIdentifier().getSystem()).isEqualTo("urn:oid:1.2.250.1.213.1.4.8");
        assertThat(reference.getDescription()).isEqualTo(title);
        String url = reference.getContentFirstRep().getAttachment().getUrl();
        assertThat(reference.getContentFirstRep().getAttachment().getContentType()).isEqualTo("application/pdf");
        assertThat(url).startsWith("https://localhost:" + gateway.webmailPort() + "/fhir/Binary/");
        HttpResponse<byte[]> document = mhd(URI.create(url).getPath(), provider.token("martin"));
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.headers().firstValue("Content-Type")).contains("application/pdf");
        assertThat(document.body()).isEqualTo(pdf);
        assertThat(mhd("/fhir/Binary/" + hidden.id(), provider.token("martin")).statusCode()).isEqualTo(404);

        // Dr Durand never wrote to the patient: an empty Bundle, and the document's URL gives nothing.
        assertThat(search(provider.token("durand")).getTotal()).isZero();
        assertThat(mhd(URI.create(url).getPath(), provider.token("durand")).statusCode()).isEqualTo(404);

        assertThat(mhd(URI.create(url).getPath(), null).statusCode()).isEqualTo(401);
        assertThat(mhd(URI.create(url).getPath(), null).headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(mhd(URI.create(url).getPath(), provider.token("martin") + "x").statusCode()).isEqualTo(401);
        assertThat(mhd("/fhir/DocumentReference?patient.identifier=123", provider.token("martin")).statusCode()).isEqualTo(400);

        AccessOutcome<List<AccessEvent>> history = gateway.probe(DmpProbe.class).store().accessHistory(Actor.patient(patient), patient);
        List<AccessEvent> events = ((AccessOutcome.Granted<List<AccessEvent>>) history).value();
        assertThat(events).anySatisfy(event -> {
            assertThat(event.actor()).isEqualTo(Actor.professional(MARTIN));
            assertThat(event.action()).isEqualTo(AccessAction.FETCH);
        });
        assertThat(events).anySatisfy(event -> assertThat(event.actor()).isEqualTo(Actor.professional(DURAND)));
    }
}
