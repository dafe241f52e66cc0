package org.santegateway.server.spaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
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
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.AuthenticationFailedException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.santegateway.ins.MatriculeIns;
import org.santegateway.server.admin.WebAdminTokens;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority;
import org.santegateway.server.registry.RegistryRefusal;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.testing.Chromium;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.Mailboxes;
import org.santegateway.server.testing.SmtpDialog;
import org.santegateway.server.testing.TestTls;
import org.santegateway.server.testing.TlsSmtpPeer;

/**
 * The patient-space lifecycle from outside: an admin imports a batch over WebAdmin (a faulty batch imports nothing and
 * names its lines), the announcement with the objection code reaches the patient's personal mailbox on a server of
 * the "internet" over STARTTLS, mail to a space not open is refused at RCPT with the reason, an objection with the code
 * (typed in the webmail in Chromium at 360 px, without an account) keeps the space from ever opening, the end of the
 * objection window (run at a time the test chooses) opens the others with an activation code, the patient sets a
 * password in Chromium, signs in and reads their mail, also over IMAP; closure, reopening and deletion each change what
 * a professional's RCPT gets.
 */
class PatientSpacesIntegrationTest {
    static final String HOSPITAL = "hopital-espaces.test";
    static final String MARTIN = "dr.martin@" + HOSPITAL;
    static final String PASSWORD = "a long doctor password";
    static final String PATIENTS = "patient.mssante.fr";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Pattern CODE = Pattern.compile("\\b([0-9A-Z]{5}-[0-9A-Z]{5})\\b");

    @TempDir
    static Path root;
    static TlsSmtpPeer internet;
    static TlsSmtpPeer refusing;
    static GatewayTestServer gateway;
    static SSLSocketFactory tls;
    static MailClients clients;
    static Mailboxes mailboxes;
    static WebDriver browser;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        DevelopmentCertificateAuthority internetCa = DevelopmentCertificateAuthority.create(Clock.systemUTC(),
            "CN=Public CA of the test internet, O=Tests, C=FR");
        Path internetCaFile = root.resolve("internet-ca.pem");
        internetCa.writeTo(internetCaFile, root.resolve("internet-ca.key"));
        internet = TlsSmtpPeer.start(internetCa.issueEndEntity("CN=mx.perso.example", List.of("localhost"), List.of(), Duration.ofDays(1)));
        refusing = TlsSmtpPeer.start(internetCa.issueEndEntity("CN=mx.refus.example", List.of("localhost"), List.of(), Duration.ofDays(1)))
            .refusingRecipients();
        gateway = GatewayTestServer.prepare(root.resolve("gateway")).withProbe(SpacesProbe.class);
        Files.writeString(gateway.settings().file(GatewayProperties.FILE), "\n"
            + "relay.routes=perso.example=localhost:" + internet.port() + ",refus.example=localhost:" + refusing.port() + "\n"
            + "outside.tls.trust=" + internetCaFile + "\n"
            + "webmail.notification.sender=ne-pas-repondre@" + HOSPITAL + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        gateway.start();
        gateway.data().addDomain(HOSPITAL);
        gateway.data().addDomain(PATIENTS);
        gateway.data().addUser(MARTIN, PASSWORD);
        tls = TestTls.socketFactory(gateway.testCaCertificate());
        clients = new MailClients(tls);
        mailboxes = new Mailboxes(tls);
        base = "https://localhost:" + gateway.webmailPort();
        browser = Chromium.start();
        browser.manage().window().setSize(new Dimension(360, 800));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        gateway.close();
        internet.close();
        refusing.close();
    }

    static String ins(String thirteenDigits) {
        return thirteenDigits + MatriculeIns.keyOf(thirteenDigits);
    }

