package org.santegateway.server.agenda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
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
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import javax.mail.Folder;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.net.ssl.SSLContext;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.pki.PemFiles;
import org.santegateway.server.admin.WebAdminTokens;
import org.santegateway.server.dmp.DmpTestDocuments;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority.Purpose;
import org.santegateway.server.pki.dev.IssuedCertificate;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.testing.Chromium;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.TestTls;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;

import ca.uhn.fhir.context.FhirContext;

/**
 * A certified application's booking software declares appointments on a patient's agenda through FHIR (the ANS
 * shared-agenda guide: POST, then conditional PUT by identifier), over the applications' HTTPS listener with its
 * client certificate and Java's HTTP client; the resources are built and read back with HAPI FHIR. Refused: a second
 * POST of one identifier, a patient with no space here, a malformed or incomplete resource, JSON, another
 * application's appointment, a certificate bound to nothing.
 */
class AppointmentIntegrationTest {
    static final String DOMAIN = "hopital-agenda.test";
    static final String APP = "rdv@" + DOMAIN;
    static final String OTHER_APP = "autre@" + DOMAIN;
    static final String APP_SUBJECT = "CN=Logiciel de rendez-vous, OU=754567860, O=CH Exemple, C=FR";
    static final String OTHER_APP_SUBJECT = "CN=Autre logiciel, OU=754567860, O=CH Exemple, C=FR";
    static final String INS = DmpTestDocuments.ins("2850575123456");
    static final String UNKNOWN_INS = DmpTestDocuments.ins("1920299123789");
    static final String SYSTEM = "urn:oid:1.2.250.1.999.1.2";
    static final FhirContext FHIR = FhirContext.forR4();
    static final String DOCTOR = "dr.martin@" + DOMAIN;
    static final String DOCTOR_PASSWORD = "a long doctor password";
    static final String OTHER_PATIENT = DmpTestDocuments.ins("2920399123789") + "@patient.mssante.fr";

    @TempDir
    static Path root;
    static DevelopmentCertificateAuthority ca;
    static GatewayTestServer gateway;
    static IssuedCertificate appCertificate;
    static IssuedCertificate otherAppCertificate;
    static IssuedCertificate unboundCertificate;

