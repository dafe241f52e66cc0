package org.santegateway.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.StringWriter;
import java.math.BigInteger;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLSocketFactory;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.pki.PemFiles;
import org.santegateway.server.admin.WebAdminTokens;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority.Purpose;
import org.santegateway.server.pki.dev.IssuedCertificate;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.Mailboxes;
import org.santegateway.server.testing.SmtpDialog;
import org.santegateway.server.testing.TestTls;

/**
 * Certified applications signing in to their APP mailbox with their TLS client certificate (SASL EXTERNAL), on the
 * listeners for applications, with Jakarta Mail as the application's mail library and raw TLS dialogs for what a
 * library would not send: sends and reads with the bound certificate of a referenced application; refused without a
 * certificate, with a certificate of another CA, a revoked one, one bound to another mailbox, a password on an APP
 * mailbox, and once the application is suspended (next command, next login).
 */
class ApplicationLoginIntegrationTest {
    static final String DOMAIN = "hopital-applications.test";
    static final String APP = "lgc@" + DOMAIN;
    static final String OTHER_APP = "labo@" + DOMAIN;
    static final String DOCTOR = "dr.martin@" + DOMAIN;
    static final String PASSWORD = "a long doctor password";
    static final String APP_SUBJECT = "CN=Logiciel de cardiologie, OU=754567860, O=CH Exemple, C=FR";

    @TempDir
    static Path root;
    static DevelopmentCertificateAuthority ca;
    static GatewayTestServer gateway;
    static IssuedCertificate appCertificate;
    static IssuedCertificate revokedCertificate;
    static IssuedCertificate otherAppCertificate;
    static IssuedCertificate unknownCaCertificate;
    static IssuedCertificate unboundCertificate;

