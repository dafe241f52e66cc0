package org.santegateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.santegateway.ins.MatriculeIns;
import org.santegateway.server.admin.GatewayAdmin;
import org.santegateway.server.admin.WebAdminTokens;
import org.santegateway.server.pki.dev.DevelopmentPki;
import org.santegateway.pki.PemFiles;
import org.santegateway.server.startup.FirstStart;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.SmtpDialog;
import org.santegateway.server.testing.TestTls;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.SignatureAlgorithm;

/**
 * The gateway as professionals and admins meet it: real listeners over TLS, Jakarta Mail as the
 * mail client, the stock James CLI, openssl as an independent TLS peer.
 */
class GatewayServerIntegrationTest {
    static final String DOMAIN = "hopital-test.fr";
    static final String MARTIN = "dr.martin@" + DOMAIN;
    static final String DURAND = "dr.durand@" + DOMAIN;
    static final String PASSWORD = "correct horse battery staple";
    static final String PATIENT_DOMAIN = "patient.mssante.fr";
    // A (domain, operator) pair of the shipped trust list extract.
    static final String LISTED_DOMAIN = "adsea29.mssante.fr";
    static final String LISTED_OPERATOR = "CN=medimail-asip.mipih.fr,OU=318310021300028,O=GIP MIPIH,ST=Haute-Garonne (31),C=FR";

    @TempDir
    static Path root;
    static GatewayTestServer gateway;
    static SSLSocketFactory tls;
    static MailClients clients;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayTestServer.prepare(root).start();
        gateway.data().addDomain(DOMAIN);
        gateway.data().addUser(MARTIN, PASSWORD);
        gateway.data().addUser(DURAND, PASSWORD);
        gateway.data().addDomain(PATIENT_DOMAIN);
        tls = TestTls.socketFactory(gateway.testCaCertificate());
        clients = new MailClients(tls);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static String uniqueSubject() {
        return "test " + UUID.randomUUID();
    }