    @BeforeAll
    static void start() throws Exception {
        ca = DevelopmentCertificateAuthority.create(Clock.systemUTC());
        Path caCertificate = root.resolve("test-ca.pem");
        Path caKey = root.resolve("test-ca.key");
        ca.writeTo(caCertificate, caKey);
        appCertificate = client(APP_SUBJECT);
        otherAppCertificate = client(OTHER_APP_SUBJECT);
        unboundCertificate = client("CN=Logiciel inconnu, O=Editeur, C=FR");
        Path crl = root.resolve("test-ca.crl");
        PemFiles.writeCrl(crl, ca.issueCrl(List.of(), Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(3)), BigInteger.ONE));
        gateway = GatewayTestServer.prepare(root.resolve("gateway")).withCertificateAuthority(caCertificate, caKey);
        Files.writeString(gateway.settings().file(GatewayProperties.FILE), "\nsmime.crls=" + crl + "\noperators.revocation=crl\n",
            StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        gateway.start();
        gateway.data().addDomain(DOMAIN);
        gateway.data().addDomain("patient.mssante.fr");
        gateway.data().addUser(INS + "@patient.mssante.fr", "a long patient password");
        gateway.data().addUser(DOCTOR, DOCTOR_PASSWORD);
        for (String[] application : List.of(new String[] {"rdv", APP, APP_SUBJECT}, new String[] {"autre", OTHER_APP, OTHER_APP_SUBJECT})) {
            assertThat(admin("PUT", "/gateway/applications/" + application[0], "{\"editor\":\"Editeur\",\"product\":\"" + application[0]
                + "\",\"version\":\"1\",\"certification\":\"ANS-REF-2026-" + application[0] + "\"}").statusCode()).isEqualTo(201);
            assertThat(admin("PUT", "/gateway/registry/mailboxes/" + application[1],
                "{\"kind\":\"APP\",\"holder\":\"754567860\",\"displayName\":\"Logiciel\"}").statusCode()).isEqualTo(201);
            assertThat(admin("POST", "/gateway/registry/mailboxes/" + application[1] + "/certificates", "{\"application\":\"" + application[0]
                + "\",\"subject\":\"" + application[2] + "\",\"issuer\":\"" + ca.certificate().getSubjectX500Principal().getName() + "\"}")
                .statusCode()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    static IssuedCertificate client(String subject) {
        return ca.issueEndEntity(subject, List.of(), List.of(), Duration.ofDays(1), EnumSet.of(Purpose.TLS_CLIENT));
    }

    static HttpResponse<String> admin(String method, String path, String json) throws Exception {
        String token = WebAdminTokens.fromDataDirectory(gateway.settings(), Clock.systemUTC()).issue("admin", Duration.ofMinutes(5));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.webAdminPort() + path))
            .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> call(IssuedCertificate certificate, String method, String path, String contentType, String body) throws Exception {
        SSLContext context = TestTls.clientContext(PemFiles.certificate(gateway.testCaCertificate()), certificate);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.applicationsHttpsPort() + path))
            .timeout(Duration.ofSeconds(30)).header("Accept", "application/fhir+xml")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HttpClient.newBuilder().sslContext(context).build().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Appointment appointment(String identifier, String ins, Appointment.AppointmentStatus status, Instant start) {
        Appointment appointment = new Appointment();
        appointment.addIdentifier().setSystem(SYSTEM).setValue(identifier);
        appointment.setStatus(status);
        appointment.setStart(java.util.Date.from(start));
        appointment.setEnd(java.util.Date.from(start.plus(Duration.ofMinutes(30))));
        appointment.addSpecialty().addCoding().setSystem("urn:oid:1.2.250.1.213.2.28").setCode("SM04").setDisplay("Cardiologie");
        appointment.addParticipant().setStatus(Appointment.ParticipationStatus.ACCEPTED).getActor()
            .setIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem("urn:oid:1.2.250.1.213.1.4.8").setValue(ins));
        appointment.addParticipant().setStatus(Appointment.ParticipationStatus.ACCEPTED).getActor().setDisplay("Dr Martin, cardiologue");
        appointment.addParticipant().setStatus(Appointment.ParticipationStatus.ACCEPTED).getActor().setType("Location")
            .setDisplay("CH Exemple, 1 rue de la Santé, Paris");
        return appointment;
    }

    static String xml(Appointment appointment) {
        return FHIR.newXmlParser().encodeResourceToString(appointment);
    }

    static Appointment parsed(HttpResponse<String> response) {
        return FHIR.newXmlParser().parseResource(Appointment.class, response.body());
    }

