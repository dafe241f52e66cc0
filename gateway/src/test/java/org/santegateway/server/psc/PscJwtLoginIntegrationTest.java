package org.santegateway.server.psc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.santegateway.server.psc.PscFixture.AUDIENCE;
import static org.santegateway.server.psc.PscFixture.BERNARD;
import static org.santegateway.server.psc.PscFixture.DURAND;
import static org.santegateway.server.psc.PscFixture.LEROY;
import static org.santegateway.server.psc.PscFixture.MARTIN;
import static org.santegateway.server.psc.PscFixture.MARTIN_ID;
import static org.santegateway.server.psc.PscFixture.PASSWORD;
import static org.santegateway.server.psc.PscFixture.PSC_ONLY_DOMAIN;
import static org.santegateway.server.psc.PscFixture.SECRETARIAT;
import static org.santegateway.server.psc.PscFixture.oauthBearer;
import static org.santegateway.server.psc.PscFixture.xoauth2;

import java.io.BufferedReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.mail.AuthenticationFailedException;
import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.santegateway.server.admin.GatewayAdmin;
import org.santegateway.server.autoconfig.ClientAutoconfigTest;
import org.santegateway.server.testing.CountingProxy;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.ImapDialog;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.MeterRegistryProbe;
import org.santegateway.server.testing.OidcProvider;
import org.santegateway.server.testing.SmtpDialog;
import org.santegateway.server.testing.TestTls;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Professionals sign in with Pro Santé Connect tokens checked locally (JWT signature against the
 * provider's key set), end to end: a real OpenID provider in its own process (mock-oauth2-server),
 * reached over HTTP through a counting proxy; the real IMAP and submission listeners; Jakarta Mail
 * with XOAUTH2, and raw RFC 7628 exchanges.
 */
class PscJwtLoginIntegrationTest {
    @TempDir
    static Path root;
    static OidcProvider provider;
    static CountingProxy proxy;
    static GatewayTestServer gateway;
    static SSLSocketFactory tls;
    static PscFixture.OAuthMailClients clients;

    @BeforeAll
    static void start() throws Exception {
        provider = OidcProvider.start(root.resolve("oidc"), PscFixture.profiles());
        proxy = CountingProxy.to(provider.port());
        gateway = GatewayTestServer.prepare(root.resolve("gateway"));
        PscFixture.configure(gateway, Map.of(
            "psc.validation", "jwt",
            "psc.issuer", provider.issuer(),
            "psc.audiences", AUDIENCE,
            "psc.jwks.url", proxy.url("/psc/jwks"),
            "psc.jwks.refresh.min.interval", "100ms",
            "psc.acr.levels", "low,eidas1,eidas2",
            "psc.acr.minimum", "eidas1",
            "psc.openid.configuration", provider.issuer() + "/.well-known/openid-configuration",
            "psc.only.domains", PSC_ONLY_DOMAIN));
        gateway.withProbe(MeterRegistryProbe.class).start();
        PscFixture.populate(gateway);
        tls = TestTls.socketFactory(gateway.testCaCertificate());
        clients = new PscFixture.OAuthMailClients(tls);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Nested
    class MailClientsWithXOAuth2 {
        @Test
        void jakartaMailShouldSendOnBothSubmissionPortsAndReadOverImapsWithTokens() throws Exception {
            String subject = "PSC " + UUID.randomUUID();
            MailClients plain = new MailClients(tls);
            clients.send("smtp", gateway.submissionPort(), MARTIN, provider.token("martin"),
                plain.newMessage(MARTIN, DURAND, subject + " 587", "Bonjour"));
            clients.send("smtps", gateway.submissionsPort(), MARTIN, provider.token("martin"),
                plain.newMessage(MARTIN, DURAND, subject + " 465", "Bonjour"));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(clients.inboxSubjects(gateway.imapsPort(), DURAND, provider.token("durand")))
                    .contains(subject + " 587", subject + " 465"));
        }

        @Test
        void jakartaMailShouldBeRefusedWithAnotherProfessionalsToken() {
            assertThatThrownBy(() -> clients.inboxSubjects(gateway.imapsPort(), MARTIN, provider.token("durand")))
                .isInstanceOf(AuthenticationFailedException.class);
        }
    }

    @Nested
    class RawOAuthBearer {
        @Test
        void oauthBearerWithInitialResponseShouldOpenTheMailboxNamedByAuthzid() throws Exception {
            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                ImapDialog.Reply reply = imap.sasl("AUTHENTICATE OAUTHBEARER " + oauthBearer(MARTIN, provider.token("martin")), "AQ==");

                assertThat(reply.ok()).as(reply.tagged()).isTrue();
                assertThat(imap.command("SELECT INBOX").ok()).isTrue();
            }
        }

        @Test
        void oauthBearerWithoutInitialResponseShouldWorkAfterStartTls() throws Exception {
            try (ImapDialog imap = ImapDialog.connectStartTls(gateway.imapStartTlsPort(), tls)) {
                ImapDialog.Reply reply = imap.sasl("AUTHENTICATE OAUTHBEARER", oauthBearer(null, provider.token("martin")));

                assertThat(reply.ok()).as(reply.tagged()).isTrue();
                // The empty continuation asking for the client message, nothing else.
                assertThat(reply.untagged()).singleElement().satisfies(line -> assertThat(line.trim()).isEqualTo("+"));
            }
        }

        @Test
        void oauthBearerOnSubmissionShouldAuthenticate() throws Exception {
            try (SmtpDialog smtp = SmtpDialog.connectTls(gateway.submissionsPort(), tls)) {
                smtp.read();
                smtp.send("EHLO client.test");

                assertThat(smtp.send("AUTH OAUTHBEARER " + oauthBearer(MARTIN, provider.token("martin")))).startsWith("235 ");
                assertThat(smtp.send("MAIL FROM:<" + MARTIN + ">")).startsWith("250");
            }
        }

        @Test
        void aTokenWithoutAuthzidShouldOpenTheOnlyBoundMailboxAndNotChooseAmongSeveral() throws Exception {
            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                assertThat(imap.sasl("AUTHENTICATE OAUTHBEARER " + oauthBearer(null, provider.token("bernard")), "AQ==").tagged())
                    .contains("NO [AUTHENTICATIONFAILED]");
            }
            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                assertThat(imap.sasl("AUTHENTICATE OAUTHBEARER " + oauthBearer(SECRETARIAT, provider.token("bernard")), "AQ==").ok()).isTrue();
            }
            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                assertThat(imap.sasl("AUTHENTICATE XOAUTH2 " + xoauth2(BERNARD, provider.token("bernard")), "").ok()).isTrue();
            }
        }

        @Test
        void aMailboxSuspendedInTheRegistryShouldNotOpenWithTheTokenOfItsProfessional() throws Exception {
            assertThat(PscFixture.webAdmin(gateway, "PUT", "/gateway/registry/mailboxes/" + SECRETARIAT,
                "{\"kind\":\"ORG\",\"holder\":\"754567860\",\"displayName\":\"Secrétariat\"}").statusCode()).isEqualTo(201);
            try {
                assertThat(PscFixture.webAdmin(gateway, "POST", "/gateway/registry/mailboxes/" + SECRETARIAT + "/state",
                    "{\"state\":\"SUSPENDED\"}").statusCode()).isEqualTo(200);

                try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                    assertThat(imap.sasl("AUTHENTICATE OAUTHBEARER " + oauthBearer(SECRETARIAT, provider.token("bernard")), "AQ==").tagged())
                        .contains("NO [AUTHENTICATIONFAILED]");
                }
            } finally {
                assertThat(PscFixture.webAdmin(gateway, "POST", "/gateway/registry/mailboxes/" + SECRETARIAT + "/state",
                    "{\"state\":\"ACTIVE\"}").statusCode()).isEqualTo(200);
            }
            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                assertThat(imap.sasl("AUTHENTICATE OAUTHBEARER " + oauthBearer(SECRETARIAT, provider.token("bernard")), "AQ==").ok()).isTrue();
            }
        }
    }

    @Nested
    class Refusals {
        @ParameterizedTest
        @ValueSource(strings = {"expired", "wrong-issuer", "wrong-audience", "low-acr"})
        void imapShouldAnswerTheErrorChallengeThenNo(String profile) throws Exception {
            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                ImapDialog.Reply reply = imap.sasl("AUTHENTICATE OAUTHBEARER " + oauthBearer(MARTIN, provider.token(profile)), "AQ==");

                assertThat(reply.tagged()).contains("NO [AUTHENTICATIONFAILED]");
                assertThat(reply.untagged()).singleElement().satisfies(challenge -> assertThat(decode(challenge))
                    .contains("\"status\":\"invalid_token\"", "\"schemes\":\"bearer\"", "openid-configuration"));
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"expired", "wrong-issuer", "wrong-audience", "low-acr"})
        void submissionShouldAnswerTheErrorChallengeThen535(String profile) throws Exception {
            try (SmtpDialog smtp = SmtpDialog.connectTls(gateway.submissionsPort(), tls)) {
                smtp.read();
                smtp.send("EHLO client.test");

                String challenge = smtp.send("AUTH XOAUTH2 " + xoauth2(MARTIN, provider.token(profile)));
                assertThat(challenge).startsWith("334 ");
                assertThat(new String(Base64.getDecoder().decode(challenge.substring(4).trim()), StandardCharsets.UTF_8)).contains("invalid_token");
                assertThat(smtp.send("")).startsWith("535 5.7.8");
                assertThat(smtp.send("MAIL FROM:<" + MARTIN + ">")).startsWith("530");
            }
        }

        @Test
        void anotherProfessionalsTokenShouldNotOpenTheMailbox() throws Exception {
            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                ImapDialog.Reply reply = imap.sasl("AUTHENTICATE OAUTHBEARER " + oauthBearer(MARTIN, provider.token("durand")), "AQ==");

                assertThat(reply.tagged()).contains("NO [AUTHENTICATIONFAILED]");
                assertThat(decode(reply.untagged().get(0))).contains("insufficient_scope");
            }
            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                assertThat(imap.sasl("AUTHENTICATE OAUTHBEARER " + oauthBearer(null, provider.token("unbound")), "AQ==").tagged())
                    .contains("NO [AUTHENTICATIONFAILED]");
            }
        }

        @Test
        void aTamperedSignatureShouldBeRefused() throws Exception {
            String token = provider.token("martin");
            int signature = token.lastIndexOf('.') + 5;
            String tampered = token.substring(0, signature) + (token.charAt(signature) == 'A' ? 'B' : 'A') + token.substring(signature + 1);
            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                assertThat(imap.sasl("AUTHENTICATE OAUTHBEARER " + oauthBearer(MARTIN, tampered), "AQ==").tagged())
                    .contains("NO [AUTHENTICATIONFAILED]");
            }
        }
    }

    @Nested
    class BeforeTls {
        @Test
        void imapShouldOfferTheMechanismsOnlyAfterStartTls() throws Exception {
            try (Socket socket = new Socket("127.0.0.1", gateway.imapStartTlsPort())) {
                socket.setSoTimeout(15000);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = socket.getOutputStream();
                in.readLine();
                out.write("a1 CAPABILITY\r\n".getBytes(StandardCharsets.US_ASCII));
                String capabilities = in.readLine();
                in.readLine();
                out.write(("a2 AUTHENTICATE XOAUTH2 " + xoauth2(MARTIN, provider.token("martin")) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                String refused = in.readLine();

                assertThat(capabilities).startsWith("* CAPABILITY").doesNotContain("XOAUTH2").doesNotContain("OAUTHBEARER");
                assertThat(refused).startsWith("a2 NO");
            }
            try (ImapDialog imap = ImapDialog.connectStartTls(gateway.imapStartTlsPort(), tls)) {
                assertThat(imap.command("CAPABILITY").untaggedStartingWith("* CAPABILITY").orElseThrow())
                    .contains("AUTH=XOAUTH2", "AUTH=OAUTHBEARER");
            }
        }

        @Test
        void submissionShouldOfferTheMechanismsOnlyAfterStartTls() throws Exception {
            try (SmtpDialog smtp = SmtpDialog.connect(gateway.submissionPort())) {
                smtp.read();
                assertThat(smtp.send("EHLO client.test")).doesNotContain("XOAUTH2").doesNotContain("OAUTHBEARER");
                assertThat(smtp.send("AUTH XOAUTH2 " + xoauth2(MARTIN, provider.token("martin")))).startsWith("538");

                smtp.startTls(tls);
                assertThat(smtp.send("EHLO client.test")).contains("AUTH LOGIN PLAIN OAUTHBEARER XOAUTH2");
            }
            try (SmtpDialog smtp = SmtpDialog.connectTls(gateway.submissionsPort(), tls)) {
                smtp.read();
                assertThat(smtp.send("EHLO client.test")).contains("OAUTHBEARER XOAUTH2");
            }
        }
    }

    @Nested
    class KeySet {
        @Test
        void keySetShouldBeFetchedOnceThenAgainOnlyForAnUnknownKeyId() throws Exception {
            for (int i = 0; i < 3; i++) {
                assertThat(logIn(provider.token("martin"))).isTrue();
            }
            assertThat(proxy.count("/psc/jwks")).isEqualTo(1);

            assertThat(logIn(foreignToken())).isFalse();
            assertThat(proxy.count("/psc/jwks")).isEqualTo(2);

            for (int i = 0; i < 3; i++) {
                assertThat(logIn(provider.token("martin"))).isTrue();
            }
            assertThat(proxy.count("/psc/jwks")).isEqualTo(2);
        }

        @Test
        void knownKeysShouldStillBeUsedWhileTheProviderIsDown() throws Exception {
            assertThat(logIn(provider.token("martin"))).isTrue();
            String token = provider.token("martin");
            proxy.down(true);
            try {
                assertThat(logIn(token)).isTrue();
            } finally {
                proxy.down(false);
            }
        }
    }

    @Nested
    class PscOnlyDomain {
        @Test
        void passwordLoginShouldBeRefusedWithAClearMessageOnImapAndSubmission() throws Exception {
            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                ImapDialog.Reply reply = imap.command("LOGIN " + LEROY + " \"" + PASSWORD + "\"");
                assertThat(reply.tagged()).contains("NO").contains("Pro Sante Connect");
            }
            try (SmtpDialog smtp = SmtpDialog.connectTls(gateway.submissionsPort(), tls)) {
                smtp.read();
                smtp.send("EHLO client.test");
                String plain = Base64.getEncoder().encodeToString(("\0" + LEROY + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
                assertThat(smtp.send("AUTH PLAIN " + plain)).startsWith("534 5.7.9").contains("Pro Sante Connect");
            }
            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                assertThat(imap.sasl("AUTHENTICATE XOAUTH2 " + xoauth2(LEROY, provider.token("leroy")), "").ok()).isTrue();
            }
        }

        @Test
        void authenticatePlainWithTheCredentialsOnAContinuationLineShouldBeRefusedToo() throws Exception {
            String plain = Base64.getEncoder().encodeToString(("\0" + LEROY + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                assertThat(imap.sasl("AUTHENTICATE PLAIN", plain).tagged()).contains(" NO ");
                assertThat(imap.command("SELECT INBOX").ok()).isFalse();
            }
        }

        @Test
        void passwordLoginShouldStillWorkElsewhere() throws Exception {
            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                assertThat(imap.command("LOGIN " + DURAND + " \"" + PASSWORD + "\"").ok()).isTrue();
            }
        }
    }

    @Nested
    class Traces {
        @Test
        void outcomesShouldBeAuditedAndCountedWithoutTheIdentifierOrTheToken() throws Exception {
            String token = provider.token("martin");
            assertThat(logIn(token)).isTrue();
            try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                imap.sasl("AUTHENTICATE OAUTHBEARER " + oauthBearer(MARTIN, provider.token("expired")), "AQ==");
            }

            String records = PscFixture.webAdmin(gateway, "GET", "/gateway/audit/records").body();
            assertThat(records).contains("imap.auth.psc", "\"expired\"").doesNotContain(MARTIN_ID).doesNotContain(token);
            MeterRegistryProbe metrics = gateway.probe(MeterRegistryProbe.class);
            assertThat(metrics.count("gateway.psc.logins", "protocol", "imap", "outcome", "success")).isPositive();
            assertThat(metrics.count("gateway.psc.logins", "protocol", "imap", "outcome", "invalid_token", "reason", "expired")).isPositive();
        }
    }

    @Nested
    class MailClientDiscovery {
        @Test
        void thunderbirdAutoconfigShouldBeServedOverHttpsAndBeValidConfigV11() throws Exception {
            HttpResponse<String> wellKnown = https("GET", "/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress="
                + URLEncoder.encode(MARTIN, StandardCharsets.UTF_8), null);
            HttpResponse<String> pscOnly = https("GET", "/mail/config-v1.1.xml?emailaddress="
                + URLEncoder.encode(LEROY, StandardCharsets.UTF_8), null);

            assertThat(wellKnown.statusCode()).isEqualTo(200);
            ClientAutoconfigTest.validate(wellKnown.body());
            assertThat(wellKnown.body()).contains("<authentication>OAuth2</authentication>", "password-cleartext",
                "<port>" + gateway.imapsPort() + "</port>");
            ClientAutoconfigTest.validate(pscOnly.body());
            assertThat(pscOnly.body()).contains("OAuth2").doesNotContain("password-cleartext");
            assertThat(https("GET", "/mail/config-v1.1.xml?emailaddress=someone%40elsewhere.fr", null).statusCode()).isEqualTo(404);
        }

        @Test
        void outlookAutodiscoverShouldAnswerAPoxRequest() throws Exception {
            String request = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\">"
                + "<Request><EMailAddress>" + MARTIN + "</EMailAddress><AcceptableResponseSchema>"
                + "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema></Request></Autodiscover>";

            HttpResponse<String> answer = https("POST", "/Autodiscover/Autodiscover.xml", request);

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("<Type>IMAP</Type>", "<LoginName>" + MARTIN + "</LoginName>");
        }

        @Test
        void gatewayAdminShouldPrintTheDnsRecordsAndAdministerBindings() throws Exception {
            // The admin command reads WebAdmin's port from webadmin.properties: the test's is ephemeral.
            Path webAdminProperties = gateway.settings().file("webadmin.properties");
            java.nio.file.Files.writeString(webAdminProperties, java.nio.file.Files.readString(webAdminProperties)
                .replaceAll("(?m)^port=.*$", "port=" + gateway.webAdminPort()));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.PrintStream print = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);

            assertThat(GatewayAdmin.run(new String[] {"dns", PscFixture.DOMAIN, "mss.hopital-psc.fr"}, gateway.settings(), print, print)).isZero();
            assertThat(GatewayAdmin.run(new String[] {"psc-bind", "810004444444", DURAND}, gateway.settings(), print, print)).isZero();
            assertThat(GatewayAdmin.run(new String[] {"psc-bindings", "810004444444"}, gateway.settings(), print, print)).isZero();
            assertThat(GatewayAdmin.run(new String[] {"psc-unbind", "810004444444", DURAND}, gateway.settings(), print, print)).isZero();
            assertThat(GatewayAdmin.run(new String[] {"psc-bind", "not-an-id", DURAND}, gateway.settings(), print, print)).isEqualTo(1);

            assertThat(out.toString(StandardCharsets.UTF_8)).contains(
                "_submission._tcp." + PscFixture.DOMAIN + ". 3600 IN SRV 10 ",
                "_imaps._tcp." + PscFixture.DOMAIN + ".", "autoconfig." + PscFixture.DOMAIN + ".", "bound", DURAND, "unbound");
            assertThat(PscFixture.webAdmin(gateway, "GET", "/gateway/psc/bindings/810004444444").body()).doesNotContain(DURAND);
        }

        HttpResponse<String> https(String method, String path, String body) throws Exception {
            HttpClient client = HttpClient.newBuilder().sslContext(TestTls.trusting(gateway.testCaCertificate())).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.webmailPort() + path))
                .header("Content-Type", "text/xml")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    static boolean logIn(String token) throws Exception {
        try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
            return imap.sasl("AUTHENTICATE OAUTHBEARER " + oauthBearer(MARTIN, token), "AQ==").ok();
        }
    }

    static String decode(String continuation) {
        return new String(Base64.getDecoder().decode(continuation.substring(1).trim()), StandardCharsets.UTF_8);
    }

    /** A token with every right claim, signed with a key of the test's own the provider does not publish. */
    static String foreignToken() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("rotated-" + UUID.randomUUID()).generate();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
            .issuer(provider.issuer()).audience(List.of(AUDIENCE)).subject("someone")
            .expirationTime(Date.from(Instant.now().plusSeconds(300))).issueTime(new Date())
            .claim("preferred_username", MARTIN_ID).claim("acr", "eidas1").claim("azp", "psc-client").build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
