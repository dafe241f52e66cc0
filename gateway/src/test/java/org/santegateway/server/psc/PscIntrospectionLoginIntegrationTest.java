package org.santegateway.server.psc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.santegateway.server.psc.PscFixture.AUDIENCE;
import static org.santegateway.server.psc.PscFixture.DURAND;
import static org.santegateway.server.psc.PscFixture.MARTIN;
import static org.santegateway.server.psc.PscFixture.oauthBearer;
import static org.santegateway.server.psc.PscFixture.xoauth2;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.testing.CountingProxy;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.ImapDialog;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.OidcProvider;
import org.santegateway.server.testing.SmtpDialog;
import org.santegateway.server.testing.TestTls;

/**
 * Pro Santé Connect tokens checked by the provider's introspection endpoint (RFC 7662, client Basic
 * authentication), end to end with a real provider in its own process: accepted tokens cached for
 * their life, inactive ones refused, and a provider that cannot answer giving a temporary failure,
 * never a password fallback.
 */
class PscIntrospectionLoginIntegrationTest {
    static final String INTROSPECT = "/psc/introspect";

    @TempDir
    static Path root;
    static OidcProvider provider;
    static CountingProxy proxy;
    static GatewayTestServer gateway;
    static SSLSocketFactory tls;

    @BeforeAll
    static void start() throws Exception {
        provider = OidcProvider.start(root.resolve("oidc"), PscFixture.profiles());
        proxy = CountingProxy.to(provider.port());
        gateway = GatewayTestServer.prepare(root.resolve("gateway"));
        Path secret = Files.writeString(gateway.settings().configDirectory().resolve("psc-client.secret"), "gateway-secret\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        PscFixture.configure(gateway, Map.of(
            "psc.validation", "introspection",
            "psc.issuer", provider.issuer(),
            "psc.audiences", AUDIENCE,
            "psc.introspection.url", proxy.url(INTROSPECT),
            "psc.client.id", "sante-gateway",
            "psc.client.secret.file", "psc-client.secret",
            "psc.acr.levels", "low,eidas1,eidas2",
            "psc.acr.minimum", "eidas1",
            "psc.http.timeout", "3s"));
        // Refused tokens count towards the client address's lockout: low limits to see it happen.
        PscFixture.configure(gateway, Map.of("mail.login.max.failures", "3", "mail.login.max.failures.per.client", "8"));
        gateway.start();
        PscFixture.populate(gateway);
        tls = TestTls.socketFactory(gateway.testCaCertificate());
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

    @Test
    void jakartaMailShouldSendAndReadWithIntrospectedTokens() throws Exception {
        String subject = "PSC introspection " + UUID.randomUUID();
        PscFixture.OAuthMailClients clients = new PscFixture.OAuthMailClients(tls);
        clients.send("smtp", gateway.submissionPort(), MARTIN, provider.token("martin"),
            new MailClients(tls).newMessage(MARTIN, DURAND, subject, "Bonjour"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(clients.inboxSubjects(gateway.imapsPort(), DURAND, provider.token("durand"))).contains(subject));
    }

    @Test
    void anAcceptedTokenShouldBeIntrospectedOnceForItsLife() throws Exception {
        String token = provider.token("martin");
        int before = proxy.count(INTROSPECT);

        assertThat(logIn(token)).contains("OK");
        assertThat(logIn(token)).contains("OK");
        assertThat(logIn(token)).contains("OK");

        assertThat(proxy.count(INTROSPECT)).isEqualTo(before + 1);
    }

    @Test
    void anInactiveTokenShouldBeRefused() throws Exception {
        String token = provider.token("martin");
        int signature = token.lastIndexOf('.') + 5;
        String tampered = token.substring(0, signature) + (token.charAt(signature) == 'A' ? 'B' : 'A') + token.substring(signature + 1);

        assertThat(logIn(tampered)).contains("NO [AUTHENTICATIONFAILED]");
        assertThat(logIn(provider.token("expired"))).contains("NO [AUTHENTICATIONFAILED]");
        assertThat(PscFixture.webAdmin(gateway, "GET", "/gateway/audit/records").body()).contains("\"inactive\"");
    }

    @Test
    void claimsShouldStillBeCheckedOnAnActiveToken() throws Exception {
        assertThat(logIn(provider.token("low-acr"))).contains("NO [AUTHENTICATIONFAILED]");
        assertThat(logIn(provider.token("wrong-audience"))).contains("NO [AUTHENTICATIONFAILED]");
    }

    @Test
    void aProviderThatCannotAnswerShouldGiveATemporaryFailureAndNoLogin() throws Exception {
        String imapToken = provider.token("martin");
        String smtpToken = provider.token("martin");
        proxy.down(true);
        try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls);
             SmtpDialog smtp = SmtpDialog.connectTls(gateway.submissionsPort(), tls)) {
            ImapDialog.Reply reply = imap.sasl("AUTHENTICATE OAUTHBEARER " + oauthBearer(MARTIN, imapToken), "AQ==");
            assertThat(reply.tagged()).contains("NO [UNAVAILABLE]");
            assertThat(reply.untagged()).isEmpty();
            assertThat(imap.command("SELECT INBOX").ok()).isFalse();

            smtp.read();
            smtp.send("EHLO client.test");
            assertThat(smtp.send("AUTH XOAUTH2 " + xoauth2(MARTIN, smtpToken))).startsWith("454 4.7.0");
            assertThat(smtp.send("MAIL FROM:<" + MARTIN + ">")).startsWith("530");
        } finally {
            proxy.down(false);
        }
    }

    @Test
    void refusedTokensShouldLockTheClientAddressOutLikeWrongPasswords() throws Exception {
        String client = "127.0.0.7";
        for (int i = 0; i < 8; i++) {
            try (SmtpDialog smtp = SmtpDialog.connectTls(gateway.submissionsPort(), tls, client)) {
                smtp.read();
                smtp.send("EHLO client.test");
                assertThat(smtp.send("AUTH XOAUTH2 " + xoauth2(MARTIN, provider.token("wrong-audience")))).startsWith("334 ");
                assertThat(smtp.send("")).startsWith("535");
            }
        }
        String valid = provider.token("martin");
        String answer;
        try (SmtpDialog smtp = SmtpDialog.connectTls(gateway.submissionsPort(), tls, client)) {
            smtp.read();
            smtp.send("EHLO client.test");
            answer = smtp.send("AUTH XOAUTH2 " + xoauth2(MARTIN, valid));
        } catch (java.io.IOException closedOnAccept) {
            answer = "closed";
        }
        assertThat(answer).satisfiesAnyOf(
            value -> assertThat(value).isEqualTo("closed"),
            value -> assertThat(value).startsWith("454 4.7.0 Too many failed logins"));
        // Another address is not affected.
        assertThat(logIn(provider.token("martin"))).contains("OK");
    }

    static String logIn(String token) throws Exception {
        try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
            return imap.sasl("AUTHENTICATE OAUTHBEARER " + oauthBearer(MARTIN, token), "AQ==").tagged();
        }
    }
}