    @Test
    void anApplicationShouldCreateThenUpdateByIdentifierAndReadItBack() throws Exception {
        Instant start = Instant.parse("2027-03-02T09:30:00Z");
        HttpResponse<String> created = call(appCertificate, "POST", "/fhir/Appointment", "application/fhir+xml",
            xml(appointment("RDV-1", INS, Appointment.AppointmentStatus.BOOKED, start)));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("https://localhost:" + gateway.applicationsHttpsPort() + "/fhir/Appointment/");
        Appointment stored = parsed(created);
        assertThat(stored.getStatus()).isEqualTo(Appointment.AppointmentStatus.BOOKED);
        assertThat(stored.getStart().toInstant()).isEqualTo(start);
        assertThat(stored.getSpecialtyFirstRep().getText()).isEqualTo("Cardiologie");

        HttpResponse<String> again = call(appCertificate, "POST", "/fhir/Appointment", "application/fhir+xml",
            xml(appointment("RDV-1", INS, Appointment.AppointmentStatus.BOOKED, start)));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("PUT /fhir/Appointment?identifier=");

        Instant moved = start.plus(Duration.ofDays(1));
        String conditional = "/fhir/Appointment?identifier=" + URLEncoder.encode(SYSTEM + "|RDV-1", StandardCharsets.UTF_8);
        HttpResponse<String> updated = call(appCertificate, "PUT", conditional, "application/fhir+xml",
            xml(appointment("RDV-1", INS, Appointment.AppointmentStatus.BOOKED, moved)));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(parsed(updated).getStart().toInstant()).isEqualTo(moved);
        assertThat(parsed(updated).getMeta().getVersionId()).isEqualTo("1");

        HttpResponse<String> cancelled = call(appCertificate, "PUT", conditional, "application/fhir+xml",
            xml(appointment("RDV-1", INS, Appointment.AppointmentStatus.CANCELLED, moved)));
        assertThat(parsed(cancelled).getStatus()).isEqualTo(Appointment.AppointmentStatus.CANCELLED);

        String path = URI.create(location).getPath();
        HttpResponse<String> read = call(appCertificate, "GET", path, null, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(parsed(read).getStatus()).isEqualTo(Appointment.AppointmentStatus.CANCELLED);
        Bundle search = FHIR.newXmlParser().parseResource(Bundle.class, call(appCertificate, "GET", "/fhir/Appointment?patient.identifier="
            + URLEncoder.encode("urn:oid:1.2.250.1.213.1.4.8|" + INS, StandardCharsets.UTF_8), null, null).body());
        assertThat(search.getTotal()).isEqualTo(1);

        // Another application sees nothing of it.
        assertThat(call(otherAppCertificate, "GET", path, null, null).statusCode()).isEqualTo(404);
        assertThat(FHIR.newXmlParser().parseResource(Bundle.class, call(otherAppCertificate, "GET", conditional, null, null).body()).getTotal()).isZero();
    }

    @Test
    void aConditionalPutOfAnUnknownIdentifierShouldCreate() throws Exception {
        String conditional = "/fhir/Appointment?identifier=" + URLEncoder.encode(SYSTEM + "|RDV-PUT", StandardCharsets.UTF_8);

        HttpResponse<String> response = call(appCertificate, "PUT", conditional, "application/fhir+xml",
            xml(appointment("RDV-PUT", INS, Appointment.AppointmentStatus.PROPOSED, Instant.parse("2027-04-01T08:00:00Z"))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @Test
    void badDeclarationsShouldBeRefusedWithAReason() throws Exception {
        Instant start = Instant.parse("2027-05-01T08:00:00Z");
        HttpResponse<String> unknown = call(appCertificate, "POST", "/fhir/Appointment", "application/fhir+xml",
            xml(appointment("RDV-X", UNKNOWN_INS, Appointment.AppointmentStatus.BOOKED, start)));
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.body()).contains("no open space");

        Appointment noPatient = appointment("RDV-Y", INS, Appointment.AppointmentStatus.BOOKED, start);
        noPatient.getParticipant().remove(0);
        HttpResponse<String> missing = call(appCertificate, "POST", "/fhir/Appointment", "application/fhir+xml", xml(noPatient));
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(missing.body()).contains("the patient");

        Appointment backwards = appointment("RDV-Z", INS, Appointment.AppointmentStatus.BOOKED, start);
        backwards.setEnd(java.util.Date.from(start.minusSeconds(60)));
        assertThat(call(appCertificate, "POST", "/fhir/Appointment", "application/fhir+xml", xml(backwards)).statusCode()).isEqualTo(422);

        HttpResponse<String> unknownElement = call(appCertificate, "POST", "/fhir/Appointment", "application/fhir+xml",
            xml(appointment("RDV-W", INS, Appointment.AppointmentStatus.BOOKED, start)).replace("<status ", "<statut value=\"x\"/><status "));
        assertThat(unknownElement.statusCode()).isEqualTo(400);
        assertThat(call(appCertificate, "POST", "/fhir/Appointment", "application/fhir+xml", "<Appointment").statusCode()).isEqualTo(400);
        assertThat(call(appCertificate, "POST", "/fhir/Appointment", "application/fhir+json", "{\"resourceType\":\"Appointment\"}").statusCode())
            .isEqualTo(415);
        assertThat(call(appCertificate, "POST", "/fhir/Appointment", "application/fhir+xml",
            "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Appointment xmlns=\"http://hl7.org/fhir\"><comment value=\"&e;\"/></Appointment>")
            .statusCode()).isEqualTo(400);

        HttpResponse<String> unbound = call(unboundCertificate, "POST", "/fhir/Appointment", "application/fhir+xml",
            xml(appointment("RDV-V", INS, Appointment.AppointmentStatus.BOOKED, start)));
        assertThat(unbound.statusCode()).isEqualTo(403);

        HttpRequest withoutCertificate = HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.applicationsHttpsPort() + "/fhir/Appointment"))
            .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/fhir+xml")
            .POST(HttpRequest.BodyPublishers.ofString(xml(appointment("RDV-U", INS, Appointment.AppointmentStatus.BOOKED, start)))).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpClient.newBuilder().sslContext(TestTls.trusting(gateway.testCaCertificate()))
            .build().send(withoutCertificate, HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void thePatientShouldSeeTheAppointmentInTheWebmailOnAPhoneAndOnADesktop() throws Exception {
        Instant start = Instant.parse("2027-06-10T07:15:00Z");
        assertThat(call(appCertificate, "POST", "/fhir/Appointment", "application/fhir+xml",
            xml(appointment("RDV-WEB", INS, Appointment.AppointmentStatus.BOOKED, start))).statusCode()).isEqualTo(201);
        WebDriver browser = Chromium.start();
        try {
            String base = "https://localhost:" + gateway.webmailPort();
            browser.get(base + "/connexion");
            browser.findElement(By.id("adresse")).sendKeys(INS + "@patient.mssante.fr");
            browser.findElement(By.id("mot-de-passe")).sendKeys("a long patient password");
            browser.findElement(By.id("se-connecter")).click();
            await().atMost(Duration.ofSeconds(30)).until(() -> browser.getCurrentUrl().endsWith("/conversations"));
            browser.findElement(By.linkText("Agenda")).click();
            ((JavascriptExecutor) browser).executeScript("document.getElementById('naissance').value = '1985-05-17';");
            browser.findElement(By.id("enregistrer-naissance")).click();
            shows(browser, "Date de naissance enregistrée");
            assertThat(browser.findElement(By.id("prevention-elements")).getText()).contains("Dépistage du cancer du col de l'utérus");
            for (int width : List.of(1280, 360)) {
                browser.manage().window().setSize(new Dimension(width, 900));
                browser.navigate().refresh();
                String upcoming = browser.findElement(By.id("rendez-vous-a-venir")).getText();
                assertThat(upcoming).contains("jeudi 10 juin 2027 à 09h15").contains("Dr Martin, cardiologue").contains("Cardiologie")
                    .contains("CH Exemple, 1 rue de la Santé, Paris").contains("Confirmé");
                Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")).analyze(browser);
                assertThat(results.getViolations()).filteredOn(rule -> "critical".equals(rule.getImpact()) || "serious".equals(rule.getImpact()))
                    .extracting(Rule::getId).isEmpty();
                long scrollWidth = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth;");
                assertThat(scrollWidth).isLessThanOrEqualTo(width);
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).renameTo(Files.createDirectories(Path.of("target", "webmail-screenshots"))
                    .resolve(width + "-agenda.png").toFile());
            }
            assertThat(browser.findElement(By.id("exporter-agenda")).getAttribute("href")).endsWith("/agenda/agenda.ics");

            // The patient notes a reminder of their own, opens it (its history), deletes it.
            browser.findElement(By.id("type-rappel")).click();
            ((JavascriptExecutor) browser).executeScript("document.getElementById('date').value = '2027-06-20';");
            browser.findElement(By.id("texte")).sendKeys("Renouveler l'ordonnance");
            browser.findElement(By.id("ajouter-agenda")).click();
            shows(browser, "Rappel ajouté");
            browser.findElement(By.linkText("Rappel : Renouveler l'ordonnance")).click();
            shows(browser, "pour le dimanche 20 juin 2027 à 09h00");
            browser.findElement(By.id("supprimer")).click();
            shows(browser, "Supprimé");
            assertThat(browser.findElement(By.id("contenu")).getText()).doesNotContain("Renouveler");
        } finally {
            browser.quit();
        }
    }

    /**
     * What Thunderbird sends for an invitation (multipart/alternative with a {@code text/calendar; method=REQUEST} part,
     * a VTIMEZONE, the attendees), as Jakarta Mail over submission.
     */
    static MimeMessage invitation(String uid, int sequence, String method, String localStart, String summary, String... extraVevents)
        throws Exception {
        String calendar = "BEGIN:VCALENDAR\r\nPRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\nVERSION:2.0\r\nMETHOD:" + method + "\r\n"
            + "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n"
            + "DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\n"
            + "TZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\n"
            + "END:VTIMEZONE\r\nBEGIN:VEVENT\r\nCREATED:20261201T100000Z\r\nLAST-MODIFIED:20261201T100000Z\r\nDTSTAMP:20261201T100000Z\r\n"
            + "UID:" + uid + "\r\nSUMMARY:" + summary + "\r\nORGANIZER;CN=Dr Jeanne Martin:mailto:" + DOCTOR + "\r\n"
            + "ATTENDEE;RSVP=TRUE;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT:mailto:" + INS + "@patient.mssante.fr\r\n"
            + "ATTENDEE;RSVP=TRUE;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT:mailto:" + OTHER_PATIENT + "\r\n"
            + "DTSTART;TZID=Europe/Paris:" + localStart + "\r\nDURATION:PT30M\r\nLOCATION:Cabinet\\, 3 rue des Lilas\\, Lyon\r\n"
            + "SEQUENCE:" + sequence + "\r\nTRANSP:OPAQUE\r\nEND:VEVENT\r\n" + String.join("", extraVevents) + "END:VCALENDAR\r\n";
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(DOCTOR, "Dr Jeanne Martin", "UTF-8"));
        message.setRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(INS + "@patient.mssante.fr"));
        message.setSubject((method.equals("CANCEL") ? "Annulé : " : "Invitation : ") + summary, "UTF-8");
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Vous êtes invité(e) : " + summary, "UTF-8");
        alternative.addBodyPart(text);
        MimeBodyPart ics = new MimeBodyPart();
        ics.setContent(calendar, "text/calendar; charset=UTF-8; method=" + method);
        alternative.addBodyPart(ics);
        message.setContent(alternative);
        return message;
    }

