package org.santegateway.server.dmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.time.Instant;
import java.util.EnumSet;
import javax.mail.Transport;
import org.junit.jupiter.api.Nested;
import org.santegateway.pki.PemFiles;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority.Purpose;
import org.santegateway.server.pki.dev.IssuedCertificate;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
    static final String APP = "lgc@" + HOSPITAL;
    static final String OTHER_APP = "labo@" + HOSPITAL;
    static final String APP_SUBJECT = "CN=Logiciel de cardiologie, OU=754567860, O=CH Exemple, C=FR";
    static final String OTHER_APP_SUBJECT = "CN=Logiciel de laboratoire, OU=754567860, O=CH Exemple, C=FR";

    @TempDir
    static Path root;
    static OidcProvider provider;
    static GatewayTestServer gateway;
    static SSLContext tls;
    static MailClients clients;
    static DevelopmentCertificateAuthority ca;
    static IssuedCertificate appCertificate;
    static IssuedCertificate otherAppCertificate;
    static IssuedCertificate revokedCertificate;
    static IssuedCertificate unboundCertificate;

    @BeforeAll
    static void start() throws Exception {
        provider = OidcProvider.start(root.resolve("oidc"), List.of(
            new OidcProvider.Profile("martin", professional(MARTIN_ID)),
            new OidcProvider.Profile("durand", professional(DURAND_ID))));
        ca = DevelopmentCertificateAuthority.create(Clock.systemUTC());
        Path caCertificate = root.resolve("test-ca.pem");
        Path caKey = root.resolve("test-ca.key");
        ca.writeTo(caCertificate, caKey);
        appCertificate = client(ca, APP_SUBJECT);
        otherAppCertificate = client(ca, OTHER_APP_SUBJECT);
        revokedCertificate = client(ca, APP_SUBJECT);
        unboundCertificate = client(ca, "CN=Logiciel inconnu, O=Editeur, C=FR");
        Path crl = root.resolve("test-ca.crl");
        PemFiles.writeCrl(crl, ca.issueCrl(List.of(revokedCertificate.certificate().getSerialNumber()), Instant.now().minusSeconds(60),
            Instant.now().plus(Duration.ofDays(3)), BigInteger.ONE));
        gateway = GatewayTestServer.prepare(root.resolve("gateway")).withProbe(DmpProbe.class).withCertificateAuthority(caCertificate, caKey);
        Files.writeString(gateway.settings().file(GatewayProperties.FILE), "\n"
            + "smime.crls=" + crl + "\n"
            + "operators.revocation=crl\n"
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
        for (String[] application : List.of(new String[] {"lgc-cardio", APP, APP_SUBJECT}, new String[] {"labo", OTHER_APP, OTHER_APP_SUBJECT})) {
            assertThat(admin("PUT", "/gateway/applications/" + application[0], "{\"editor\":\"Editeur\",\"product\":\"" + application[0]
                + "\",\"version\":\"1\",\"certification\":\"ANS-REF-2026-" + application[0] + "\"}").statusCode()).isEqualTo(201);
            assertThat(admin("PUT", "/gateway/registry/mailboxes/" + application[1],
                "{\"kind\":\"APP\",\"holder\":\"754567860\",\"displayName\":\"Logiciel\"}").statusCode()).isEqualTo(201);
            assertThat(admin("POST", "/gateway/registry/mailboxes/" + application[1] + "/certificates", "{\"application\":\"" + application[0]
                + "\",\"subject\":\"" + application[2] + "\",\"issuer\":\"" + ca.certificate().getSubjectX500Principal().getName() + "\"}")
                .statusCode()).isEqualTo(201);
        }
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

    static HttpResponse<String> admin(String method, String path, String json) throws Exception {
        String token = WebAdminTokens.fromDataDirectory(gateway.settings(), Clock.systemUTC()).issue("admin", Duration.ofMinutes(5));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.webAdminPort() + path))
            .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    static IssuedCertificate client(DevelopmentCertificateAuthority authority, String subject) {
        return authority.issueEndEntity(subject, List.of(), List.of(), Duration.ofDays(1), EnumSet.of(Purpose.TLS_CLIENT));
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

    /**
     * The same record read by a certified application's software on the applications' listener, signed in with its TLS
     * client certificate (no person's token): the application that wrote to the patient finds and retrieves; another
     * referenced application gets nothing; no certificate, a revoked one, an unbound one: refused.
     */
    @Nested
    class Applications {
        @Test
        void anApplicationInAConversationShouldFindAndRetrieveWithItsCertificate() throws Exception {
            byte[] pdf = DmpTestDocuments.pdf(15_000, 44);
            String title = "Échographie " + UUID.randomUUID();
            sendAsApplication(title, pdf);
            Ins patient = Ins.parse(INS).orElseThrow();
            DocumentMetadata filed = await().atMost(Duration.ofSeconds(60)).until(() -> documents(patient).stream()
                .filter(document -> document.title().equals(title)).findFirst(), java.util.Optional::isPresent).orElseThrow();

            HttpResponse<byte[]> response = application(appCertificate, searchPath());
            assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            Bundle found = FHIR.newXmlParser().parseResource(Bundle.class, new String(response.body(), StandardCharsets.UTF_8));
            assertThat(found.getEntry()).extracting(entry -> ((DocumentReference) entry.getResource()).getDescription()).contains(title);
            String url = found.getEntry().stream().map(entry -> (DocumentReference) entry.getResource())
                .filter(reference -> reference.getDescription().equals(title)).findFirst().orElseThrow()
                .getContentFirstRep().getAttachment().getUrl();
            assertThat(url).startsWith("https://localhost:" + gateway.applicationsHttpsPort() + "/fhir/Binary/");
            HttpResponse<byte[]> document = application(appCertificate, URI.create(url).getPath());
            assertThat(document.statusCode()).isEqualTo(200);
            assertThat(document.body()).isEqualTo(pdf);

            // Another referenced application that never wrote to the patient.
            HttpResponse<byte[]> other = application(otherAppCertificate, searchPath());
            assertThat(other.statusCode()).isEqualTo(200);
            assertThat(FHIR.newXmlParser().parseResource(Bundle.class, new String(other.body(), StandardCharsets.UTF_8)).getTotal()).isZero();
            assertThat(application(otherAppCertificate, URI.create(url).getPath()).statusCode()).isEqualTo(404);

            AccessOutcome<List<AccessEvent>> history = gateway.probe(DmpProbe.class).store().accessHistory(Actor.patient(patient), patient);
            List<AccessEvent> events = ((AccessOutcome.Granted<List<AccessEvent>>) history).value();
            assertThat(events).anySatisfy(event -> {
                assertThat(event.actor()).isEqualTo(Actor.professional(APP));
                assertThat(event.action()).isEqualTo(AccessAction.FETCH);
                assertThat(event.document()).contains(filed.id());
            });
            assertThat(events).anySatisfy(event -> assertThat(event.actor()).isEqualTo(Actor.professional(OTHER_APP)));
        }

        @Test
        void aRevokedOrUnboundCertificateShouldGetAForbiddenOutcome() throws Exception {
            HttpResponse<byte[]> revoked = application(revokedCertificate, searchPath());
            assertThat(revoked.statusCode()).isEqualTo(403);
            assertThat(new String(revoked.body(), StandardCharsets.UTF_8)).contains("OperationOutcome").contains("revoked");

            HttpResponse<byte[]> unbound = application(unboundCertificate, searchPath());
            assertThat(unbound.statusCode()).isEqualTo(403);
            assertThat(new String(unbound.body(), StandardCharsets.UTF_8)).contains("bound to no active application mailbox");

            // A mailbox the certificate is not bound to, asked for by name.
            assertThat(application(appCertificate, searchPath(), OTHER_APP).statusCode()).isEqualTo(403);
        }

        @Test
        void noCertificateShouldNotGetPastTheHandshakeEvenWithAProfessionalsToken() throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.applicationsHttpsPort() + searchPath()))
                .header("Authorization", "Bearer " + provider.token("martin")).timeout(Duration.ofSeconds(30)).GET().build();

            assertThatThrownBy(() -> HttpClient.newBuilder().sslContext(tls).build().send(request, HttpResponse.BodyHandlers.ofByteArray()))
                .isInstanceOf(java.io.IOException.class);
        }

        @Test
        void anotherPathOrAWriteShouldBeAnsweredAsFhir() throws Exception {
            assertThat(application(appCertificate, "/conversations").statusCode()).isEqualTo(404);
            HttpRequest post = HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.applicationsHttpsPort() + "/fhir/DocumentReference"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString("<Bundle xmlns=\"http://hl7.org/fhir\"/>")).build();
            HttpResponse<String> response = HttpClient.newBuilder().sslContext(TestTls.clientContext(PemFiles.certificate(gateway.testCaCertificate()),
                appCertificate)).build().send(post, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).contains("GET");
        }

        private String searchPath() {
            return "/fhir/DocumentReference?patient.identifier=" + URLEncoder.encode("urn:oid:1.2.250.1.213.1.4.8|" + INS, StandardCharsets.UTF_8);
        }

        private HttpResponse<byte[]> application(IssuedCertificate certificate, String path) throws Exception {
            return application(certificate, path, null);
        }

        private HttpResponse<byte[]> application(IssuedCertificate certificate, String path, String mailbox) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.applicationsHttpsPort() + path))
                .header("Accept", "application/fhir+xml").timeout(Duration.ofSeconds(60)).GET();
            if (mailbox != null) {
                request.header("X-Mailbox", mailbox);
            }
            SSLContext context = TestTls.clientContext(PemFiles.certificate(gateway.testCaCertificate()), certificate);
            return HttpClient.newBuilder().sslContext(context).build().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        private void sendAsApplication(String title, byte[] pdf) throws Exception {
            Properties properties = new Properties();
            properties.put("mail.smtps.ssl.socketFactory", TestTls.clientSocketFactory(PemFiles.certificate(gateway.testCaCertificate()), appCertificate));
            properties.put("mail.smtps.ssl.checkserveridentity", "false");
            properties.put("mail.smtps.sasl.enable", "true");
            properties.put("mail.smtps.sasl.mechanisms", "EXTERNAL");
            properties.put("mail.smtps.auth", "true");
            properties.put("mail.smtps.timeout", "30000");
            Session session = Session.getInstance(properties);
            MimeMessage message = withPdf(title, pdf);
            message.setFrom(new InternetAddress(APP));
            try (Transport transport = session.getTransport("smtps")) {
                transport.connect("localhost", gateway.applicationsSubmissionPort(), APP, "unused");
                transport.sendMessage(message, message.getAllRecipients());
            }
        }
    }
}