    @BeforeAll
    static void start() throws Exception {
        ca = DevelopmentCertificateAuthority.create(Clock.systemUTC());
        Path caCertificate = root.resolve("test-ca.pem");
        Path caKey = root.resolve("test-ca.key");
        ca.writeTo(caCertificate, caKey);
        appCertificate = client(ca, APP_SUBJECT);
        revokedCertificate = client(ca, APP_SUBJECT);
        otherAppCertificate = client(ca, "CN=Logiciel de laboratoire, OU=754567860, O=CH Exemple, C=FR");
        unboundCertificate = client(ca, "CN=Logiciel inconnu, O=Editeur, C=FR");
        unknownCaCertificate = client(DevelopmentCertificateAuthority.create(Clock.systemUTC(), "CN=Another CA, O=Elsewhere, C=FR"), APP_SUBJECT);
        Path crl = root.resolve("test-ca.crl");
        PemFiles.writeCrl(crl, ca.issueCrl(List.of(revokedCertificate.certificate().getSerialNumber()), Instant.now().minusSeconds(60),
            Instant.now().plus(Duration.ofDays(3)), BigInteger.ONE));

        gateway = GatewayTestServer.prepare(root.resolve("gateway")).withCertificateAuthority(caCertificate, caKey);
        Files.writeString(gateway.settings().file(GatewayProperties.FILE), "\n"
            + "smime.crls=" + crl + "\n"
            + "operators.revocation=crl\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        gateway.start();
        gateway.data().addDomain(DOMAIN);
        gateway.data().addUser(DOCTOR, PASSWORD);

        assertThat(call("PUT", "/gateway/applications/lgc-cardio",
            "{\"editor\":\"Editeur Cardio\",\"product\":\"LGC Cardio\",\"version\":\"4.2\",\"certification\":\"ANS-REF-2026-0042\"}")
            .statusCode()).isEqualTo(201);
        assertThat(call("PUT", "/gateway/applications/labo",
            "{\"editor\":\"Editeur Labo\",\"product\":\"Labo\",\"version\":\"1\",\"certification\":\"ANS-REF-2026-0043\"}")
            .statusCode()).isEqualTo(201);
        for (String mailbox : List.of(APP, OTHER_APP)) {
            assertThat(call("PUT", "/gateway/registry/mailboxes/" + mailbox,
                "{\"kind\":\"APP\",\"holder\":\"754567860\",\"displayName\":\"Logiciel\"}").statusCode()).isEqualTo(201);
        }
        // By subject and issuer: the renewal of the certificate keeps working (and so would the revoked one, but for the CRL).
        assertThat(call("POST", "/gateway/registry/mailboxes/" + APP + "/certificates",
            "{\"application\":\"lgc-cardio\",\"subject\":\"" + APP_SUBJECT + "\",\"issuer\":\""
                + ca.certificate().getSubjectX500Principal().getName() + "\"}").statusCode()).isEqualTo(201);
        // Pinned: only this very certificate.
        assertThat(call("POST", "/gateway/registry/mailboxes/" + OTHER_APP + "/certificates",
            "{\"application\":\"labo\",\"certificate\":" + jsonString(pem(otherAppCertificate)) + "}").statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void anApplicationShouldSendAndReadWithItsCertificateThroughJakartaMail() throws Exception {
        String subject = "Compte rendu " + UUID.randomUUID();
        Session session = Session.getInstance(saslExternal("smtp"));
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(APP));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(DOCTOR));
        message.setSubject(subject, "UTF-8");
        message.setText("Compte rendu d'échographie.", "UTF-8");
        try (Transport transport = session.getTransport("smtps")) {
            transport.connect("localhost", gateway.applicationsSubmissionPort(), APP, "unused");
            transport.sendMessage(message, message.getAllRecipients());
        }
        Mailboxes mailboxes = new Mailboxes(TestTls.socketFactory(gateway.testCaCertificate()));
        await().atMost(60, TimeUnit.SECONDS).until(() -> mailboxes.find(gateway.imapsPort(), DOCTOR, PASSWORD, subject).isPresent());

        String reply = "Re: " + subject;
        MimeMessage answer = new MimeMessage(Session.getInstance(new Properties()));
        answer.setFrom(new InternetAddress(DOCTOR));
        answer.setRecipient(Message.RecipientType.TO, new InternetAddress(APP));
        answer.setSubject(reply, "UTF-8");
        answer.setText("Bien reçu.", "UTF-8");
        new org.santegateway.server.testing.MailClients(TestTls.socketFactory(gateway.testCaCertificate()))
            .sendStartTls(gateway.submissionPort(), DOCTOR, PASSWORD, answer);
        await().atMost(60, TimeUnit.SECONDS).until(() -> inboxSubjectsOfApplication().contains(reply));
    }

    private static List<String> inboxSubjectsOfApplication() throws Exception {
        Store store = Session.getInstance(saslExternal("imap")).getStore("imaps");
        store.connect("localhost", gateway.applicationsImapPort(), APP, "unused");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                return java.util.Arrays.stream(inbox.getMessages()).map(ApplicationLoginIntegrationTest::subject).toList();
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }

    @Nested
    class Refusals {
        @Test
        void aClientWithoutCertificateShouldNotGetPastTheHandshake() {
            assertThatThrownBy(() -> {
                try (SmtpDialog dialog = smtp(TestTls.socketFactory(gateway.testCaCertificate()))) {
                    dialog.send("EHLO client.test");
                }
            }).isInstanceOf(java.io.IOException.class);
        }

        @Test
        void aCertificateOfAnotherAuthorityShouldNotGetPastTheHandshake() {
            assertThatThrownBy(() -> {
                try (SmtpDialog dialog = smtp(tls(unknownCaCertificate))) {
                    dialog.send("EHLO client.test");
                }
            }).isInstanceOf(java.io.IOException.class);
        }

        @Test
        void aRevokedCertificateShouldBeRefusedAtAuth() throws Exception {
            try (SmtpDialog dialog = smtp(tls(revokedCertificate))) {
                assertThat(dialog.send("EHLO client.test")).contains("AUTH EXTERNAL");
                assertThat(dialog.send("AUTH EXTERNAL =")).startsWith("535");
                assertThat(dialog.send("MAIL FROM:<" + APP + ">")).startsWith("530");
            }
        }

        @Test
        void aCertificateBoundToAnotherMailboxShouldNotOpenThisOne() throws Exception {
            try (SmtpDialog dialog = smtp(tls(otherAppCertificate))) {
                dialog.send("EHLO client.test");
                assertThat(dialog.send("AUTH EXTERNAL " + base64(APP))).startsWith("535");
            }
            try (SmtpDialog dialog = smtp(tls(unboundCertificate))) {
                dialog.send("EHLO client.test");
                assertThat(dialog.send("AUTH EXTERNAL =")).startsWith("535");
            }
            try (SmtpDialog dialog = smtp(tls(otherAppCertificate))) {
                dialog.send("EHLO client.test");
                assertThat(dialog.send("AUTH EXTERNAL =")).startsWith("235");
            }
        }

        @Test
        void passwordsShouldNotOpenAnApplicationMailboxAnywhere() throws Exception {
            assertThat(call("PUT", "/users/" + APP + "?force", "{\"password\":\"a password set by an admin\"}").statusCode()).isEqualTo(204);
            try (SmtpDialog dialog = smtp(tls(appCertificate))) {
                dialog.send("EHLO client.test");
                assertThat(dialog.send("AUTH PLAIN " + base64("\0" + APP + "\0a password set by an admin"))).startsWith("504");
            }
            assertThatThrownBy(() -> new Mailboxes(TestTls.socketFactory(gateway.testCaCertificate()))
                .inbox(gateway.imapsPort(), APP, "a password set by an admin")).isInstanceOf(Exception.class);
        }
    }

    @Test
    void aSuspendedApplicationShouldBeRefusedAtTheNextCommandAndTheNextLogin() throws Exception {
        assertThat(call("PUT", "/gateway/applications/suspendue",
            "{\"editor\":\"E\",\"product\":\"P\",\"version\":\"1\",\"certification\":\"ANS-REF-2026-0099\"}").statusCode()).isEqualTo(201);
        String mailbox = "suspendue@" + DOMAIN;
        IssuedCertificate certificate = client(ca, "CN=Logiciel suspendu, O=Editeur, C=FR");
        assertThat(call("PUT", "/gateway/registry/mailboxes/" + mailbox,
            "{\"kind\":\"APP\",\"holder\":\"754567860\",\"displayName\":\"Suspendue\"}").statusCode()).isEqualTo(201);
        assertThat(call("POST", "/gateway/registry/mailboxes/" + mailbox + "/certificates",
            "{\"application\":\"suspendue\",\"certificate\":" + jsonString(pem(certificate)) + "}").statusCode()).isEqualTo(201);

        try (SmtpDialog smtp = smtp(tls(certificate));
             ImapDialog imap = ImapDialog.connect(gateway.applicationsImapPort(), tls(certificate))) {
            smtp.send("EHLO client.test");
            assertThat(smtp.send("AUTH EXTERNAL =")).startsWith("235");
            assertThat(imap.command("a1 CAPABILITY")).contains("AUTH=EXTERNAL");
            assertThat(imap.command("a2 AUTHENTICATE EXTERNAL =")).contains("a2 OK");
            assertThat(imap.command("a3 SELECT INBOX")).contains("a3 OK");

            assertThat(call("POST", "/gateway/applications/suspendue/state", "{\"state\":\"SUSPENDED\"}").body()).contains("SUSPENDED");

            assertThat(imap.command("a4 NOOP")).contains("* BYE");
            assertThat(smtp.send("MAIL FROM:<" + mailbox + ">")).startsWith("530");
        }
        try (ImapDialog imap = ImapDialog.connect(gateway.applicationsImapPort(), tls(certificate))) {
            assertThat(imap.command("b1 AUTHENTICATE EXTERNAL =")).contains("b1 NO");
        }
        assertThat(call("POST", "/gateway/applications/suspendue/state", "{\"state\":\"REFERENCED\"}").statusCode()).isEqualTo(200);
        try (ImapDialog imap = ImapDialog.connect(gateway.applicationsImapPort(), tls(certificate))) {
            assertThat(imap.command("c1 AUTHENTICATE EXTERNAL " + base64(mailbox))).contains("c1 OK");
        }
    }

    @Test
    void theCatalogueShouldRefuseBadInputAndBindingsToOtherKinds() throws Exception {
        assertThat(call("PUT", "/gateway/applications/Bad Id!", "{\"editor\":\"E\",\"product\":\"P\",\"version\":\"1\",\"certification\":\"C\"}")
            .statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/gateway/applications/sans-editeur", "{\"product\":\"P\",\"version\":\"1\",\"certification\":\"C\"}")
            .body()).contains("editor is required");
        assertThat(call("POST", "/gateway/applications/lgc-cardio/state", "{\"state\":\"OUBLIEE\"}").statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/gateway/registry/mailboxes/accueil@" + DOMAIN,
            "{\"kind\":\"ORG\",\"holder\":\"754567860\",\"displayName\":\"Accueil\",\"password\":\"a long password\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> notApp = call("POST", "/gateway/registry/mailboxes/accueil@" + DOMAIN + "/certificates",
            "{\"application\":\"lgc-cardio\",\"certificate\":" + jsonString(pem(unboundCertificate)) + "}");
        assertThat(notApp.statusCode()).isEqualTo(409);
        assertThat(notApp.body()).contains("Only APP mailboxes");
        assertThat(call("POST", "/gateway/registry/mailboxes/" + APP + "/certificates",
            "{\"application\":\"lgc-cardio\",\"certificate\":\"not a certificate\"}").statusCode()).isEqualTo(400);
        assertThat(call("GET", "/gateway/registry/mailboxes/" + APP + "/certificates", null).body()).contains(APP_SUBJECT.substring(3, 20).toLowerCase());
        assertThat(call("GET", "/gateway/applications", null).body()).contains("\"id\":\"lgc-cardio\"", "ANS-REF-2026-0042");
    }

    /** A dialog with the applications' submission port, its greeting read (the handshake done). */
    static SmtpDialog smtp(SSLSocketFactory factory) throws java.io.IOException {
        SmtpDialog dialog = SmtpDialog.connectTls(gateway.applicationsSubmissionPort(), factory);
        dialog.read();
        return dialog;
    }

    static Properties saslExternal(String protocol) throws Exception {
        Properties properties = new Properties();
        String prefix = "mail." + protocol + "s.";
        properties.put(prefix + "ssl.socketFactory", tls(appCertificate));
        properties.put(prefix + "ssl.checkserveridentity", "false");
        properties.put(prefix + "sasl.enable", "true");
        properties.put(prefix + "sasl.mechanisms", "EXTERNAL");
        properties.put(prefix + "auth", "true");
        properties.put(prefix + "timeout", "30000");
        return properties;
    }

    static SSLSocketFactory tls(IssuedCertificate certificate) {
        try {
            return TestTls.clientSocketFactory(PemFiles.certificate(gateway.testCaCertificate()), certificate);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static IssuedCertificate client(DevelopmentCertificateAuthority authority, String subject) {
        return authority.issueEndEntity(subject, List.of(), List.of(), Duration.ofDays(1), EnumSet.of(Purpose.TLS_CLIENT));
    }

    static String pem(IssuedCertificate certificate) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificate.certificate());
        }
        return out.toString();
    }

