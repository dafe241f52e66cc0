package org.santegateway.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.ins.MatriculeIns;
import org.santegateway.server.conversation.ConversationProbe;
import org.santegateway.server.dmp.DmpTestDocuments;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.Mailboxes;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.TestTls;

/**
 * The webmail at the HTTP level against the real assembly: security headers, session cookie,
 * CSRF, session fixation, another patient's data, brute-force lockout, notifications.
 */
class WebmailHttpIntegrationTest {
    static final String HOSPITAL = "hopital-test.fr";
    static final String PATIENT_DOMAIN = "patient.mssante.fr";
    static final String PERSONAL_DOMAIN = "perso-test.fr";
    static final String MARTIN = "dr.martin@" + HOSPITAL;
    static final String PATIENT_1 = ins("1850575123456") + "@" + PATIENT_DOMAIN;
    static final String PATIENT_2 = ins("2920399123789") + "@" + PATIENT_DOMAIN;
    static final String PATIENT_LOCKED = ins("1790112345678") + "@" + PATIENT_DOMAIN;
    static final String PERSONAL = "jeanne@" + PERSONAL_DOMAIN;
    static final String PHARMACY = "pharmacie@" + HOSPITAL;
    /** A professional who never writes to a patient in these tests. */
    static final String NEVER_WROTE = "dr.jamais@" + HOSPITAL;
    static final String PASSWORD = "correct horse battery staple";
    static final Duration DELIVERY = Duration.ofSeconds(30);

    @TempDir
    static Path root;
    static GatewayTestServer gateway;
    static SSLContext tls;
    static MailClients clients;
    static Mailboxes imap;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayTestServer.prepare(root).withProbe(ConversationProbe.class).start();
        gateway.data().addDomain(HOSPITAL);
        gateway.data().addDomain(PATIENT_DOMAIN);
        gateway.data().addDomain(PERSONAL_DOMAIN);
        for (String user : List.of(MARTIN, PHARMACY, NEVER_WROTE, PATIENT_1, PATIENT_2, PATIENT_LOCKED, PERSONAL)) {
            gateway.data().addUser(user, PASSWORD);
        }
        gateway.probe(ConversationProbe.class).markPatientInitiated(new org.apache.james.core.MailAddress(PHARMACY));
        tls = TestTls.trusting(gateway.testCaCertificate());
        clients = new MailClients(tls.getSocketFactory());
        imap = new Mailboxes(tls.getSocketFactory());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static String ins(String body) {
        return body + MatriculeIns.keyOf(body);
    }

    static WebmailClient client() {
        return new WebmailClient(tls, gateway.webmailPort());
    }

    static WebmailClient signedIn(String patient) throws Exception {
        WebmailClient client = client();
        HttpResponse<String> login = client.login(patient, PASSWORD);
        assertThat(login.statusCode()).isEqualTo(303);
        return client;
    }

