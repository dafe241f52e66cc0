package org.santegateway.server.webmail;

import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLContext;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.santegateway.ins.MatriculeIns;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.TestTls;

/**
 * The conversation list of a patient with many messages: time to first render in headless
 * Chromium (first contentful paint and response end of the navigation, median of 10 loads) and
 * requests per second of the page with concurrent HTTP clients (signed in, keep-alive). The
 * messages are sent by professionals over SMTP, each opening its own conversation.
 *
 * <pre>
 * mvn -B -q -o -pl gateway -am test-compile
 * mvn -B -q -o -pl gateway dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -cp "mailets/target/classes:gateway/target/test-classes:gateway/target/classes:$(cat /tmp/cp.txt)" \
 *     org.santegateway.server.webmail.WebmailListBenchmark 1000 8 20 /tmp/webmail-bench
 * </pre>
 * Arguments: messages (1000), concurrent clients (8), seconds of load (20), and a directory to keep
 * the gateway's data in: the first run fills it (8 minutes here), later runs only measure.
 */
public final class WebmailListBenchmark {
    private static final String PASSWORD = "correct horse battery staple";

    private WebmailListBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Path root = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("webmail-benchmark");
        boolean filled = Files.exists(root.resolve("data").resolve("filled"));
        String patient = "1850575123456" + MatriculeIns.keyOf("1850575123456") + "@patient.mssante.fr";
        try (GatewayTestServer gateway = GatewayTestServer.prepare(root).start()) {
            SSLContext tls = TestTls.trusting(gateway.testCaCertificate());
            if (!filled) {
                fill(gateway, tls, patient, messages);
                Files.createFile(root.resolve("data").resolve("filled"));
            }
            System.out.printf("Data directory %s%n", root);
            browserFirstRender(gateway.webmailPort(), patient);
            throughput(tls, gateway.webmailPort(), patient, clients, seconds);
        }
        // Selenium and HTTP client threads would keep the JVM alive.
        System.exit(0);
    }

    private static void fill(GatewayTestServer gateway, SSLContext tls, String patient, int messages) throws Exception {
        {
            gateway.data().addDomain("hopital-test.fr");
            gateway.data().addDomain("patient.mssante.fr");
            gateway.data().addUser(patient, PASSWORD);
            List<String> professionals = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                professionals.add("dr.numero" + i + "@hopital-test.fr");
                gateway.data().addUser(professionals.get(i), PASSWORD);
            }
            MailClients mail = new MailClients(tls.getSocketFactory());
            long fillStart = System.nanoTime();
            ExecutorService senders = Executors.newFixedThreadPool(4);
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            for (String professional : professionals) {
                done.add(senders.submit(() -> {
                    for (int n = next.getAndIncrement(); n < messages; n = next.getAndIncrement()) {
                        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
                        message.setFrom(new InternetAddress(professional, "Docteur " + professional.substring(3, 12), "UTF-8"));
                        message.setRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(patient));
                        message.setSubject("Message " + n, "UTF-8");
                        message.setText("Contenu du message " + n, "UTF-8");
                        mail.sendStartTls(gateway.submissionPort(), professional, PASSWORD, message);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            senders.shutdown();
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> mail.inboxSubjects(gateway.imapsPort(), true, patient, PASSWORD).size() >= messages);
            System.out.printf("Filled %d messages in %.1f s%n", messages, (System.nanoTime() - fillStart) / 1e9);
        }
    }

    private static void browserFirstRender(int port, String patient) throws Exception {
        WebDriver browser = WebmailBrowserIntegrationTest.chromium();
        try {
            String base = "https://localhost:" + port;
            browser.get(base + "/connexion");
            browser.findElement(By.id("adresse")).sendKeys(patient);
            browser.findElement(By.id("mot-de-passe")).sendKeys(PASSWORD);
            browser.findElement(By.id("se-connecter")).click();
            await().atMost(Duration.ofSeconds(60)).until(() -> browser.getCurrentUrl().endsWith("/conversations"));
            JavascriptExecutor afterLogin = (JavascriptExecutor) browser;
            Number coldPaint = await().atMost(Duration.ofSeconds(10)).until(() -> (Number) afterLogin.executeScript(
                "const p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? p.startTime : null;"), value -> value != null);
            Number coldResponse = (Number) afterLogin.executeScript("return performance.getEntriesByType('navigation')[0].responseEnd;");
            System.out.printf("Chromium, login then /conversations, first display after start (cold caches, login POST and redirect included): "
                + "first contentful paint %.0f ms, response end %.0f ms%n", coldPaint.doubleValue(), coldResponse.doubleValue());
            List<Double> paints = new ArrayList<>();
            List<Double> responses = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                browser.get(base + "/conversations");
                JavascriptExecutor js = (JavascriptExecutor) browser;
                Number paint = await().atMost(Duration.ofSeconds(10)).until(() -> (Number) js.executeScript(
                    "const p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? p.startTime : null;"),
                    value -> value != null);
                Number response = (Number) js.executeScript("return performance.getEntriesByType('navigation')[0].responseEnd;");
                paints.add(paint.doubleValue());
                responses.add(response.doubleValue());
            }
            int rows = browser.findElements(By.cssSelector("tr.conversation")).size();
            System.out.printf("Chromium, /conversations (%d rows shown), 10 further loads: first contentful paint median %.0f ms "
                    + "(min %.0f, max %.0f), response end median %.0f ms%n",
                rows, median(paints), Collections.min(paints), Collections.max(paints), median(responses));
        } finally {
            browser.quit();
        }
    }

    private static void throughput(SSLContext tls, int port, String patient, int clients, int seconds) throws Exception {
        List<WebmailClient> sessions = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            WebmailClient client = new WebmailClient(tls, port);
            if (client.login(patient, PASSWORD).statusCode() != 303) {
                throw new IllegalStateException("login failed");
            }
            sessions.add(client);
        }
        // Warm-up.
        for (WebmailClient client : sessions) {
            client.get("/conversations");
        }
        AtomicLong requests = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> done = new ArrayList<>();
        long start = System.nanoTime();
        for (WebmailClient client : sessions) {
            done.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    HttpResponse<String> response = client.get("/conversations");
                    if (response.statusCode() == 200) {
                        requests.incrementAndGet();
                    } else {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("HTTP, /conversations with %d clients for %.1f s: %d pages, %.1f requests/s, %d failures%n",
            clients, elapsed, requests.get(), requests.get() / elapsed, failures.get());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

}
