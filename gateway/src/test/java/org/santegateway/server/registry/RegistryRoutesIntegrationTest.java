package org.santegateway.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.mail.AuthenticationFailedException;
import javax.mail.Transport;
import javax.mail.internet.MimeMessage;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.admin.WebAdminTokens;
import org.santegateway.server.audit.AuditCodec;
import org.santegateway.server.audit.AuditRecord;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.ImapDialog;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.Mailboxes;
import org.santegateway.server.testing.TestTls;

import ca.uhn.fhir.context.FhirContext;

/**
 * The registry's WebAdmin routes on a real gateway: creation, immutability, the token, the audit trail and the export;
 * mail to a suspended mailbox refused with a notice; a suspended mailbox neither logs in nor sends.
 */
class RegistryRoutesIntegrationTest {
    static final String DOMAIN = "hopital-registre.fr";
    static final String MARTIN = "dr.martin@" + DOMAIN;
    static final String CLI_USER = "dr.cli@" + DOMAIN;
    static final String RED = "dr.discret@" + DOMAIN;
    static final String SUSPENDED = "accueil@" + DOMAIN;
    static final String CLI_PASSWORD = "a password set with the CLI";

    @TempDir
    static Path root;
    static GatewayTestServer gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayTestServer.prepare(root).withProbe(RegistryProbe.class).start();
        gateway.data().addDomain(DOMAIN);
        gateway.data().addUser(CLI_USER, CLI_PASSWORD);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void registryShouldCreateRefuseKindChangesAuditAndExport() throws Exception {
        Instant before = Instant.now();
        HttpResponse<String> created = call("PUT", "/gateway/registry/mailboxes/" + MARTIN,
            "{\"kind\":\"PER\",\"holder\":\"810003456789\",\"displayName\":\"Dr Sophie Martin\",\"profession\":\"10\",\"password\":\"a long password\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("\"kind\":\"PER\"", "\"state\":\"ACTIVE\"", "\"registered\":true").doesNotContain("password");
        assertThat(gateway.data().listUsers()).contains(MARTIN);

        HttpResponse<String> kindChange = call("PATCH", "/gateway/registry/mailboxes/" + MARTIN, "{\"kind\":\"ORG\"}");
        assertThat(kindChange.statusCode()).isEqualTo(409);
        assertThat(kindChange.body()).contains("The kind of a mailbox never changes");
        assertThat(call("PUT", "/gateway/registry/mailboxes/" + MARTIN,
            "{\"kind\":\"ORG\",\"holder\":\"754567860\",\"displayName\":\"X\",\"password\":\"p\"}").statusCode()).isEqualTo(409);

        assertThat(call("PUT", "/gateway/registry/mailboxes/" + RED,
            "{\"kind\":\"PER\",\"holder\":\"810007654321\",\"displayName\":\"Dr Discret\",\"listeRouge\":true,\"password\":\"another one\"}")
            .statusCode()).isEqualTo(201);
        assertThat(call("POST", "/gateway/registry/mailboxes/" + MARTIN + "/state", "{\"state\":\"SUSPENDED\"}").body())
            .contains("\"state\":\"SUSPENDED\"");
        assertThat(call("POST", "/gateway/registry/mailboxes/" + MARTIN + "/state", "{\"state\":\"ACTIVE\"}").statusCode()).isEqualTo(200);

        assertThat(call("GET", "/gateway/registry/mailboxes?kind=XYZ", null).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/gateway/registry/export?since=yesterday", null).statusCode()).isEqualTo(400);
        HttpResponse<String> missingHolder = call("PUT", "/gateway/registry/mailboxes/dr.sans.id@" + DOMAIN,
            "{\"kind\":\"PER\",\"displayName\":\"X\",\"password\":\"p\"}");
        assertThat(missingHolder.statusCode()).isEqualTo(400);
        assertThat(missingHolder.body()).contains("holder is required");
        HttpResponse<String> list = call("GET", "/gateway/registry/mailboxes?kind=PER", null);
        assertThat(list.body()).contains("\"address\":\"" + CLI_USER + "\",\"kind\":\"PER\",\"registered\":false");

        HttpResponse<String> export = call("GET", "/gateway/registry/export", null);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+xml");
        Bundle bundle = FhirContext.forR4().newXmlParser().parseResource(Bundle.class, export.body());
        assertThat(bundle.getEntry()).hasSize(1);
        PractitionerRole role = (PractitionerRole) bundle.getEntryFirstRep().getResource();
        assertThat(role.getTelecomFirstRep().getValue()).isEqualTo(MARTIN);
        DirectoryExportTest.assertMailboxProfile(role.getTelecomFirstRep());
        assertThat(export.body()).doesNotContain(RED).doesNotContain(CLI_USER);

        HttpResponse<String> changes = call("GET", "/gateway/registry/export?since=" + before, null);
        assertThat(changes.body()).contains("value=\"PATCH\"", MARTIN).doesNotContain(RED);

        List<AuditRecord> records = call("GET", "/gateway/audit/records", null).body().lines().map(AuditCodec::parse).toList();
        assertThat(records).extracting(AuditRecord::action).contains("registry.create", "registry.update", "registry.state", "registry.export");
        assertThat(call("GET", "/gateway/audit/records", null).body()).doesNotContain(MARTIN).doesNotContain("810003456789");
    }

    @Test
    void mailToASuspendedMailboxShouldBeRefusedWithANotice() throws Exception {
        assertThat(call("PUT", "/gateway/registry/mailboxes/" + SUSPENDED,
            "{\"kind\":\"ORG\",\"holder\":\"754567860\",\"displayName\":\"Accueil\",\"password\":\"a long password\"}")
            .statusCode()).isEqualTo(201);
        assertThat(call("POST", "/gateway/registry/mailboxes/" + SUSPENDED + "/state", "{\"state\":\"SUSPENDED\"}").statusCode())
            .isEqualTo(200);
        MailClients clients = new MailClients(TestTls.socketFactory(gateway.testCaCertificate()));

        clients.sendStartTls(gateway.submissionPort(), CLI_USER, CLI_PASSWORD, clients.newMessage(CLI_USER, SUSPENDED, "to a suspended mailbox", "Bonjour"));

        Mailboxes mailboxes = new Mailboxes(TestTls.socketFactory(gateway.testCaCertificate()));
        await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> assertThat(mailboxes.inbox(gateway.imapsPort(), CLI_USER, CLI_PASSWORD))
            .anySatisfy(notice -> assertThat(notice.body()).contains("suspendue ou fermée")));
        assertThat(call("POST", "/gateway/registry/mailboxes/" + SUSPENDED + "/state", "{\"state\":\"ACTIVE\"}").statusCode())
            .isEqualTo(200);
        assertThat(mailboxes.inbox(gateway.imapsPort(), SUSPENDED, "a long password")).isEmpty();
    }