    void awaitInbox(String user, String subject) {
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
            assertThat(clients.inboxSubjects(gateway.imapsPort(), true, user, PASSWORD)).contains(subject));
    }

    @Nested
    class ProfessionalsMailClients {
        @Test
        void messageSentOverStartTlsSubmissionShouldBeReadOverImapStartTls() throws Exception {
            String subject = uniqueSubject();
            clients.sendStartTls(gateway.submissionPort(), MARTIN, PASSWORD, clients.newMessage(MARTIN, DURAND, subject, "Bonjour"));

            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(clients.inboxSubjects(gateway.imapStartTlsPort(), false, DURAND, PASSWORD)).contains(subject));
        }

        @Test
        void messageSentOverImplicitTlsSubmissionShouldBeReadOverImaps() throws Exception {
            String subject = uniqueSubject();
            clients.sendImplicitTls(gateway.submissionsPort(), MARTIN, PASSWORD, clients.newMessage(MARTIN, DURAND, subject, "Bonjour"));

            awaitInbox(DURAND, subject);
        }
    }

    @Nested
    class Refusals {
        @Test
        void authBeforeStartTlsShouldBeRefusedAndNotAnnounced() throws Exception {
            try (SmtpDialog smtp = SmtpDialog.connect(gateway.submissionPort())) {
                smtp.read();
                String ehlo = smtp.send("EHLO client.test");
                assertThat(ehlo).contains("STARTTLS").doesNotContain("AUTH");

                String credentials = Base64.getEncoder().encodeToString(("\0" + MARTIN + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
                assertThat(smtp.send("AUTH PLAIN " + credentials)).startsWith("538 5.7.11");
                assertThat(smtp.send("AUTH LOGIN")).startsWith("538 5.7.11");
            }
        }

        @Test
        void authShouldBeOfferedAndAcceptedAfterStartTls() throws Exception {
            try (SmtpDialog smtp = SmtpDialog.connect(gateway.submissionPort())) {
                smtp.read();
                smtp.send("EHLO client.test");
                assertThat(smtp.startTls(tls)).startsWith("220");
                assertThat(smtp.send("EHLO client.test")).contains("AUTH");
                String credentials = Base64.getEncoder().encodeToString(("\0" + MARTIN + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
                assertThat(smtp.send("AUTH PLAIN " + credentials)).startsWith("235");
            }
        }

        @Test
        void operatorsPortShouldRequireStartTlsBeforeMail() throws Exception {
            try (SmtpDialog smtp = SmtpDialog.connect(gateway.operatorsSmtpPort())) {
                smtp.read();
                smtp.send("EHLO operator.test");
                assertThat(smtp.send("MAIL FROM:<someone@operator.test>")).startsWith("530 5.7.0");
            }
        }

        @Test
        void operatorsPortShouldRefuseAuthEvenOverTls() throws Exception {
            try (SmtpDialog smtp = SmtpDialog.connect(gateway.operatorsSmtpPort())) {
                smtp.read();
                smtp.send("EHLO operator.test");
                smtp.startTls(listedOperatorTls());
                smtp.send("EHLO operator.test");
                String credentials = Base64.getEncoder().encodeToString(("\0" + MARTIN + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
                assertThat(smtp.send("AUTH PLAIN " + credentials)).startsWith("502");
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"operators", "submission"})
        void relayWithoutAuthenticationShouldBeRefusedFromLoopback(String listener) throws Exception {
            boolean operators = listener.equals("operators");
            int port = operators ? gateway.operatorsSmtpPort() : gateway.submissionPort();
            try (SmtpDialog smtp = SmtpDialog.connect(port)) {
                smtp.read();
                smtp.send("EHLO client.test");
                // The operators' port wants a listed operator's client certificate and sender domain.
                smtp.startTls(operators ? listedOperatorTls() : tls);
                smtp.send("EHLO client.test");
                // The submission ports take no transaction at all without AUTH (RFC 6409).
                assertThat(smtp.send("MAIL FROM:<someone@" + (operators ? LISTED_DOMAIN : "elsewhere.test") + ">"))
                    .startsWith(operators ? "250" : "530 5.7.0");
                assertThat(smtp.send("RCPT TO:<victim@outside.test>")).matches("^5\\d\\d[ -].*(?s).*");
            }
        }

        @Test
        void mailFromAnotherUsersAddressShouldBeRefused() throws Exception {
            try (SmtpDialog smtp = SmtpDialog.connect(gateway.submissionPort())) {
                smtp.read();
                smtp.send("EHLO client.test");
                smtp.startTls(tls);
                smtp.send("EHLO client.test");
                String credentials = Base64.getEncoder().encodeToString(("\0" + MARTIN + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
                assertThat(smtp.send("AUTH PLAIN " + credentials)).startsWith("235");
                assertThat(smtp.send("MAIL FROM:<" + DURAND + ">")).startsWith("503 5.7.1");
            }
        }

        @Test
        void fromHeaderOfAnotherUserShouldBeRefusedAndNothingDelivered() throws Exception {
            String subject = uniqueSubject();
            MimeMessage forged = clients.newMessage(DURAND, MARTIN, subject, "signed as a colleague");

            assertThatThrownBy(() -> clients.sendStartTls(gateway.submissionPort(), MARTIN, PASSWORD, forged))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("550");

            String control = uniqueSubject();
            clients.sendStartTls(gateway.submissionPort(), MARTIN, PASSWORD, clients.newMessage(MARTIN, MARTIN, control, "control"));
            awaitInbox(MARTIN, control);
            assertThat(clients.inboxSubjects(gateway.imapsPort(), true, MARTIN, PASSWORD)).doesNotContain(subject);
        }

        @Test
        void oversizedMessageShouldBeRefusedAndNothingDelivered() throws Exception {
            String subject = uniqueSubject();
            MimeMessage huge = clients.newMessage(MARTIN, DURAND, subject, "x".repeat(31 * 1024 * 1024));

            assertThatThrownBy(() -> clients.sendStartTls(gateway.submissionPort(), MARTIN, PASSWORD, huge))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("552 5.3.4 Message size exceeds the limit of 31457280 octets");

            try (SmtpDialog smtp = SmtpDialog.connect(gateway.submissionPort())) {
                smtp.read();
                smtp.send("EHLO client.test");
                smtp.startTls(tls);
                assertThat(smtp.send("EHLO client.test")).contains("SIZE 31457280");
                String credentials = Base64.getEncoder().encodeToString(("\0" + MARTIN + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
                smtp.send("AUTH PLAIN " + credentials);
                assertThat(smtp.send("MAIL FROM:<" + MARTIN + "> SIZE=40000000")).startsWith("552");
            }
            String control = uniqueSubject();
            clients.sendStartTls(gateway.submissionPort(), MARTIN, PASSWORD, clients.newMessage(MARTIN, DURAND, control, "control"));
            awaitInbox(DURAND, control);
            assertThat(clients.inboxSubjects(gateway.imapsPort(), true, DURAND, PASSWORD)).doesNotContain(subject);
        }

        @Test
        void imapLoginInClearShouldBeRefused() throws Exception {
            try (SmtpDialog imap = SmtpDialog.connect(gateway.imapStartTlsPort())) {
                String greeting = imapLine(imap, null);
                assertThat(greeting).startsWith("* OK");
                String capability = imapLine(imap, "a1 CAPABILITY");
                assertThat(capability).contains("LOGINDISABLED").contains("STARTTLS");
                assertThat(imapLine(imap, "a2 LOGIN \"" + MARTIN + "\" \"" + PASSWORD + "\"")).contains("a2 NO");
            }
        }

        @Test
        void largeLiteralBeforeLoginShouldCloseTheConnection() throws Exception {
            try (SmtpDialog imap = SmtpDialog.connect(gateway.imapStartTlsPort())) {
                imap.read();
                // Refused before any continuation: the client never starts streaming its data.
                assertThat(imap.send("a1 LOGIN {10000000}")).startsWith("* BYE Literal too large before authentication");
                assertThatThrownBy(imap::read).isInstanceOf(IOException.class);
            }
            try (SmtpDialog imap = SmtpDialog.connect(gateway.imapStartTlsPort())) {
                imap.read();
                assertThat(imap.send("a1 LOGIN {99999999999999999999+}")).startsWith("* BYE Literal too large before authentication");
            }
        }

        @Test
        void smallLiteralBeforeLoginShouldBeDecodedAsUsual() throws Exception {
            try (SmtpDialog imap = SmtpDialog.connect(gateway.imapStartTlsPort())) {
                imap.read();
                assertThat(imap.send("a1 LOGIN {5}")).startsWith("+");
                assertThat(imap.send("abcde \"secret\"")).startsWith("a1 NO");
                assertThat(imap.send("a2 NOOP")).startsWith("a2 OK");
            }
        }

        @Test
        void wrongPasswordShouldBeRefused() {
            assertThatThrownBy(() -> clients.login(gateway.imapStartTlsPort(), MARTIN, "wrong"))
                .isInstanceOf(javax.mail.AuthenticationFailedException.class);
        }

        /** Sends an IMAP command (or none) and reads until its tagged answer (or the greeting). */
        private String imapLine(SmtpDialog imap, String command) throws IOException {
            StringBuilder lines = new StringBuilder();
            String reply = command == null ? imap.read() : imap.send(command);
            lines.append(reply);
            String tag = command == null ? null : command.substring(0, command.indexOf(' '));
            while (tag != null && !lines.toString().contains(tag + " ")) {
                lines.append(imap.read());
            }
            return lines.toString();
        }
    }

    @Nested
    class TlsVersionsAndCiphers {
        @ParameterizedTest
        @ValueSource(strings = {"-tls1_2", "-tls1_3"})
        void modernTlsShouldBeAccepted(String version) throws Exception {
            OpenSsl.Result result = OpenSsl.connect(gateway.submissionsPort(), version);
            assertThat(result.handshakeSucceeded()).as(result.output()).isTrue();
        }

        @Test
        void tls11ShouldBeRefused() throws Exception {
            OpenSsl.Result result = OpenSsl.connect(gateway.submissionsPort(), "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
            assertThat(result.handshakeSucceeded()).as(result.output()).isFalse();
        }

        @Test
        void nonAeadCipherShouldBeRefused() throws Exception {
            OpenSsl.Result result = OpenSsl.connect(gateway.imapsPort(), "-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA:AES128-SHA");
            assertThat(result.handshakeSucceeded()).as(result.output()).isFalse();
        }

        @Test
        void clientInitiatedRenegotiationShouldBeRejectedByTheJvm() {
            assertThat(System.getProperty("jdk.tls.rejectClientInitiatedRenegotiation")).isEqualTo("true");
        }
    }

    @Nested
    class Administration {
        @Test
        void stockJamesCliShouldAddAndListDomainsAndUsersWhoCanThenLogIn() throws Exception {
            String domain = "cli-test.fr";
            String user = "dr.cli@" + domain;

            assertThat(cli("AddDomain", domain).exitCode()).isZero();
            assertThat(cli("AddUser", user, PASSWORD).exitCode()).isZero();
            assertThat(cli("ListDomains").output()).contains(domain);
            assertThat(cli("ListUsers").output()).contains(user);

            clients.login(gateway.imapStartTlsPort(), user, PASSWORD);
        }

        @Test
        void jamesCliShouldRefuseAPatientAccountWhoseInsKeyIsWrong() throws Exception {
            String patient = wrongKey("1850575123456") + "@" + PATIENT_DOMAIN;

            ProcessResult result = cli("AddUser", patient, PASSWORD);

            assertThat(result.exitCode()).isNotZero();
            assertThat(result.output()).contains(patient + " is not a patient address").contains("matricule INS");
            assertThat(cli("ListUsers").output()).doesNotContain(patient);
        }

        @Test
        void jamesCliShouldCreateAPatientAccountForAValidIns() throws Exception {
            String patient = ins("2920399123789") + "@" + PATIENT_DOMAIN;

            assertThat(cli("AddUser", patient, PASSWORD).exitCode()).isZero();

            assertThat(cli("ListUsers").output()).contains(patient);
        }

        @Test
        void webAdminShouldRefuseAPatientAccountWhoseInsKeyIsWrong() throws Exception {
            String patient = wrongKey("1720231555444") + "@" + PATIENT_DOMAIN;

            HttpResponse<String> response = webAdmin("PUT", "/users/" + patient, adminToken(), "{\"password\":\"" + PASSWORD + "\"}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains(patient + " is not a patient address").contains("matricule INS");
            assertThat(webAdmin("HEAD", "/users/" + patient, adminToken(), null).statusCode()).isEqualTo(404);
        }

        @Test
        void webAdminShouldCreateAPatientAccountForAValidIns() throws Exception {
            String patient = ins("185052A123456") + "@" + PATIENT_DOMAIN;

            HttpResponse<String> response = webAdmin("PUT", "/users/" + patient, adminToken(), "{\"password\":\"" + PASSWORD + "\"}");

            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(webAdmin("HEAD", "/users/" + patient, adminToken(), null).statusCode()).isEqualTo(200);
        }

        @Test
        void jamesCliWithoutCredentialsShouldBeRefused() throws Exception {
            ProcessResult result = java("org.apache.james.cli.ServerCmd", "-h", "127.0.0.1", "-p", String.valueOf(gateway.jmxPort()), "ListDomains");
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.output()).doesNotContain(DOMAIN);
        }

        @Test
        void webAdminShouldRefuseRequestsWithoutAValidToken() throws Exception {
            HttpResponse<String> anonymous = webAdmin("/domains", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);

            HttpResponse<String> forged = webAdmin("/domains", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsImFkbWluIjp0cnVlfQ.");
            assertThat(forged.statusCode()).isEqualTo(401);
        }

        @Test
        void webAdminShouldAnswerWithATokenFromTheAdminCommand() throws Exception {
            String token = adminToken();

            HttpResponse<String> response = webAdmin("/domains", token);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains(DOMAIN);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isNotEqualTo(java.util.Optional.of("*"));
        }

        private ProcessResult cli(String... command) throws Exception {
            return java("org.apache.james.cli.ServerCmd", GatewayAdmin.cliArguments(gateway.settings(), command));
        }

        private static String ins(String body) {
            return body + MatriculeIns.keyOf(body);
        }

        private static String wrongKey(String body) {
            return body + (MatriculeIns.keyOf(body).equals("01") ? "02" : "01");
        }
    }

    @Nested
    class WebAdminAccess {
        @ParameterizedTest
        @ValueSource(strings = {"/healthcheck", "/healthcheck/checks", "/healthcheck/checks/Database"})
        void healthChecksShouldRequireAToken(String path) throws Exception {
            HttpResponse<String> anonymous = webAdmin(path, null);

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).doesNotContain("Database");
        }

        @Test
        void healthChecksShouldAnswerWithAToken() throws Exception {
            HttpResponse<String> response = webAdmin("/healthcheck", adminToken());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"Database\"");
        }

        @Test
        void tokenWithoutExpirationShouldBeRefused() throws Exception {
            String token = signed(Jwts.builder().setSubject("admin").claim("admin", true).setIssuedAt(new Date()));

            assertThat(webAdmin("/domains", token).statusCode()).isEqualTo(401);
            assertThat(webAdmin("/healthcheck", token).statusCode()).isEqualTo(401);
        }

        @Test
        void tokenLivingLongerThanTheMaximumShouldBeRefused() throws Exception {
            assertThat(webAdmin("/domains", token(Duration.ofHours(24).plusMinutes(1))).statusCode()).isEqualTo(401);
        }

        @Test
        void tokenWithoutIssueTimeShouldBeMeasuredFromNow() throws Exception {
            Instant now = Instant.now();
            String tooLong = signed(Jwts.builder().setSubject("admin").claim("admin", true)
                .setExpiration(Date.from(now.plus(Duration.ofDays(2)))));
            String shortEnough = signed(Jwts.builder().setSubject("admin").claim("admin", true)
                .setExpiration(Date.from(now.plus(Duration.ofHours(1)))));

            assertThat(webAdmin("/domains", tooLong).statusCode()).isEqualTo(401);
            assertThat(webAdmin("/domains", shortEnough).statusCode()).isEqualTo(200);
        }

        @Test
        void tokenIssuedInTheFutureShouldBeMeasuredFromNow() throws Exception {
            Instant now = Instant.now();
            String token = signed(Jwts.builder().setSubject("admin").claim("admin", true)
                .setIssuedAt(Date.from(now.plus(Duration.ofDays(1))))
                .setExpiration(Date.from(now.plus(Duration.ofDays(2)))));

            assertThat(webAdmin("/domains", token).statusCode()).isEqualTo(401);
        }

        @Test
        void tokenOfTheMaximumLifetimeShouldBeAccepted() throws Exception {
            assertThat(webAdmin("/domains", token(Duration.ofHours(24))).statusCode()).isEqualTo(200);
        }

        @Test
        void tokenOfTheAdminCommandShouldBeAccepted() throws Exception {
            ProcessResult issued = java(adminCommandOptions(), GatewayAdmin.class.getName(), "token");
            assertThat(issued.exitCode()).isZero();

            HttpResponse<String> response = webAdmin("/healthcheck", issued.output().strip());

            assertThat(response.statusCode()).isEqualTo(200);
        }

        @Test
        void adminCommandShouldRefuseATokenLongerThanTheMaximum() throws Exception {
            ProcessResult refused = java(adminCommandOptions(), GatewayAdmin.class.getName(), "token", String.valueOf(24 * 60 + 1));

            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.output()).contains("webadmin.token.max.lifetime");
        }

        private List<String> adminCommandOptions() {
            return List.of("-D" + GatewaySettings.CONFIG_PROPERTY + "=" + gateway.settings().configDirectory(),
                "-D" + GatewaySettings.DATA_PROPERTY + "=" + gateway.settings().dataDirectory());
        }

        private String token(Duration validity) throws IOException {
            return WebAdminTokens.fromDataDirectory(gateway.settings(), Clock.systemUTC()).issue("admin", validity);
        }

        private String signed(JwtBuilder token) throws IOException {
            PrivateKey key = PemFiles.privateKey(gateway.settings().generatedConfDirectory().resolve(FirstStart.WEBADMIN_PRIVATE_KEY));
            return token.signWith(key, SignatureAlgorithm.RS256).compact();
        }
    }

    static String adminToken() throws IOException {
        return WebAdminTokens.fromDataDirectory(gateway.settings(), Clock.systemUTC()).issue("admin", Duration.ofMinutes(5));
    }

    static HttpResponse<String> webAdmin(String path, String token) throws Exception {
        return webAdmin("GET", path, token, null);
    }

    static HttpResponse<String> webAdmin(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.webAdminPort() + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .header("Origin", "https://evil.example")
            .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    record ProcessResult(int exitCode, String output) {
    }

    static ProcessResult java(String mainClass, String... args) throws Exception {
        return java(List.of(), mainClass, args);
    }

    static ProcessResult java(List<String> jvmOptions, String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        command.add(mainClass);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new ProcessResult(process.exitValue(), output);
    }

    /** A client certificate with a listed operator's subject, issued by the gateway's test CA (a trust anchor). */
    static SSLSocketFactory listedOperatorTls() throws Exception {
        DevelopmentPki pki = new DevelopmentPki(gateway.settings().certsDirectory(), java.time.Clock.systemUTC());
        return TestTls.clientSocketFactory(pki.certificateAuthority().certificate(),
            pki.issueEndEntity(LISTED_OPERATOR, List.of("localhost"), List.of(), java.time.Duration.ofDays(1)));
    }
}