    /** A professional writes to the patient over SMTP; returns the subject once the patient sees it in the webmail. */
    static String professionalWrites(String patient, String subject, Optional<byte[]> attachment) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new java.util.Properties()));
        message.setFrom(new InternetAddress(MARTIN, "Dr Jeanne Martin", "UTF-8"));
        message.setRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(patient));
        message.setSubject(subject, "UTF-8");
        if (attachment.isPresent()) {
            MimeMultipart multipart = new MimeMultipart();
            MimeBodyPart text = new MimeBodyPart();
            text.setText("Voici votre compte rendu.", "UTF-8");
            MimeBodyPart file = new MimeBodyPart();
            file.setContent(attachment.get(), "application/pdf");
            file.setFileName("compte-rendu.pdf");
            file.setDisposition(MimeBodyPart.ATTACHMENT);
            multipart.addBodyPart(text);
            multipart.addBodyPart(file);
            message.setContent(multipart);
        } else {
            message.setText("Bonjour, voici vos résultats.", "UTF-8");
        }
        clients.sendStartTls(gateway.submissionPort(), MARTIN, PASSWORD, message);
        return subject;
    }

    static String conversationLink(WebmailClient client, String subject) throws Exception {
        Pattern link = Pattern.compile("href=\"(/conversations/[^\"]+)\">" + Pattern.quote(subject) + "<");
        return await().atMost(DELIVERY).pollInterval(Duration.ofMillis(300)).until(() -> {
            Matcher matcher = link.matcher(client.get("/conversations").body());
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.<String>empty();
        }, Optional::isPresent).get();
    }

    @Nested
    class Headers {
        @Test
        void everyPageShouldCarryTheSecurityHeaders() throws Exception {
            WebmailClient client = signedIn(PATIENT_1);
            for (String path : List.of("/connexion", "/conversations", "/nouveau", "/notifications", "/documents", "/inconnue")) {
                HttpResponse<String> response = client.get(path);
                var headers = response.headers();
                assertThat(headers.firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(csp -> {
                    assertThat(csp).contains("default-src 'none'").contains("frame-ancestors 'none'").contains("form-action 'self'")
                        .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval").doesNotContain("script-src");
                });
                assertThat(headers.firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
                assertThat(headers.firstValue("Referrer-Policy")).as(path).contains("no-referrer");
                assertThat(headers.firstValue("Cache-Control")).as(path).contains("no-store");
                assertThat(headers.firstValue("X-Frame-Options")).as(path).contains("DENY");
                assertThat(headers.firstValue("Strict-Transport-Security")).as(path).isPresent();
                assertThat(response.body()).as(path).doesNotContain("<script").doesNotContain("style=");
            }
        }

        @Test
        void sessionCookieShouldBeHostOnlySecureHttpOnlyAndStrict() throws Exception {
            HttpResponse<String> response = client().get("/connexion");

            assertThat(response.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
                .startsWith("__Host-webmail=").contains("; Path=/").contains("; Secure").contains("; HttpOnly")
                .contains("; SameSite=Strict").doesNotContain("Domain="));
        }

        @Test
        void pagesShouldRedirectToTheLoginWithoutASession() throws Exception {
            HttpResponse<String> response = client().get("/conversations");

            assertThat(response.statusCode()).isEqualTo(303);
            assertThat(response.headers().firstValue("Location")).contains("/connexion");
        }

        @Test
        void attachmentShouldBeDownloadedNeverRenderedWithTheSecurityHeaders() throws Exception {
            String subject = professionalWrites(PATIENT_1, "Compte rendu " + UUID.randomUUID(), Optional.of("%PDF-1.4 test".getBytes()));
            WebmailClient client = signedIn(PATIENT_1);
            String conversation = client.get(conversationLink(client, subject)).body();
            Matcher attachment = Pattern.compile("href=\"(/messages/[^\"]+/pieces/0)\"").matcher(conversation);
            assertThat(attachment.find()).isTrue();

            HttpResponse<byte[]> download = client.getBytes(attachment.group(1));

            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(new String(download.body())).isEqualTo("%PDF-1.4 test");
            assertThat(download.headers().firstValue("Content-Type")).contains("application/octet-stream");
            assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(value -> assertThat(value)
                .startsWith("attachment;").contains("compte-rendu.pdf"));
            assertThat(download.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        }
    }

    @Nested
    class Csrf {
        @Test
        void postWithoutTokenShouldBeRefused() throws Exception {
            WebmailClient client = signedIn(PATIENT_1);

            HttpResponse<String> response = client.post("/notifications", Map.of("adresse", PERSONAL));

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("jeton de sécurité invalide");
        }

        @Test
        void postWithAnotherSessionsTokenShouldBeRefused() throws Exception {
            WebmailClient other = signedIn(PATIENT_2);
            other.get("/notifications");
            String othersToken = other.csrf();
            WebmailClient client = signedIn(PATIENT_1);

            HttpResponse<String> response = client.post("/notifications", Map.of("adresse", PERSONAL, "csrf", othersToken));

            assertThat(response.statusCode()).isEqualTo(403);
        }

        @Test
        void logoutWithoutTokenShouldBeRefusedAndKeepTheSession() throws Exception {
            WebmailClient client = signedIn(PATIENT_1);

            assertThat(client.post("/deconnexion", Map.of()).statusCode()).isEqualTo(403);

            assertThat(client.get("/conversations").statusCode()).isEqualTo(200);
        }

        @Test
        void loginWithoutTheFormTokenShouldBeRefused() throws Exception {
            WebmailClient client = client();
            client.get("/connexion");

            HttpResponse<String> response = client.post("/connexion", Map.of("adresse", PATIENT_1, "motDePasse", PASSWORD));

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(client.get("/conversations").statusCode()).isEqualTo(303);
        }
    }

    @Nested
    class Sessions {
        @Test
        void loginShouldIssueANewSessionIdAndTheFormerIdShouldGrantNothing() throws Exception {
            WebmailClient client = client();
            client.get("/connexion");
            String planted = client.cookie().orElseThrow();

            client.postWithToken("/connexion", Map.of("adresse", PATIENT_1, "motDePasse", PASSWORD));

            assertThat(client.cookie()).isPresent().get().isNotEqualTo(planted);
            assertThat(client.get("/conversations").statusCode()).isEqualTo(200);
            WebmailClient attacker = client();
            attacker.useCookie(planted);
            assertThat(attacker.get("/conversations").statusCode()).isEqualTo(303);
        }

        @Test
        void logoutShouldEndTheSessionOnTheServer() throws Exception {
            WebmailClient client = signedIn(PATIENT_1);
            String session = client.cookie().orElseThrow();
            client.get("/conversations");

            HttpResponse<String> logout = client.postWithToken("/deconnexion", Map.of());

            assertThat(logout.statusCode()).isEqualTo(303);
            assertThat(logout.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie).contains("Max-Age=0"));
            WebmailClient replay = client();
            replay.useCookie(session);
            assertThat(replay.get("/conversations").statusCode()).isEqualTo(303);
        }

        @Test
        void professionalShouldNotSignInToThePatientWebmail() throws Exception {
            HttpResponse<String> response = client().login(MARTIN, PASSWORD);

            assertThat(response.statusCode()).isEqualTo(401);
        }
    }

    @Nested
    class OtherPatients {
        @Test
        void anotherPatientsConversationAndAttachmentShouldBeRefused() throws Exception {
            String subject = professionalWrites(PATIENT_2, "Confidentiel " + UUID.randomUUID(), Optional.of("%PDF-secret".getBytes()));
            WebmailClient owner = signedIn(PATIENT_2);
            String conversationPath = conversationLink(owner, subject);
            Matcher attachment = Pattern.compile("href=\"(/messages/([^/\"]+)/(\\d+)/pieces/0)\"").matcher(owner.get(conversationPath).body());
            assertThat(attachment.find()).isTrue();
            WebmailClient intruder = signedIn(PATIENT_1);

            HttpResponse<String> conversation = intruder.get(conversationPath);
            HttpResponse<byte[]> file = intruder.getBytes(attachment.group(1));
            HttpResponse<String> reply = intruder.get("/conversations");
            HttpResponse<String> replyPost = intruder.postWithToken(conversationPath + "/reponse", Map.of("texte", "intrusion"));

            assertThat(conversation.statusCode()).isEqualTo(404);
            assertThat(conversation.body()).doesNotContain(subject);
            assertThat(file.statusCode()).isEqualTo(404);
            assertThat(new String(file.body())).doesNotContain("secret");
            assertThat(reply.body()).doesNotContain(subject);
            assertThat(replyPost.statusCode()).isEqualTo(404);
        }
    }

    @Nested
    class OtherPatientsDocuments {
        @Test
        void anotherPatientsDocumentShouldBeRefusedWhateverTheIdentifierTampering() throws Exception {
            String ins2 = PATIENT_2.substring(0, PATIENT_2.indexOf('@'));
            String canary = "Confidentiel " + UUID.randomUUID();
            byte[] xdm = DmpTestDocuments.xdm(DmpTestDocuments.insCx(ins2), List.of(DmpTestDocuments.Doc.cda("DOC0002", ins2, canary)));
            MimeMessage message = new MimeMessage(Session.getInstance(new java.util.Properties()));
            message.setFrom(new InternetAddress(MARTIN));
            message.setRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(PATIENT_2));
            message.setSubject("Compte rendu", "UTF-8");
            MimeMultipart multipart = new MimeMultipart();
            MimeBodyPart text = new MimeBodyPart();
            text.setText("Ci-joint.", "UTF-8");
            MimeBodyPart file = new MimeBodyPart();
            file.setDataHandler(new javax.activation.DataHandler(new javax.mail.util.ByteArrayDataSource(xdm, "application/zip")));
            file.setFileName("IHE_XDM.ZIP");
            file.setDisposition(MimeBodyPart.ATTACHMENT);
            multipart.addBodyPart(text);
            multipart.addBodyPart(file);
            message.setContent(multipart);
            clients.sendStartTls(gateway.submissionPort(), MARTIN, PASSWORD, message);
            WebmailClient owner = signedIn(PATIENT_2);
            Pattern link = Pattern.compile("href=\"(/documents/[0-9a-f-]{36})\">Compte rendu DOC0002<");
            String document = await().atMost(DELIVERY).pollInterval(Duration.ofMillis(300)).until(() -> {
                Matcher matcher = link.matcher(owner.get("/documents").body());
                return matcher.find() ? Optional.of(matcher.group(1)) : Optional.<String>empty();
            }, Optional::isPresent).get();
            WebmailClient intruder = signedIn(PATIENT_1);

            HttpResponse<String> open = intruder.get(document);
            HttpResponse<byte[]> download = intruder.getBytes(document + "/telecharger");
            intruder.get("/documents");
            HttpResponse<String> hide = intruder.postWithToken(document + "/masquer", Map.of());
            HttpResponse<String> list = intruder.get("/documents");

            assertThat(open.statusCode()).isEqualTo(404);
            assertThat(open.body()).doesNotContain(canary).doesNotContain("DOC0002");
            assertThat(download.statusCode()).isEqualTo(404);
            assertThat(new String(download.body(), StandardCharsets.UTF_8)).doesNotContain(canary);
            assertThat(hide.statusCode()).isEqualTo(404);
            assertThat(list.body()).doesNotContain("DOC0002");
            assertThat(owner.get("/documents").body()).contains("Visible").doesNotContain("Masqué aux professionnels");
            assertThat(owner.get(document).body()).contains(canary);
        }
    }

    @Nested
    class BruteForce {
        @Test
        void repeatedFailuresShouldLockTheAccountEvenForTheRightPassword() throws Exception {
            WebmailClient client = client();
            for (int attempt = 1; attempt <= 5; attempt++) {
                HttpResponse<String> failed = client.login(PATIENT_LOCKED, "wrong password " + attempt);
                assertThat(failed.statusCode()).isEqualTo(401);
                assertThat(failed.body()).contains("Adresse ou mot de passe incorrect");
            }

            HttpResponse<String> locked = client.login(PATIENT_LOCKED, PASSWORD);

            assertThat(locked.statusCode()).isEqualTo(429);
            assertThat(locked.body()).contains("votre compte est bloqué temporairement");
            assertThat(client.get("/conversations").statusCode()).isEqualTo(303);
        }

        @Test
        void failedLoginsShouldBeAnsweredLaterAndLater() throws Exception {
            WebmailClient client = client();
            String patient = ins("2850275111222") + "@" + PATIENT_DOMAIN;
            long first = timedFailure(client, patient);
            timedFailure(client, patient);
            long third = timedFailure(client, patient);

            assertThat(first).isGreaterThanOrEqualTo(250);
            assertThat(third).isGreaterThanOrEqualTo(1000);
        }

        /**
         * Password spraying: one guess on each of many accounts from one address. Sent from
         * 127.0.0.2 (loopback too) so that the lock does not reach the other tests' 127.0.0.1.
         */
        @Test
        void manyFailuresFromOneAddressShouldLockThatAddressOnly() throws Exception {
            InetAddress sprayer = InetAddress.getByName("127.0.0.2");
            for (int attempt = 0; attempt < 20; attempt++) {
                String account = ins("28502751" + String.format("%05d", 30_000 + attempt)) + "@" + PATIENT_DOMAIN;
                assertThat(rawLogin(sprayer, account, "guess").status()).isEqualTo(401);
            }

            RawResponse refused = rawLogin(sprayer, PATIENT_2, PASSWORD);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.body()).contains("depuis votre connexion");
            // The account itself is not locked: from another address it signs in.
            assertThat(client().login(PATIENT_2, PASSWORD).statusCode()).isEqualTo(303);
        }

        private long timedFailure(WebmailClient client, String patient) throws Exception {
            client.get("/connexion");
            long start = System.nanoTime();
            client.postWithToken("/connexion", Map.of("adresse", patient, "motDePasse", "wrong"));
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    record RawResponse(int status, String headers, String body) {
    }

    /** The login form then its POST, over connections from {@code local}: HTTP/1.1 by hand (the JDK 17 client cannot bind). */
    static RawResponse rawLogin(InetAddress local, String address, String password) throws Exception {
        RawResponse form = rawExchange(local, "GET /connexion HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        java.util.regex.Matcher cookie = java.util.regex.Pattern.compile(WebmailSessions.COOKIE + "=([^;]+)").matcher(form.headers());
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(cookie.find() && csrf.find()).as(form.headers()).isTrue();
        String body = "adresse=" + java.net.URLEncoder.encode(address, java.nio.charset.StandardCharsets.UTF_8)
            + "&motDePasse=" + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8)
            + "&csrf=" + java.net.URLEncoder.encode(csrf.group(1), java.nio.charset.StandardCharsets.UTF_8);
        return rawExchange(local, "POST /connexion HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
            + "Cookie: " + WebmailSessions.COOKIE + "=" + cookie.group(1) + "\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    }

    private static RawResponse rawExchange(InetAddress local, String request) throws Exception {
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket()) {
            socket.bind(new java.net.InetSocketAddress(local, 0));
            socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), gateway.webmailPort()), 10_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            String headers = response.substring(0, end);
            return new RawResponse(Integer.parseInt(headers.substring(9, 12)), headers, response.substring(end + 4));
        }
    }

    @Nested
    class Notifications {
        @Test
        void registeredPersonalAddressShouldBeToldAMessageWaitsWithoutItsSubjectOrSender() throws Exception {
            WebmailClient client = signedIn(PATIENT_1);
            client.get("/notifications");
            HttpResponse<String> saved = client.postWithToken("/notifications", Map.of("adresse", PERSONAL));
            assertThat(saved.body()).contains("Adresse enregistrée");
            // The link of the confirmation reaches the personal mailbox; opened there, without the patient's session.
            Mailboxes.Received confirmation = await().atMost(DELIVERY).pollInterval(Duration.ofMillis(300))
                .until(() -> imap.find(gateway.imapsPort(), PERSONAL, PASSWORD, "Confirmez votre adresse"), Optional::isPresent).get();
            Matcher link = Pattern.compile("https://\\S+/notifications/confirmer\\?jeton=([A-Za-z0-9_-]+)").matcher(confirmation.body());
            assertThat(link.find()).isTrue();
            WebmailClient anonymous = client();
            String page = anonymous.get("/notifications/confirmer?jeton=" + link.group(1)).body();
            assertThat(page).contains("id=\"confirmer\"");
            assertThat(anonymous.postWithToken("/notifications/confirmer", Map.of("jeton", link.group(1))).body()).contains("Adresse confirmée");

            String subject = professionalWrites(PATIENT_1, "Résultats sanguins " + UUID.randomUUID(), Optional.empty());

            Mailboxes.Received notification = await().atMost(DELIVERY).pollInterval(Duration.ofMillis(300))
                .until(() -> imap.find(gateway.imapsPort(), PERSONAL, PASSWORD, "Un nouveau message vous attend"), Optional::isPresent).get();
            assertThat(notification.body()).contains("Un nouveau message vous attend").contains("https://")
                .doesNotContain(subject).doesNotContain("Martin").doesNotContain(MARTIN).doesNotContain("résultats");
        }
    }

    @Nested
    class Writing {
        @Test
        void replyInAClosedConversationShouldBeRefusedWithThePolicysReasonInFrench() throws Exception {
            String subject = professionalWrites(PATIENT_1, "Suivi " + UUID.randomUUID(), Optional.empty());
            String opening = await().atMost(DELIVERY).pollInterval(Duration.ofMillis(300))
                .until(() -> imap.find(gateway.imapsPort(), PATIENT_1, PASSWORD, subject), Optional::isPresent).get().messageId();
            MimeMessage closing = new MimeMessage(Session.getInstance(new java.util.Properties()));
            closing.setFrom(new InternetAddress(MARTIN, "Dr Jeanne Martin", "UTF-8"));
            closing.setRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(PATIENT_1));
            closing.setSubject("Re: " + subject, "UTF-8");
            closing.setHeader("In-Reply-To", opening);
            closing.setHeader("X-MSS-MES", "FIN");
            closing.setText("Je clôture cette conversation.", "UTF-8");
            clients.sendStartTls(gateway.submissionPort(), MARTIN, PASSWORD, closing);
            WebmailClient client = signedIn(PATIENT_1);
            String conversation = conversationLink(client, subject);
            await().atMost(DELIVERY).pollInterval(Duration.ofMillis(300))
                .until(() -> client.get(conversation).body().contains("Je clôture cette conversation."));

            String page = client.get(conversation).body();
            HttpResponse<String> refused = client.postWithToken(conversation + "/reponse", Map.of("texte", "Encore une question"));

            assertThat(page).contains("id=\"conversation-cloturee\"").doesNotContain("id=\"texte\"");
            assertThat(client.get("/conversations").body()).contains("Clôturée");
            assertThat(refused.statusCode()).isEqualTo(200);
            assertThat(refused.body()).contains("Message refusé : Cette conversation a été clôturée par le professionnel de santé : vous ne pouvez plus y répondre.");
        }

        @Test
        void replyWithAnAttachmentShouldReachTheProfessional() throws Exception {
            String subject = professionalWrites(PATIENT_1, "Ordonnance " + UUID.randomUUID(), Optional.empty());
            WebmailClient client = signedIn(PATIENT_1);
            String conversation = conversationLink(client, subject);
            client.get(conversation);

            HttpResponse<String> sent = client.postMultipartWithToken(conversation + "/reponse", Map.of("texte", "Voici ma carte vitale."),
                Map.of("carte.txt", "contenu de la piece jointe".getBytes(StandardCharsets.UTF_8)));

            assertThat(sent.statusCode()).isEqualTo(303);
            Mailboxes.Received received = await().atMost(DELIVERY).pollInterval(Duration.ofMillis(300))
                .until(() -> imap.find(gateway.imapsPort(), MARTIN, PASSWORD, "Re: " + subject), Optional::isPresent).get();
            assertThat(received.body()).contains("Voici ma carte vitale.").contains("contenu de la piece jointe");
        }

        @Test
        void replyWithAttachmentsOverTheLimitShouldBeRefusedAndSendNothing() throws Exception {
            String subject = professionalWrites(PATIENT_1, "Limite " + UUID.randomUUID(), Optional.empty());
            WebmailClient client = signedIn(PATIENT_1);
            String conversation = conversationLink(client, subject);
            client.get(conversation);

            HttpResponse<String> refused = client.postMultipartWithToken(conversation + "/reponse", Map.of("texte", "Trop gros"),
                Map.of("gros.txt", new byte[10_200_000]));

            assertThat(refused.body()).contains("Pièces jointes trop volumineuses");
            assertThat(clients.inboxSubjects(gateway.imapsPort(), true, MARTIN, PASSWORD)).doesNotContain("Re: " + subject);
        }

        @Test
        void patientShouldWriteToAnOrganisationalMailboxThatAcceptsIt() throws Exception {
            WebmailClient client = signedIn(PATIENT_2);
            String form = client.get("/nouveau").body();
            assertThat(form).contains("<option value=\"" + PHARMACY + "\">");
            String subject = "Ordonnance " + UUID.randomUUID();

            HttpResponse<String> sent = client.postWithToken("/nouveau", Map.of("destinataire", PHARMACY, "objet", subject,
                "texte", "Bonjour, mon ordonnance est-elle prête ?"));

            assertThat(sent.body()).contains("Votre message a été envoyé.");
            String question = await().atMost(DELIVERY).pollInterval(Duration.ofMillis(300))
                .until(() -> imap.find(gateway.imapsPort(), PHARMACY, PASSWORD, subject), Optional::isPresent).get().messageId();

            // The pharmacy answers from its mail client: one conversation in the webmail, and the patient answers back.
            MimeMessage answer = new MimeMessage(Session.getInstance(new java.util.Properties()));
            answer.setFrom(new InternetAddress(PHARMACY, "Pharmacie du Centre", "UTF-8"));
            answer.setRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(PATIENT_2));
            answer.setSubject("Re: " + subject, "UTF-8");
            answer.setHeader("In-Reply-To", question);
            answer.setHeader("References", question);
            answer.setText("Votre ordonnance est prête.", "UTF-8");
            clients.sendStartTls(gateway.submissionPort(), PHARMACY, PASSWORD, answer);
            String conversation = conversationLink(client, subject);
            String page = await().atMost(DELIVERY).pollInterval(Duration.ofMillis(300))
                .until(() -> client.get(conversation).body(), body -> body.contains("Votre ordonnance est prête."));
            assertThat(page).contains("Bonjour, mon ordonnance est-elle prête ?").contains("id=\"texte\"");
            assertThat(client.get("/conversations").body()).doesNotContain(">Re: " + subject + "<");

            HttpResponse<String> thanks = client.postWithToken(conversation + "/reponse", Map.of("texte", "Merci, je passe ce soir."));
            assertThat(thanks.statusCode()).isEqualTo(303);
            Mailboxes.Received received = await().atMost(DELIVERY).pollInterval(Duration.ofMillis(300))
                .until(() -> imap.find(gateway.imapsPort(), PHARMACY, PASSWORD, "Re: " + subject), found -> found.isPresent()
                    && found.get().body().contains("Merci, je passe ce soir.")).get();
            assertThat(received.headers().get("in-reply-to")).isNotEmpty();
        }

        @Test
        void newConversationWithAProfessionalShouldBeRefusedInFrenchAndDeliveredToNobody() throws Exception {
            WebmailClient client = signedIn(PATIENT_2);
            client.get("/nouveau");
            String subject = "Question " + UUID.randomUUID();

            HttpResponse<String> refused = client.postWithToken("/nouveau", Map.of("destinataire", NEVER_WROTE, "objet", subject, "texte", "Bonjour"));

            assertThat(refused.body()).contains("Vous ne pouvez écrire qu&#39;aux professionnels de santé qui vous ont écrit");
            assertThat(clients.inboxSubjects(gateway.imapsPort(), true, NEVER_WROTE, PASSWORD)).doesNotContain(subject);
        }
    }

    @Nested
    class Tls {
        @Test
        void webmailShouldRefuseTls11AndNonAeadSuites() throws Exception {
            for (String[] attempt : List.of(new String[] {"TLSv1.1", null}, new String[] {"TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"},
                new String[] {"TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"})) {
                try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket("localhost", gateway.webmailPort())) {
                    socket.setEnabledProtocols(new String[] {attempt[0]});
                    if (attempt[1] != null) {
                        socket.setEnabledCipherSuites(new String[] {attempt[1]});
                    }
                    org.assertj.core.api.Assertions.assertThatThrownBy(socket::startHandshake).as(String.join(" ", List.of(attempt[0], String.valueOf(attempt[1]))))
                        .isInstanceOf(java.io.IOException.class);
                }
            }
            try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket("localhost", gateway.webmailPort())) {
                socket.startHandshake();
                assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
            }
        }
    }
}
