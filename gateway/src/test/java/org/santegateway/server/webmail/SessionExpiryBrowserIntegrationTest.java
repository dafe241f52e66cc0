package org.santegateway.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.TestTls;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;

/**
 * The warning before the webmail session expires, in Chromium at 360 px with a short idle timeout (8 s here, 15 min
 * shipped): hidden at first, shown a few seconds before the timeout by the style sheet alone (the pages run no script),
 * free of serious accessibility violations; its button keeps the session and the reply being typed.
 */
class SessionExpiryBrowserIntegrationTest {
    static final String HOSPITAL = "hopital-test.fr";
    static final String MARTIN = "dr.martin@" + HOSPITAL;
    static final String PATIENT = WebmailBrowserIntegrationTest.ins("1850575123456") + "@patient.mssante.fr";
    static final String PASSWORD = "correct horse battery staple";

    @TempDir
    static Path root;
    static GatewayTestServer gateway;
    static WebDriver browser;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayTestServer.prepare(root);
        Files.writeString(gateway.settings().file(GatewayProperties.FILE), "\nwebmail.session.idle=PT8S\n", StandardCharsets.UTF_8,
            StandardOpenOption.APPEND);
        gateway.start();
        gateway.data().addDomain(HOSPITAL);
        gateway.data().addDomain("patient.mssante.fr");
        gateway.data().addUser(MARTIN, PASSWORD);
        gateway.data().addUser(PATIENT, PASSWORD);
        base = "https://localhost:" + gateway.webmailPort();
        browser = WebmailBrowserIntegrationTest.chromium();
        browser.manage().window().setSize(new Dimension(360, 800));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        gateway.close();
    }

    @Test
    void theWarningShouldShowBeforeTheTimeoutAndItsButtonShouldKeepTheSessionAndTheText() throws Exception {
        String subject = "Suivi " + UUID.randomUUID();
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(MARTIN, "Dr Jeanne Martin", "UTF-8"));
        message.setRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(PATIENT));
        message.setSubject(subject, "UTF-8");
        message.setText("Comment allez-vous ?", "UTF-8");
        new MailClients(TestTls.socketFactory(gateway.testCaCertificate())).sendStartTls(gateway.submissionPort(), MARTIN, PASSWORD, message);

        browser.get(base + "/connexion");
        browser.findElement(By.id("adresse")).sendKeys(PATIENT);
        browser.findElement(By.id("mot-de-passe")).sendKeys(PASSWORD);
        browser.findElement(By.id("se-connecter")).click();
        WebElement conversation = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            browser.get(base + "/conversations");
            return browser.findElement(By.linkText(subject));
        }, element -> true);
        conversation.click();
        WebElement warning = browser.findElement(By.id("avertissement-expiration"));
        assertThat(warning.isDisplayed()).isFalse();
        browser.findElement(By.id("texte")).sendKeys("Très bien, merci. Une question :");

        await().atMost(Duration.ofSeconds(7)).until(warning::isDisplayed);
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).renameTo(
            Files.createDirectories(Path.of("target", "webmail-screenshots")).resolve("360-expiration-warning.png").toFile());
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")).analyze(browser);
        List<String> serious = new ArrayList<>();
        for (Rule violation : results.getViolations()) {
            if ("critical".equals(violation.getImpact()) || "serious".equals(violation.getImpact())) {
                serious.add(violation.getId());
            }
        }
        assertThat(serious).isEmpty();
        long scrollWidth = (Long) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth;");
        assertThat(scrollWidth).isLessThanOrEqualTo(360);

        browser.findElement(By.id("rester-connecte")).click();

        await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
            .until(() -> browser.findElement(By.id("texte")).getAttribute("value").equals("Très bien, merci. Une question :"));
        assertThat(browser.findElement(By.id("avertissement-expiration")).isDisplayed()).isFalse();
        assertThat(browser.getCurrentUrl()).doesNotContain("/connexion");
    }

    @Test
    void anUploadOverTheLimitShouldGetAFrenchPageNamingTheLimit() throws Exception {
        javax.net.ssl.SSLContext tls = TestTls.trusting(gateway.testCaCertificate());
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().sslContext(tls).build();
        byte[] tooLarge = new byte[12_000_000];

        java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(base + "/conversations/x/reponse"))
            .header("Content-Type", "multipart/form-data; boundary=b")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(tooLarge)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("Votre envoi est trop volumineux").contains("10 Mo au total");
        assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
    }
}
