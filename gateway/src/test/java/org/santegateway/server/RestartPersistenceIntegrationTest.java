package org.santegateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.james.rrt.lib.Mapping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.TestTls;

/** What the gateway holds survives a clean restart: domains, users, address mappings, mail. */
class RestartPersistenceIntegrationTest {
    static final String DOMAIN = "clinique-test.fr";
    static final String SENDER = "dr.roux@" + DOMAIN;
    static final String RECIPIENT = "dr.blanc@" + DOMAIN;
    static final String PASSWORD = "another long test password";

    @TempDir
    Path root;

    @Test
    void domainsUsersMappingsAndMessagesShouldSurviveARestart() throws Exception {
        try (GatewayTestServer gateway = GatewayTestServer.prepare(root).start()) {
            gateway.data().addDomain(DOMAIN);
            gateway.data().addUser(SENDER, PASSWORD);
            gateway.data().addUser(RECIPIENT, PASSWORD);
            gateway.data().addUserAliasMapping("secretariat", DOMAIN, RECIPIENT);
            MailClients clients = new MailClients(TestTls.socketFactory(gateway.testCaCertificate()));

            String direct = "before restart " + UUID.randomUUID();
            String viaAlias = "to the alias " + UUID.randomUUID();
            clients.sendStartTls(gateway.submissionPort(), SENDER, PASSWORD, clients.newMessage(SENDER, RECIPIENT, direct, "Bonjour"));
            clients.sendStartTls(gateway.submissionPort(), SENDER, PASSWORD, clients.newMessage(SENDER, "secretariat@" + DOMAIN, viaAlias, "Bonjour"));
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(clients.inboxSubjects(gateway.imapsPort(), true, RECIPIENT, PASSWORD)).contains(direct, viaAlias));

            gateway.restart();

            assertThat(gateway.data().listDomains()).contains(DOMAIN);
            assertThat(gateway.data().listUsers()).contains(SENDER, RECIPIENT);
            assertThat(gateway.data().listMappings().get("secretariat@" + DOMAIN).asStream())
                .contains(Mapping.alias(RECIPIENT));
            MailClients afterRestart = new MailClients(TestTls.socketFactory(gateway.testCaCertificate()));
            assertThat(afterRestart.inboxSubjects(gateway.imapsPort(), true, RECIPIENT, PASSWORD)).contains(direct, viaAlias);
        }
    }
}
