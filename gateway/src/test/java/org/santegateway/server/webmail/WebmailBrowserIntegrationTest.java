package org.santegateway.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.net.ssl.SSLContext;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.santegateway.dmp.AccessOutcome;
import org.santegateway.dmp.Actor;
import org.santegateway.dmp.DmpStore;
import org.santegateway.dmp.DocumentMetadata;
import org.santegateway.dmp.Ins;
import org.santegateway.ins.MatriculeIns;
import org.santegateway.server.dmp.DmpProbe;
import org.santegateway.server.dmp.DmpTestDocuments;
import org.santegateway.server.testing.Chromium;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.TestTls;

import com.sun.net.httpserver.HttpServer;

/**
 * The patient webmail in a real headless Chromium (Debian's {@code chromium} driven through
 * {@code /usr/bin/chromedriver} by Selenium, nothing downloaded): a patient reads what a
 * professional sent over SMTP, replies (the professional reads it over IMAP), cannot start a
 * conversation, reads a hostile HTML message that runs and loads nothing, opens a document filed
 * from an XDM attachment and hides it from professionals, logs out. Screenshots
 * of the pages go to {@code target/webmail-screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SuppressWarnings("unchecked")
class WebmailBrowserIntegrationTest {
    static final String HOSPITAL = "hopital-test.fr";
    static final String PATIENT_DOMAIN = "patient.mssante.fr";
    static final String MARTIN = "dr.martin@" + HOSPITAL;
    static final String PATIENT = ins("1850575123456") + "@" + PATIENT_DOMAIN;
    static final String PASSWORD = "correct horse battery staple";
    static final Duration DELIVERY = Duration.ofSeconds(30);
    static final Path SCREENSHOTS = Path.of("target", "webmail-screenshots");

    @TempDir
    static Path root;
    static GatewayTestServer gateway;
    static MailClients clients;
    static WebDriver browser;
    static HttpServer tracker;
    static final AtomicInteger trackerRequests = new AtomicInteger();
    static String base;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayTestServer.prepare(root).withProbe(DmpProbe.class).start();
        gateway.data().addDomain(HOSPITAL);
        gateway.data().addDomain(PATIENT_DOMAIN);
        gateway.data().addUser(MARTIN, PASSWORD);
        gateway.data().addUser(PATIENT, PASSWORD);
        SSLContext tls = TestTls.trusting(gateway.testCaCertificate());
        clients = new MailClients(tls.getSocketFactory());
        base = "https://localhost:" + gateway.webmailPort();
        tracker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tracker.createContext("/", exchange -> {
            trackerRequests.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        tracker.start();
        Files.createDirectories(SCREENSHOTS);
        browser = chromium();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (tracker != null) {
            tracker.stop(0);
        }
        gateway.close();
    }

    /** Debian's chromium through its chromedriver, given explicitly so that Selenium Manager never runs. */
    static WebDriver chromium() {
        return Chromium.start();
    }

    static String ins(String body) {
        return body + MatriculeIns.keyOf(body);
    }

    static void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }

    static void professionalSends(MimeMessage message) throws Exception {
        clients.sendStartTls(gateway.submissionPort(), MARTIN, PASSWORD, message);
    }

    static MimeMessage fromMartin(String subject) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(MARTIN, "Dr Jeanne Martin", "UTF-8"));
        message.setRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(PATIENT));
        message.setSubject(subject, "UTF-8");
        return message;
    }

    static void login() {
        browser.get(base + "/connexion");
        browser.findElement(By.id("adresse")).sendKeys(PATIENT);
        browser.findElement(By.id("mot-de-passe")).sendKeys(PASSWORD);
        browser.findElement(By.id("se-connecter")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/conversations"));
    }

    /** The row of the conversation in the list, once the message is delivered. */
    static WebElement awaitListed(String subject) {
        return await().atMost(DELIVERY).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            browser.get(base + "/conversations");
            return browser.findElement(By.xpath("//tr[td/a[text()='" + subject + "']]"));
        }, element -> true);
    }

    static void openConversation(String subject) {
        awaitListed(subject).findElement(By.linkText(subject)).click();
    }

    /**
     * Waits until the page a click leads to shows {@code by} with all of {@code expected} in its
     * text: a click on a form button returns before the browser has loaded the next page.
     */
    static void awaitText(By by, String... expected) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
            .ignoreExceptionsInstanceOf(org.openqa.selenium.NoSuchElementException.class)
            .ignoreExceptionsInstanceOf(org.openqa.selenium.StaleElementReferenceException.class)
            .untilAsserted(() -> assertThat(browser.findElement(by).getText()).contains(expected));
    }

    @Test
    @Order(1)
    void patientShouldReadAMessageSentOverSmtpAndReplyAndTheProfessionalShouldReceiveTheReplyOverImap() throws Exception {
        String subject = "Résultats de laboratoire " + UUID.randomUUID().toString().substring(0, 8);
        MimeMessage message = fromMartin(subject);
        message.setText("Bonjour,\nvos résultats sont normaux.\nDr Martin", "UTF-8");
        professionalSends(message);
        browser.get(base + "/connexion");
        screenshot("01-connexion");

        login();
        WebElement row = awaitListed(subject);
        assertThat(row.findElement(By.className("professionnel")).getText()).isEqualTo("Dr Jeanne Martin");
        assertThat(row.getText()).contains("Non lu");
        screenshot("02-conversations");
        row.findElement(By.linkText(subject)).click();

        awaitText(By.cssSelector("article.message.recu"), "Dr Jeanne Martin", "vos résultats sont normaux.");
        screenshot("03-conversation");
        browser.findElement(By.id("texte")).sendKeys("Merci docteur, à bientôt.");
        browser.findElement(By.id("envoyer")).click();

        awaitText(By.id("message-info"), "Votre message a été envoyé");
        screenshot("04-reponse-envoyee");
        await().atMost(DELIVERY).pollInterval(Duration.ofMillis(500))
            .until(() -> clients.inboxSubjects(gateway.imapsPort(), true, MARTIN, PASSWORD), subjects -> subjects.contains("Re: " + subject));
        browser.get(base + "/conversations");
        assertThat(browser.findElement(By.xpath("//tr[td/a[text()='" + subject + "']]")).getText()).doesNotContain("Non lu");
    }

    @Test
    @Order(2)
    void patientShouldNotStartAConversationAndShouldSeeWhyInFrench() throws Exception {
        browser.get(base + "/nouveau");
        assertThat(browser.findElement(By.id("aucun-etablissement")).getText()).contains("Aucun établissement");
        // No professional is offered; a tampered form naming one who never wrote still meets the conversation policy.
        ((JavascriptExecutor) browser).executeScript(
            "const option = document.createElement('option'); option.value = arguments[0]; option.text = arguments[0];"
                + "document.getElementById('destinataire').appendChild(option); option.selected = true;", "dr.jamais@" + HOSPITAL);
        browser.findElement(By.id("objet")).sendKeys("Question");
        browser.findElement(By.id("texte")).sendKeys("Bonjour docteur, j'ai une question.");
        browser.findElement(By.id("envoyer")).click();

        awaitText(By.id("erreur"),
            "Vous ne pouvez écrire qu'aux professionnels de santé qui vous ont écrit et n'ont pas clôturé l'échange : répondez à l'un de leurs messages.");
        screenshot("05-nouvelle-conversation-refusee");
    }

    @Test
    @Order(3)
    void hostileHtmlMessageShouldShowItsTextAndRunOrLoadNothing() throws Exception {
        String subject = "Message HTML " + UUID.randomUUID().toString().substring(0, 8);
        String tracking = "http://127.0.0.1:" + tracker.getAddress().getPort();
        String html = "<html><head><style>body { background: url(" + tracking + "/css-head.png) }</style>"
            + "<script>document.title = 'pirate'; new Image().src = '" + tracking + "/script.png';</script></head>"
            + "<body onload=\"alert('onload')\"><p id=\"texte-visible\">Texte visible du professionnel</p>"
            + "<img src=\"" + tracking + "/image.png\" onerror=\"alert('onerror')\">"
            + "<div style=\"background-image: url(" + tracking + "/css-inline.png)\" onmouseover=\"alert('survol')\">Survolez-moi</div>"
            + "<a href=\"javascript:alert('lien')\" id=\"lien-js\">Lien piégé</a>"
            + "<iframe src=\"" + tracking + "/frame.html\"></iframe>"
            + "<svg><script>alert('svg')</script></svg>"
            + "<form action=\"" + tracking + "/form\"><input name=\"q\"></form>"
            + "<link rel=\"stylesheet\" href=\"" + tracking + "/style.css\">"
            + "</body></html>";
        MimeMessage message = fromMartin(subject);
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Texte visible du professionnel", "UTF-8");
        MimeBodyPart htmlPart = new MimeBodyPart();
        htmlPart.setContent(html, "text/html; charset=UTF-8");
        alternative.addBodyPart(text);
        alternative.addBodyPart(htmlPart);
        message.setContent(alternative);
        professionalSends(message);

        openConversation(subject);
        String titleBefore = browser.getTitle();
        WebElement body = browser.findElement(By.cssSelector("article.message .corps"));
        new org.openqa.selenium.interactions.Actions(browser).moveToElement(browser.findElement(By.xpath("//*[text()='Survolez-moi']"))).perform();
        screenshot("06-message-html");

        assertThat(body.getText()).contains("Texte visible du professionnel").contains("Survolez-moi");
        assertThat(body.findElements(By.cssSelector("script, img, iframe, form, style, link, svg, [onerror], [onmouseover], [onload], [style]"))).isEmpty();
        assertThat(body.findElements(By.id("lien-js"))).isEmpty();
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.getTitle()).isEqualTo(titleBefore).doesNotContain("pirate");
        // Nothing was loaded from the tracking server while the page was open and hovered.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> trackerRequests.get() == 0);
    }

    @Test
    @Order(4)
    void patientShouldOpenADocumentFiledFromAnXdmAttachmentAndHideItFromProfessionals() throws Exception {
        String canary = "Examen normal " + UUID.randomUUID().toString().substring(0, 8);
        String ins = PATIENT.substring(0, PATIENT.indexOf('@'));
        byte[] xdm = DmpTestDocuments.xdm(DmpTestDocuments.insCx(ins), List.of(DmpTestDocuments.Doc.cda("DOC0001", ins, canary)));
        MimeMessage message = fromMartin("Compte rendu de consultation");
        MimeMultipart multipart = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Veuillez trouver ci-joint le compte rendu.", "UTF-8");
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new javax.activation.DataHandler(new javax.mail.util.ByteArrayDataSource(xdm, "application/zip")));
        file.setFileName("IHE_XDM.ZIP");
        file.setDisposition(MimeBodyPart.ATTACHMENT);
        multipart.addBodyPart(text);
        multipart.addBodyPart(file);
        message.setContent(multipart);
        professionalSends(message);

        WebElement link = await().atMost(DELIVERY).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            browser.get(base + "/documents");
            return browser.findElement(By.linkText("Compte rendu DOC0001"));
        }, element -> true);
        WebElement row = browser.findElement(By.xpath("//tr[td/a[text()='Compte rendu DOC0001']]"));
        assertThat(row.getText()).contains("Visible").contains("2024");
        screenshot("07-documents");
        link.click();
        awaitText(By.id("titre-document"), "Compte rendu DOC0001");
        assertThat(browser.findElement(By.id("titre-document")).getText()).isEqualTo("Compte rendu DOC0001");
        assertThat(browser.findElement(By.id("contenu-document")).getText()).contains(canary).contains("<ClinicalDocument");
        screenshot("08-document");

        browser.get(base + "/documents");
        browser.findElement(By.xpath("//tr[td/a[text()='Compte rendu DOC0001']]//button[@class='masquer']")).click();

        awaitText(By.xpath("//tr[td/a[text()='Compte rendu DOC0001']]"), "Masqué aux professionnels");
        screenshot("09-document-masque");
        DmpStore store = gateway.probe(DmpProbe.class).store();
        List<DocumentMetadata> documents = ((AccessOutcome.Granted<List<DocumentMetadata>>) store.list(Actor.patient(new Ins(ins)), new Ins(ins))).value();
        assertThat(documents).singleElement().satisfies(document -> assertThat(document.hidden()).isTrue());
        assertThat(store.fetch(Actor.professional(MARTIN), documents.get(0).id())).isInstanceOf(AccessOutcome.NotFound.class);
        browser.findElement(By.id("historique")).click();
        awaitText(By.id("acces-personnels"), "Vous", "Masquage", "Consultation");
        screenshot("10-historique-acces");
    }

    /** At desktop and phone widths: the patient adds a PDF to their record, sees it listed as theirs, hides it, deletes it. */
    @Test
    @Order(5)
    void patientShouldAddAPdfSeeItListedHideItAndDeleteItOnADesktopAndAPhone() throws Exception {
        String ins = PATIENT.substring(0, PATIENT.indexOf('@'));
        DmpStore store = gateway.probe(DmpProbe.class).store();
        for (int width : List.of(1280, 360)) {
            browser.manage().window().setSize(new Dimension(width, 900));
            String title = "Ordonnance ajoutée " + width;
            Path pdf = Files.createTempFile("ordonnance", ".pdf");
            Files.writeString(pdf, "%PDF-1.7\n% " + UUID.randomUUID() + "\n%%EOF\n", StandardCharsets.US_ASCII);
            browser.get(base + "/documents");
            browser.findElement(By.id("ajouter-document")).click();
            awaitText(By.tagName("h1"), "Ajouter un document");
            browser.findElement(By.id("fichier")).sendKeys(pdf.toAbsolutePath().toString());
            browser.findElement(By.cssSelector("#type option[value='57833-6']")).click();
            browser.findElement(By.id("titre")).sendKeys(title);
            ((JavascriptExecutor) browser).executeScript("arguments[0].value = '2026-11-02';", browser.findElement(By.id("date")));
            assertThat((Long) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;")).as("sideways scrolling at %d px", width)
                .isLessThanOrEqualTo(0L);
            browser.findElement(By.id("ajouter")).click();

            awaitText(By.id("message-info"), "Document ajouté à votre dossier.");
            WebElement row = browser.findElement(By.xpath("//tr[td/a[text()='" + title + "']]"));
            assertThat(row.getText()).contains("Ordonnance").contains("Vous").contains("Visible");
            screenshot("11-document-ajoute-" + width);
            row.findElement(By.cssSelector("button.masquer")).click();
            awaitText(By.xpath("//tr[td/a[text()='" + title + "']]"), "Masqué aux professionnels");
            List<DocumentMetadata> documents = ((AccessOutcome.Granted<List<DocumentMetadata>>) store.list(Actor.patient(new Ins(ins)),
                new Ins(ins))).value();
            DocumentMetadata added = documents.stream().filter(document -> document.title().equals(title)).findFirst().orElseThrow();
            assertThat(added.hidden()).isTrue();
            assertThat(added.mimeType()).isEqualTo("application/pdf");
            assertThat(store.fetch(Actor.professional(MARTIN), added.id())).isInstanceOf(AccessOutcome.NotFound.class);

            browser.findElement(By.linkText(title)).click();
            awaitText(By.id("titre-document"), title);
            browser.findElement(By.id("confirmation-suppression")).click();
            browser.findElement(By.id("supprimer")).click();
            awaitText(By.id("message-info"), "Document supprimé.");
            assertThat(browser.findElements(By.linkText(title))).isEmpty();
        }
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    /**
     * Every page state, at desktop and phone widths: axe-core (WCAG 2.0, 2.1 and 2.2 A/AA rules, as RGAA 4.1
     * follows WCAG 2.1 AA) finds nothing critical or serious, and no page scrolls sideways at 360 or 320 CSS px
     * (WCAG 1.4.10, 400 % zoom). Pages outside a session are seen through 127.0.0.1, which has no session cookie.
     */
    @Test
    @Order(6)
    void everyPageStateShouldPassAxeAndFitAPhone() throws Exception {
        String anonymous = "https://127.0.0.1:" + gateway.webmailPort();
        Path notAPdf = Files.createTempFile("faux", ".pdf");
        Files.writeString(notAPdf, "MZ this is not a PDF", StandardCharsets.US_ASCII);
        Map<String, Runnable> states = new LinkedHashMap<>();
        states.put("conversations", () -> browser.get(base + "/conversations"));
        states.put("conversation", () -> {
            browser.get(base + "/conversations");
            browser.findElement(By.cssSelector("a.ouvrir")).click();
            awaitText(By.tagName("h1"), "");
        });
        states.put("nouveau", () -> browser.get(base + "/nouveau"));
        states.put("notifications", () -> browser.get(base + "/notifications"));
        states.put("notifications-refusee", () -> {
            browser.get(base + "/notifications");
            WebElement field = browser.findElement(By.id("adresse-personnelle"));
            field.clear();
            field.sendKeys("autre@" + PATIENT_DOMAIN);
            browser.findElement(By.id("enregistrer")).click();
            awaitText(By.id("erreur"), "Erreur");
        });
        states.put("documents", () -> browser.get(base + "/documents"));
        states.put("document", () -> {
            browser.get(base + "/documents");
            browser.findElement(By.cssSelector("a.ouvrir-document")).click();
            awaitText(By.id("titre-document"), "");
        });
        states.put("historique", () -> browser.get(base + "/documents/historique"));
        states.put("ajout-document", () -> browser.get(base + "/documents/ajouter"));
        states.put("ajout-document-refuse", () -> {
            browser.get(base + "/documents/ajouter");
            browser.findElement(By.id("fichier")).sendKeys(notAPdf.toAbsolutePath().toString());
            browser.findElement(By.id("titre")).sendKeys("Pas un PDF");
            ((JavascriptExecutor) browser).executeScript("arguments[0].value = '2026-11-02';", browser.findElement(By.id("date")));
            browser.findElement(By.id("ajouter")).click();
            awaitText(By.id("erreur"), "Format non accepté");
        });
        states.put("espace", () -> browser.get(base + "/espace"));
        states.put("opposition", () -> browser.get(anonymous + "/opposition"));
        states.put("activation", () -> browser.get(anonymous + "/activation"));
        states.put("connexion", () -> browser.get(anonymous + "/connexion"));
        states.put("connexion-erreur", () -> {
            browser.get(anonymous + "/connexion");
            browser.findElement(By.id("adresse")).sendKeys(PATIENT);
            browser.findElement(By.id("mot-de-passe")).sendKeys("pas le bon mot de passe");
            browser.findElement(By.id("se-connecter")).click();
            awaitText(By.id("erreur"), "Erreur");
        });
        states.put("accessibilite", () -> browser.get(anonymous + "/accessibilite"));

        List<String> problems = new ArrayList<>();
        for (int width : List.of(1280, 360, 320)) {
            browser.manage().window().setSize(new Dimension(width, 900));
            for (Map.Entry<String, Runnable> state : states.entrySet()) {
                state.getValue().run();
                String where = state.getKey() + " at " + width + " px";
                long scrollWidth = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth;");
                long clientWidth = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.clientWidth;");
                if (scrollWidth > clientWidth) {
                    problems.add(where + ": " + scrollWidth + " px wide in a " + clientWidth + " px window");
                }
                if (width == 320) {
                    continue;
                }
                Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")).analyze(browser);
                for (Rule violation : results.getViolations()) {
                    if ("critical".equals(violation.getImpact()) || "serious".equals(violation.getImpact())) {
                        problems.add(where + ": axe " + violation.getId() + " (" + violation.getImpact() + ") on "
                            + violation.getNodes().stream().map(node -> String.valueOf(node.getTarget())).toList());
                    }
                }
                if (width == 360) {
                    screenshot("360-" + state.getKey());
                }
            }
        }
        browser.manage().window().setSize(new Dimension(1280, 900));

        assertThat(problems).isEmpty();
    }

    @Test
    @Order(7)
    void afterLogoutTheBackButtonShouldShowNothingOfTheMailbox() throws Exception {
        browser.get(base + "/conversations");
        String listed = browser.findElement(By.id("conversations")).getText();
        assertThat(listed).contains("Dr Jeanne Martin");

        browser.findElement(By.id("deconnexion")).click();
        awaitText(By.id("message-info"), "Vous êtes déconnecté");
        browser.navigate().back();

        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("/connexion"));
        assertThat(browser.getPageSource()).doesNotContain("Dr Jeanne Martin").doesNotContain("Résultats de laboratoire");
        assertThat(browser.findElements(By.id("conversations"))).isEmpty();
        screenshot("11-retour-apres-deconnexion");
    }

    @Test
    @Order(8)
    void aReplyWithAttachmentsOverTheLimitShouldKeepItsTextOnADesktopAndOnAPhone() throws Exception {
        String subject = "Compte rendu à compléter " + UUID.randomUUID().toString().substring(0, 8);
        MimeMessage message = fromMartin(subject);
        message.setText("Pouvez-vous m'envoyer vos anciens examens ?", "UTF-8");
        professionalSends(message);
        Path large = root.resolve("examens.pdf");
        byte[] content = new byte[12_000_000];
        System.arraycopy("%PDF-1.4\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, content, 0, 9);
        java.nio.file.Files.write(large, content);
        browser.get(base + "/connexion");
        login();
        awaitListed(subject);
        for (int width : java.util.List.of(1280, 360)) {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(width, 900));
            openConversation(subject);
            String typed = "Voici mes examens de " + width + " pixels : prise de sang, radio du thorax.";
            browser.findElement(By.id("texte")).sendKeys(typed);
            browser.findElement(By.id("fichiers")).sendKeys(large.toAbsolutePath().toString());
            browser.findElement(By.id("envoyer")).click();

            awaitText(By.id("erreur"), "Pièces jointes trop volumineuses : 10 Mo au total au plus.");
            assertThat(browser.findElement(By.id("texte")).getAttribute("value")).isEqualTo(typed);
            screenshot(width + "-reponse-trop-volumineuse");
        }
        assertThat(clients.inboxSubjects(gateway.imapsPort(), true, MARTIN, PASSWORD)).doesNotContain("Re: " + subject);
    }
}