    /** The decoded text/calendar part of the message with this subject in the inbox, with its content type first; empty if none. */
    static String calendarPart(String user, String password, String subject) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.imaps.ssl.socketFactory", TestTls.socketFactory(gateway.testCaCertificate()));
        properties.put("mail.imaps.ssl.checkserveridentity", "false");
        try (Store store = Session.getInstance(properties).getStore("imaps")) {
            store.connect("localhost", gateway.imapsPort(), user, password);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                for (javax.mail.Message message : inbox.getMessages()) {
                    if (subject.equals(message.getSubject()) && message.getContent() instanceof javax.mail.Multipart multipart) {
                        for (int i = 0; i < multipart.getCount(); i++) {
                            javax.mail.BodyPart part = multipart.getBodyPart(i);
                            if (part.isMimeType("text/calendar")) {
                                return part.getContentType() + "\n" + new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                            }
                        }
                    }
                }
                return "";
            } finally {
                inbox.close(false);
            }
        }
    }

    @Test
    void aProfessionalsInvitationShouldReachTheAgendaAndThePatientsAnswerShouldReachTheOrganiser() throws Exception {
        MailClients clients = new MailClients(TestTls.socketFactory(gateway.testCaCertificate()));
        String uid = UUID.randomUUID() + "@thunderbird.test";
        clients.sendStartTls(gateway.submissionPort(), DOCTOR, DOCTOR_PASSWORD, invitation(uid, 0, "REQUEST", "20270915T143000", "Consultation de suivi"));
        WebDriver browser = Chromium.start();
        try {
            browser.manage().window().setSize(new Dimension(360, 900));
            String base = "https://localhost:" + gateway.webmailPort();
            browser.get(base + "/connexion");
            browser.findElement(By.id("adresse")).sendKeys(INS + "@patient.mssante.fr");
            browser.findElement(By.id("mot-de-passe")).sendKeys("a long patient password");
            browser.findElement(By.id("se-connecter")).click();
            await().atMost(Duration.ofSeconds(30)).until(() -> browser.getCurrentUrl().endsWith("/conversations"));
            await().atMost(Duration.ofSeconds(60)).until(() -> agendaText(browser, base).contains("Consultation de suivi"));
            String upcoming = browser.findElement(By.id("rendez-vous-a-venir")).getText();
            assertThat(upcoming).contains("mercredi 15 septembre 2027 à 14h30").contains("Dr Jeanne Martin").contains("Cabinet, 3 rue des Lilas, Lyon")
                .contains("Invitation en attente de votre réponse").doesNotContain(OTHER_PATIENT);

            // The invitation in the patient's mailbox names no other patient invited.
            String delivered = await().atMost(Duration.ofSeconds(30)).until(() -> calendarPart(INS + "@patient.mssante.fr", "a long patient password",
                "Invitation : Consultation de suivi"), text -> !text.isEmpty()).replace("\r\n ", "");
            assertThat(delivered).contains("UID:" + uid).contains("mailto:" + INS + "@patient.mssante.fr").contains("ORGANIZER")
                .doesNotContain(OTHER_PATIENT);

            browser.findElement(By.cssSelector("#rendez-vous-a-venir button.refuser")).click();
            shows(browser, "Rendez-vous refusé");
            assertThat(browser.findElement(By.id("rendez-vous-a-venir")).getText()).contains("Refusé par vous");
            String reply = await().atMost(Duration.ofSeconds(60)).until(() -> calendarPart(DOCTOR, DOCTOR_PASSWORD, "Refusé : Consultation de suivi"),
                raw -> !raw.isEmpty());
            String unfolded = reply.replace("\r\n ", "");
            assertThat(unfolded).containsIgnoringCase("text/calendar").containsIgnoringCase("method=REPLY").contains("METHOD:REPLY").contains("UID:" + uid)
                .contains("PARTSTAT=DECLINED").contains("mailto:" + INS + "@patient.mssante.fr").doesNotContain(OTHER_PATIENT);
            assertThat(unfolded.split("DTSTAMP", -1)).hasSize(2);

            // The organiser moves it: the patient is asked again.
            clients.sendStartTls(gateway.submissionPort(), DOCTOR, DOCTOR_PASSWORD, invitation(uid, 1, "REQUEST", "20270916T090000", "Consultation de suivi"));
            await().atMost(Duration.ofSeconds(60)).until(() -> agendaText(browser, base).contains("jeudi 16 septembre 2027 à 09h00"));
            assertThat(browser.findElement(By.id("rendez-vous-a-venir")).getText()).contains("Invitation en attente de votre réponse")
                .doesNotContain("15 septembre");
            browser.findElement(By.cssSelector("#rendez-vous-a-venir button.accepter")).click();
            shows(browser, "Rendez-vous accepté");
            assertThat(browser.findElement(By.id("rendez-vous-a-venir")).getText()).contains("Accepté par vous");
            String accepted = await().atMost(Duration.ofSeconds(60)).until(() -> calendarPart(DOCTOR, DOCTOR_PASSWORD, "Accepté : Consultation de suivi"),
                raw -> !raw.isEmpty());
            assertThat(accepted.replace("\r\n ", "")).contains("PARTSTAT=ACCEPTED").contains("SEQUENCE:1");

            // A hostile calendar (hundreds of events) changes nothing; then the organiser cancels.
            String many = "BEGIN:VEVENT\r\nUID:x\r\nDTSTART:20270101T100000Z\r\nEND:VEVENT\r\n".repeat(200);
            clients.sendStartTls(gateway.submissionPort(), DOCTOR, DOCTOR_PASSWORD, invitation(uid, 5, "REQUEST", "20270917T090000", "Consultation de suivi", many));
            // The organiser is told why, by the postmaster, naming no patient.
            org.santegateway.server.testing.Mailboxes mailboxes = new org.santegateway.server.testing.Mailboxes(TestTls.socketFactory(gateway.testCaCertificate()));
            org.santegateway.server.testing.Mailboxes.Received notice = await().atMost(Duration.ofSeconds(60)).until(() -> mailboxes.find(
                gateway.imapsPort(), DOCTOR, DOCTOR_PASSWORD, "Invitation non prise en compte dans l'agenda du patient / Invitation not added to "
                    + "the patient's agenda"), java.util.Optional::isPresent).orElseThrow();
            assertThat(notice.body()).contains("le calendrier contient trop d'événements").contains("too many components")
                .doesNotContain(INS);
            clients.sendStartTls(gateway.submissionPort(), DOCTOR, DOCTOR_PASSWORD, invitation(uid, 2, "CANCEL", "20270916T090000", "Consultation de suivi"));
            await().atMost(Duration.ofSeconds(60)).until(() -> agendaText(browser, base).contains("Annulé"));
            assertThat(browser.findElement(By.id("rendez-vous-a-venir")).getText()).contains("16 septembre").doesNotContain("17 septembre");
        } finally {
            browser.quit();
        }
    }

    /** Waits for the page the last click loads to say this (a click on a form's button does not wait for the next page). */
    private static void shows(WebDriver browser, String text) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> browser.findElement(By.id("contenu")).getText().contains(text));
    }

    private static String agendaText(WebDriver browser, String base) {
        browser.get(base + "/agenda");
        return browser.findElement(By.id("contenu")).getText();
    }
}