    @Test
    void aSuspendedMailboxShouldNeitherLogInNorSendUntilActiveAgain() throws Exception {
        String address = "dr.compromis@" + DOMAIN;
        String password = "a password someone else learnt";
        assertThat(call("PUT", "/gateway/registry/mailboxes/" + address,
            "{\"kind\":\"PER\",\"holder\":\"810001112223\",\"displayName\":\"Dr Compromis\",\"password\":\"" + password + "\"}")
            .statusCode()).isEqualTo(201);
        MailClients clients = new MailClients(TestTls.socketFactory(gateway.testCaCertificate()));
        try (Transport before = clients.smtps(gateway.submissionsPort(), address, password);
             ImapDialog reading = ImapDialog.connectTls(gateway.imapsPort(), TestTls.socketFactory(gateway.testCaCertificate()));
             ImapDialog idling = ImapDialog.connectTls(gateway.imapsPort(), TestTls.socketFactory(gateway.testCaCertificate()));
             ImapDialog quiet = ImapDialog.connectTls(gateway.imapsPort(), TestTls.socketFactory(gateway.testCaCertificate()))) {
            for (ImapDialog session : List.of(reading, idling, quiet)) {
                assertThat(session.command("LOGIN " + address + " \"" + password + "\"").ok()).isTrue();
                assertThat(session.command("SELECT INBOX").ok()).isTrue();
            }
            idling.write("i IDLE\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(idling.nextLine()).startsWith("+ ");
            assertThat(call("POST", "/gateway/registry/mailboxes/" + address + "/state", "{\"state\":\"SUSPENDED\"}").statusCode())
                .isEqualTo(200);

            // A client in IDLE, and one that keeps its session open and says nothing, sends no command that could be
            // answered BYE: their connections are ended by the gateway within seconds of the suspension.
            for (ImapDialog session : List.of(idling, quiet)) {
                String line = session.nextLine();
                while (!line.startsWith("* BYE")) {
                    line = session.nextLine();
                }
                assertThat(line).isEqualTo("* BYE This mailbox is suspended or closed.");
                assertThatThrownBy(session::nextLine).hasMessage("connection closed");
            }

            // The session opened before ends at its next command once the registry has been read again (5 s at most).
            await().atMost(30, TimeUnit.SECONDS).until(() -> {
                reading.write("n NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
                String line = reading.nextLine();
                while (!line.startsWith("n ") && !line.startsWith("* BYE")) {
                    line = reading.nextLine();
                }
                return line.equals("* BYE This mailbox is suspended or closed.");
            });

            MimeMessage message = clients.newMessage(address, CLI_USER, "sent after the suspension", "Bonjour");
            message.saveChanges();
            assertThatThrownBy(() -> before.sendMessage(message, message.getAllRecipients()))
                .hasMessageContaining("550 5.7.1 This mailbox is suspended or closed");
            assertThatThrownBy(() -> clients.sendStartTls(gateway.submissionPort(), address, password,
                clients.newMessage(address, CLI_USER, "sent after the suspension", "Bonjour")))
                .isInstanceOf(AuthenticationFailedException.class);
            assertThatThrownBy(() -> clients.imaps(gateway.imapsPort(), address, password).close())
                .isInstanceOf(AuthenticationFailedException.class);
        }

        assertThat(call("POST", "/gateway/registry/mailboxes/" + address + "/state", "{\"state\":\"ACTIVE\"}").statusCode())
            .isEqualTo(200);
        clients.sendImplicitTls(gateway.submissionsPort(), address, password, clients.newMessage(address, CLI_USER, "active again", "Bonjour"));
        clients.imaps(gateway.imapsPort(), address, password).close();
        Mailboxes mailboxes = new Mailboxes(TestTls.socketFactory(gateway.testCaCertificate()));
        await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> assertThat(mailboxes.inbox(gateway.imapsPort(), CLI_USER, CLI_PASSWORD))
            .extracting(Mailboxes.Received::subject).contains("active again").doesNotContain("sent after the suspension"));
    }

    @Test
    void loginsShouldBeRecordedAsTheMailboxsLastUse() throws Exception {
        String address = "secretariat@" + DOMAIN;
        assertThat(call("PUT", "/gateway/registry/mailboxes/" + address,
            "{\"kind\":\"ORG\",\"holder\":\"754567860\",\"displayName\":\"Secrétariat\",\"password\":\"a long password\"}")
            .statusCode()).isEqualTo(201);
        assertThat(call("GET", "/gateway/registry/mailboxes/" + address, null).body()).doesNotContain("lastLoginAt");

        new Mailboxes(TestTls.socketFactory(gateway.testCaCertificate())).inbox(gateway.imapsPort(), address, "a long password");

        assertThat(call("GET", "/gateway/registry/mailboxes/" + address, null).body()).contains("\"lastLoginAt\":\"");
    }

    @Test
    void aMailboxIdleForElevenMonthsShouldReceiveTheNoticeThenBeDeletedWithItsMail() throws Exception {
        String address = "ancien.service@" + DOMAIN;
        gateway.data().addUser(address, "a long password");
        RegistryProbe probe = gateway.probe(RegistryProbe.class);
        Instant longAgo = Instant.now().minus(Duration.ofDays(340));
        assertThat(probe.registry().add(new Mailbox(address, MailboxKind.ORG, new MailboxDetails(java.util.Optional.of(new HolderId("754567860")),
            "Ancien service", java.util.Optional.empty(), java.util.Optional.empty(), false, 1, java.util.Optional.empty(),
            java.util.Optional.empty(), java.util.Optional.empty()), MailboxState.ACTIVE, longAgo, java.util.Optional.empty(), longAgo, true, true)))
            .isTrue();

        assertThat(probe.applyInactivityRule().noticed()).isPositive();

        Mailboxes mailboxes = new Mailboxes(TestTls.socketFactory(gateway.testCaCertificate()));
        await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> assertThat(mailboxes.inbox(gateway.imapsPort(), address, "a long password"))
            .anySatisfy(notice -> assertThat(notice.body()).contains("sera fermée le").contains("will be closed on")));
        assertThat(probe.applyInactivityRule().noticed()).isZero();

        probe.delete(address);

        assertThat(gateway.data().listUsers()).doesNotContain(address);
        assertThatThrownBy(() -> mailboxes.inbox(gateway.imapsPort(), address, "a long password")).isInstanceOf(Exception.class);
    }

    @Test
    void registryRoutesShouldNeedTheToken() throws Exception {
        assertThat(send("GET", "/gateway/registry/mailboxes", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/gateway/registry/export", null, null).statusCode()).isEqualTo(401);
        assertThat(send("PUT", "/gateway/registry/mailboxes/dr.x@" + DOMAIN,
            "{\"kind\":\"PER\",\"holder\":\"810003456789\",\"displayName\":\"X\",\"password\":\"p\"}", null).statusCode()).isEqualTo(401);
        assertThat(gateway.data().listUsers()).doesNotContain("dr.x@" + DOMAIN);
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        return send(method, path, body, WebAdminTokens.fromDataDirectory(gateway.settings(), Clock.systemUTC()).issue("admin", Duration.ofMinutes(5)));
    }

    private static HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.webAdminPort() + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