    static String jsonString(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "") + "\"";
    }

    static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String subject(Message message) {
        try {
            return message.getSubject();
        } catch (javax.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.webAdminPort() + path.replace(" ", "%20")))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + WebAdminTokens.fromDataDirectory(gateway.settings(), Clock.systemUTC()).issue("admin", Duration.ofMinutes(5)))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A raw IMAP dialog over TLS: one command, the lines up to its tagged answer (or the server's BYE). */
    static final class ImapDialog implements AutoCloseable {
        private final javax.net.ssl.SSLSocket socket;
        private final java.io.BufferedReader in;
        private final java.io.Writer out;

        private ImapDialog(javax.net.ssl.SSLSocket socket) throws java.io.IOException {
            this.socket = socket;
            this.socket.setSoTimeout(30_000);
            this.in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            this.out = new java.io.OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
            in.readLine();
        }

        static ImapDialog connect(int port, SSLSocketFactory factory) throws java.io.IOException {
            return new ImapDialog((javax.net.ssl.SSLSocket) factory.createSocket("localhost", port));
        }

        String command(String line) throws java.io.IOException {
            String tag = line.substring(0, line.indexOf(' '));
            out.write(line + "\r\n");
            out.flush();
            StringBuilder answer = new StringBuilder();
            String read;
            while ((read = in.readLine()) != null) {
                answer.append(read).append('\n');
                if (read.startsWith(tag + " ") || read.startsWith("* BYE")) {
                    break;
                }
            }
            return answer.toString();
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }
}