    static HttpResponse<String> webAdmin(String method, String path, String body) throws Exception {
        String token = WebAdminTokens.fromDataDirectory(gateway.settings(), Clock.systemUTC()).issue("admin", Duration.ofMinutes(5));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.webAdminPort() + path))
            .header("Authorization", "Bearer " + token)
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The reply to RCPT TO of a professional authenticated on the submission port. */
    static String rcptReply(String recipient) throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(gateway.submissionPort())) {
            smtp.read();
            smtp.send("EHLO client.test");
            smtp.startTls(tls);
            smtp.send("EHLO client.test");
            String credentials = Base64.getEncoder().encodeToString(("\0" + MARTIN + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertThat(smtp.send("AUTH PLAIN " + credentials)).startsWith("235");
            assertThat(smtp.send("MAIL FROM:<" + MARTIN + ">")).startsWith("250");
            return smtp.send("RCPT TO:<" + recipient + ">");
        }
    }

    /** A message the "internet" server received, decoded: recipient, subject, text. */
    record Notice(String to, String subject, String text) {
    }

    static List<Notice> notices() throws Exception {
        List<Notice> notices = new java.util.ArrayList<>();
        for (String raw : internet.bodies()) {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                new java.io.ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
            notices.add(new Notice(message.getHeader("To", ","), message.getSubject(), String.valueOf(message.getContent())));
        }
        return notices;
    }

    /** The code of the last notice with this subject that reached the personal address, once it arrived. */
    static String noticeCode(String personal, String subject) {
        Notice notice = await().atMost(WAIT).until(() -> notices().stream()
            .filter(candidate -> candidate.to().contains(personal) && candidate.subject().equals(subject))
            .reduce((first, second) -> second), java.util.Optional::isPresent).get();
        Matcher code = CODE.matcher(notice.text());
        assertThat(code.find()).as("a code in the notice").isTrue();
        return code.group(1);
    }

    static void activateInTheBrowser(String ins, String code, String password, String confirmation) {
        browser.get(base + "/activation");
        browser.findElement(By.id("ins")).sendKeys(ins);
        browser.findElement(By.id("code")).sendKeys(code);
        browser.findElement(By.id("mot-de-passe")).sendKeys(password);
        browser.findElement(By.id("confirmation")).sendKeys(confirmation);
        browser.findElement(By.id("valider")).click();
    }

    static void awaitText(By element, String text) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
            .until(() -> browser.findElement(element).getText(), shown -> shown.contains(text));
    }

    static boolean horizontalOverflow() {
        return (Boolean) ((JavascriptExecutor) browser).executeScript(
            "return document.documentElement.scrollWidth > document.documentElement.clientWidth;");
    }

    static void professionalWrites(String patient, String subject) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(MARTIN));
        message.setRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(patient));
        message.setSubject(subject, "UTF-8");
        message.setText("Bonjour, voici votre compte rendu.", "UTF-8");
        clients.sendStartTls(gateway.submissionPort(), MARTIN, PASSWORD, message);
    }

    @Test
    void aFaultyBatchShouldImportNothingAndNameEveryFaultyLine() throws Exception {
        String good = ins("1690233123456");
        String csv = "ins;email;postal\n"
            + good + ";jeanne@perso.example;0\n"
            + "169023312345600;paul@perso.example;0\n"
            + ins("1690233123457") + ";pas-une-adresse;0\n"
            + good + ";autre@perso.example;0\n"
            + ins("1690233123458") + ";;0\n"
            + ins("1690233123459") + ";x@perso.example;peut-etre\n";

        HttpResponse<String> refused = webAdmin("POST", "/gateway/patient-spaces/import", csv);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("nothing was imported")
            .contains("\"line\":3").contains("not a matricule INS")
            .contains("\"line\":4").contains("not an e-mail address")
            .contains("\"line\":5").contains("the same INS as line 2")
            .contains("\"line\":6").contains("neither an e-mail address nor postal notices")
            .contains("\"line\":7").contains("postal flag")
            .doesNotContain("\"line\":2,");
        assertThat(webAdmin("GET", "/gateway/patient-spaces/" + good, null).statusCode()).isEqualTo(404);
    }

    @Test
    void theLifecycleShouldDecideWhatMailToThePatientGets() throws Exception {
        String jeanne = ins("2850575123456");
        String paul = ins("1920399123789");
        String jeanneAddress = jeanne + "@" + PATIENTS;
        String paulAddress = paul + "@" + PATIENTS;
        String csv = "ins;email;postal\r\n" + jeanne + ";jeanne.dupont@perso.example;0\r\n" + paul + ";paul@perso.example;non\r\n";

        HttpResponse<String> imported = webAdmin("POST", "/gateway/patient-spaces/import", csv);
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        assertThat(imported.body()).contains("\"enrolled\":2");
        // The same batch again changes nothing (and sends no second notice).
        assertThat(webAdmin("POST", "/gateway/patient-spaces/import", csv).body()).contains("\"enrolled\":0").contains("\"alreadyEnrolled\":2");

        String paulObjectionCode = noticeCode("paul@perso.example", SpaceNotices.OBJECTION_SUBJECT);
        String jeanneObjectionCode = noticeCode("jeanne.dupont@perso.example", SpaceNotices.OBJECTION_SUBJECT);
        assertThat(notices()).allSatisfy(notice -> assertThat(notice.text()).doesNotContain(jeanne).doesNotContain(paul)
            .doesNotContain(MARTIN).contains("code d'opposition"));
        assertThat(internet.startTlsCount()).isPositive();
        assertThat(webAdmin("GET", "/gateway/patient-spaces/" + jeanne, null).body()).contains("\"state\":\"NOTIFIED\"");
        assertThat(rcptReply(jeanneAddress)).startsWith("550 5.2.1").contains("Messagerie pas encore ouverte");

        // Paul objects (a wrong code first); Jeanne does not.
        assertThat(webAdmin("POST", "/gateway/patient-spaces/" + paul + "/objection", "{\"code\":\"" + jeanneObjectionCode + "\"}").statusCode())
            .isEqualTo(400);
        // In the webmail on a phone, without an account; the code typed as it comes, in lower case.
        browser.get(base + "/opposition");
        browser.findElement(By.id("ins")).sendKeys(paul);
        browser.findElement(By.id("code")).sendKeys(paulObjectionCode.toLowerCase());
        browser.findElement(By.id("valider")).click();
        awaitText(By.id("message-info"), "Votre opposition est enregistrée");
        assertThat(webAdmin("GET", "/gateway/patient-spaces/" + paul, null).body())
            .contains("\"state\":\"OBJECTED\"").contains("\"personalEmail\":null");

        PatientSpaces.Run beforeTheEnd = gateway.probe(SpacesProbe.class).runAt(Instant.now().plus(Duration.ofDays(41)));
        assertThat(beforeTheEnd.opened()).isZero();
        PatientSpaces.Run afterSixWeeks = gateway.probe(SpacesProbe.class).runAt(Instant.now().plus(Duration.ofDays(43)));
        assertThat(afterSixWeeks.opened()).isPositive();
        assertThat(webAdmin("GET", "/gateway/patient-spaces/" + jeanne, null).body()).contains("\"state\":\"OPENED\"");
        assertThat(webAdmin("GET", "/gateway/patient-spaces/" + paul, null).body()).contains("\"state\":\"OBJECTED\"");
        // Imported again once opened (the account exists now): still the same two spaces, nothing sent.
        assertThat(webAdmin("POST", "/gateway/patient-spaces/import", csv).body()).contains("\"enrolled\":0").contains("\"alreadyEnrolled\":2");
        assertThat(rcptReply(paulAddress)).startsWith("550 5.1.1").contains("oppose");
        assertThat(rcptReply(jeanneAddress)).startsWith("250");

        String subject = "Compte rendu " + java.util.UUID.randomUUID();
        professionalWrites(jeanneAddress, subject);
        String activationCode = noticeCode("jeanne.dupont@perso.example", SpaceNotices.OPENING_SUBJECT);
        assertThat(activationCode).isNotEqualTo(jeanneObjectionCode);
        assertThatThrownBy(() -> gateway.probe(SpacesProbe.class).spaces().activate(jeanne, activationCode, "court"))
            .isInstanceOf(RegistryRefusal.class).hasMessageContaining("at least 12 characters");
        assertThatThrownBy(() -> gateway.probe(SpacesProbe.class).spaces().activate(jeanne, jeanneObjectionCode, "un mot de passe assez long"))
            .isInstanceOf(RegistryRefusal.class).hasMessageContaining("activation code");
        activateInTheBrowser(jeanne, activationCode, "un mot de passe assez long", "un autre mot de passe");
        awaitText(By.id("erreur"), "Les deux mots de passe ne sont pas identiques.");
        assertThat(browser.findElement(By.id("ins")).getAttribute("value")).isEqualTo(jeanne);
        activateInTheBrowser(jeanne, activationCode, "un mot de passe assez long", "un mot de passe assez long");
        awaitText(By.id("message-info"), "Votre mot de passe est enregistré.");
        assertThat(horizontalOverflow()).as("no sideways scrolling at 360 px").isFalse();
        browser.findElement(By.linkText("Se connecter")).click();
        browser.findElement(By.id("adresse")).sendKeys(jeanneAddress);
        browser.findElement(By.id("mot-de-passe")).sendKeys("un mot de passe assez long");
        browser.findElement(By.id("se-connecter")).click();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
            browser.navigate().refresh();
            return browser.getPageSource().contains(subject);
        });
        await().atMost(WAIT).until(() -> mailboxes.find(gateway.imapsPort(), jeanneAddress, "un mot de passe assez long", subject).isPresent());
        // The address the activation code reached is the confirmed notification address: the next message is announced there.
        professionalWrites(jeanneAddress, "Suite " + subject);
        await().atMost(WAIT).until(() -> notices().stream().anyMatch(notice -> notice.to().contains("jeanne.dupont@perso.example")
            && notice.subject().equals("Un nouveau message vous attend")));

        // Closed by the patient in the webmail: archived, read-only, mail refused; reopened by them: as before.
        browser.get(base + "/notifications");
        browser.findElement(By.id("lien-espace")).click();
        browser.findElement(By.id("cloturer")).click();
        assertThat(browser.findElement(By.id("confirmation-cloturer")).getAttribute("required")).isNotNull();
        browser.findElement(By.id("confirmation-cloturer")).click();
        browser.findElement(By.id("cloturer")).click();
        awaitText(By.id("message-info"), "Votre espace santé est clôturé.");
        assertThat(browser.findElement(By.id("etat-espace")).getText()).contains("lecture seule");
        assertThat(horizontalOverflow()).isFalse();
        assertThat(webAdmin("GET", "/gateway/patient-spaces/" + jeanne, null).body()).contains("\"state\":\"CLOSED\"");
        assertThat(rcptReply(jeanneAddress)).startsWith("550 5.2.1").contains("Messagerie cloturee");
        assertThat(mailboxes.find(gateway.imapsPort(), jeanneAddress, "un mot de passe assez long", subject)).isPresent();
        browser.findElement(By.id("reouvrir")).click();
        awaitText(By.id("message-info"), "Votre espace santé est rouvert.");
        assertThat(webAdmin("GET", "/gateway/patient-spaces/" + jeanne, null).body()).contains("\"state\":\"ACTIVATED\"");
        assertThat(rcptReply(jeanneAddress)).startsWith("250");
        // Closed by an admin: the patient cannot reopen it; closed again and deleted on request.
        webAdmin("POST", "/gateway/patient-spaces/" + jeanne + "/closure", "{\"reason\":\"ADMIN\"}");
        browser.get(base + "/espace");
        assertThat(browser.findElements(By.id("reouvrir"))).isEmpty();
        assertThat(webAdmin("POST", "/gateway/patient-spaces/" + jeanne + "/reopening", null).body()).contains("\"state\":\"ACTIVATED\"");
        webAdmin("POST", "/gateway/patient-spaces/" + jeanne + "/closure", "{\"reason\":\"PATIENT\"}");
        assertThat(webAdmin("POST", "/gateway/patient-spaces/" + jeanne + "/deletion", null).statusCode()).isEqualTo(200);
        gateway.probe(SpacesProbe.class).runAt(Instant.now().plus(Duration.ofDays(89)));
        assertThat(webAdmin("GET", "/gateway/patient-spaces/" + jeanne, null).body()).contains("\"state\":\"CLOSED\"");
        assertThat(gateway.probe(SpacesProbe.class).runAt(Instant.now().plus(Duration.ofDays(91))).deleted()).isPositive();

        assertThat(rcptReply(jeanneAddress)).startsWith("550 5.1.1").contains("Patient inconnu");
        assertThatThrownBy(() -> mailboxes.inbox(gateway.imapsPort(), jeanneAddress, "un mot de passe assez long"))
            .isInstanceOf(AuthenticationFailedException.class);
        assertThat(webAdmin("GET", "/gateway/patient-spaces/" + jeanne, null).body()).contains("\"state\":\"DELETED\"")
            .contains("\"personalEmail\":null");
        assertThat(webAdmin("POST", "/gateway/patient-spaces/" + jeanne + "/reopening", null).statusCode()).isEqualTo(409);
    }

    @Test
    void aPatientNobodyEnrolledShouldBeUnknownAndADeathShouldCloseForGood() throws Exception {
        assertThat(rcptReply(ins("1770101123456") + "@" + PATIENTS)).startsWith("550 5.1.1").contains("Patient inconnu");

        String existing = ins("1770101123457");
        gateway.data().addUser(existing + "@" + PATIENTS, "a patient password set by hand");
        assertThat(rcptReply(existing + "@" + PATIENTS)).startsWith("250");
        assertThat(webAdmin("POST", "/gateway/patient-spaces/" + existing + "/closure", "{\"reason\":\"DEATH\"}").body())
            .contains("\"state\":\"CLOSED\"").contains("\"closeReason\":\"DEATH\"");
        assertThat(rcptReply(existing + "@" + PATIENTS)).startsWith("550 5.2.1");
        assertThat(webAdmin("POST", "/gateway/patient-spaces/" + existing + "/reopening", null).statusCode()).isEqualTo(409);
        // The archive is kept ten years, then deleted.
        gateway.probe(SpacesProbe.class).runAt(Instant.now().plus(Duration.ofDays(3649)));
        assertThat(webAdmin("GET", "/gateway/patient-spaces/" + existing, null).body()).contains("\"state\":\"CLOSED\"");
        gateway.probe(SpacesProbe.class).runAt(Instant.now().plus(Duration.ofDays(3651)));
        assertThat(webAdmin("GET", "/gateway/patient-spaces/" + existing, null).body()).contains("\"state\":\"DELETED\"");
        assertThat(rcptReply(existing + "@" + PATIENTS)).startsWith("550 5.1.1").contains("Patient inconnu");
        assertThat(webAdmin("POST", "/gateway/patient-spaces/" + existing + "/closure", "{\"reason\":\"SOMETIMES\"}").statusCode())
            .isEqualTo(400);
        assertThat(webAdmin("GET", "/gateway/patient-spaces/123", null).statusCode()).isEqualTo(400);
    }

    @Test
    void aNoticeRefusedByThePersonalMailServerShouldSendTheNextLetterByPost() throws Exception {
        String lost = ins("1660512123456");
        assertThat(webAdmin("POST", "/gateway/patient-spaces/import", lost + ";ancienne.adresse@refus.example;0\n").statusCode()).isEqualTo(200);

        await().atMost(WAIT).until(() -> webAdmin("GET", "/gateway/patient-spaces/" + lost, null).body().contains("\"postal\":true"));

        String letters = webAdmin("GET", "/gateway/patient-spaces/postal-letters", null).body();
        assertThat(letters).contains(lost + ";objection;");
    }

    @Test
    void postalLettersShouldCarryCodesThatWork() throws Exception {
        String postal = ins("1550701123456");
        assertThat(webAdmin("POST", "/gateway/patient-spaces/import", postal + ",,1\n").statusCode()).isEqualTo(200);

        HttpResponse<String> letters = webAdmin("GET", "/gateway/patient-spaces/postal-letters", null);
        assertThat(letters.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        String line = letters.body().lines().filter(row -> row.startsWith(postal + ";")).findFirst().orElseThrow();
        assertThat(line).contains(";objection;");
        String code = line.split(";")[2];
        assertThat(webAdmin("GET", "/gateway/patient-spaces/postal-letters", null).body()).doesNotContain(postal);

        assertThat(webAdmin("POST", "/gateway/patient-spaces/" + postal + "/objection", "{\"code\":\"" + code + "\"}").body())
            .contains("\"state\":\"OBJECTED\"");
    }
}
