package org.santegateway.server.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.admin.WebAdminTokens;
import org.santegateway.server.audit.AuditCodec;
import org.santegateway.server.audit.AuditRecord;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.settings.NodeIdentity;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.SmtpDialog;
import org.santegateway.server.testing.TestTls;

/**
 * What an operator sees of a running gateway: Prometheus metrics (James's and the gateway's),
 * health checks, and an audit trail that holds the expected records and verifies.
 */
class ObservabilityIntegrationTest {
    static final String DOMAIN = "hopital-test.fr";
    static final String PATIENT_DOMAIN = "patient.mssante.fr";
    static final String MARTIN = "dr.martin@" + DOMAIN;
    static final String DURAND = "dr.durand@" + DOMAIN;
    static final String PATIENT = "185057800608491@" + PATIENT_DOMAIN;
    static final String PASSWORD = "correct horse battery staple";

    @TempDir
    static Path root;
    static GatewayTestServer gateway;
    static MailClients clients;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayTestServer.prepare(root).start();
        gateway.data().addDomain(DOMAIN);
        gateway.data().addDomain(PATIENT_DOMAIN);
        gateway.data().addUser(MARTIN, PASSWORD);
        gateway.data().addUser(DURAND, PASSWORD);
        gateway.data().addUser(PATIENT, PASSWORD);
        clients = new MailClients(TestTls.socketFactory(gateway.testCaCertificate()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void prometheusEndpointShouldRefuseUnauthenticatedRequests() throws Exception {
        assertThat(webAdmin("/gateway/metrics", null).statusCode()).isEqualTo(401);
    }

    @Test
    void prometheusEndpointShouldExposeJamesAndGatewayMetricsAfterMailFlows() throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(gateway.submissionPort())) {
            smtp.read();
            smtp.send("EHLO client.example.org");
            assertThat(smtp.send("MAIL FROM:<" + MARTIN + ">")).startsWith("530");
        }
        String subject = "metrics " + UUID.randomUUID();
        clients.sendStartTls(gateway.submissionPort(), MARTIN, PASSWORD, clients.newMessage(MARTIN, PATIENT, subject, "Bonjour"));
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
            assertThat(clients.inboxSubjects(gateway.imapsPort(), true, PATIENT, PASSWORD)).contains(subject));

        HttpResponse<String> response = webAdmin("/gateway/metrics", token());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body())
            .contains("james_SMTP_DATA_seconds_count")
            .contains("james_LocalDelivery_seconds_count")
            .contains("james_IMAP_FETCH_seconds_count")
            .contains("jvm_memory_used_bytes")
            .contains("gateway_certificate_expiry_days{certificate=\"smtpserver.xml:smtpserver[1].tls.certificates\"")
            .contains("gateway_certificate_expiry_days{certificate=\"gateway.properties:trust.anchors\"")
            .contains("gateway_certificate_expiry_days{certificate=\"gateway.properties:smime.domains[localhost]\"")
            .contains("gateway_conversation_decision_total")
            .contains("gateway_messages_total{channel=\"submission\",direction=\"in\",outcome=\"accepted\",reason=\"none\",")
            .contains("gateway_messages_total{channel=\"submission\",direction=\"out\",outcome=\"delivered\",reason=\"none\",")
            .contains("gateway_delivery_latency_seconds_bucket{outcome=\"delivered\"")
            .contains("gateway_smtp_refusals_total{reason=\"tls_required\",")
            .containsPattern("(?m)^james_mailQueueSize_spool [0-9]")
            .doesNotContain("NaN");
    }

    @Test
    void healthCheckShouldReportTheDatabaseAndTheCertificates() throws Exception {
        HttpResponse<String> response = webAdmin("/healthcheck", token());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"Database\"").contains("\"Certificates\"").doesNotContain("unhealthy");
    }

    @Test
    void auditTrailShouldHoldTheScenarioAndVerify() throws Exception {
        assertThatThrownBy(() -> clients.login(gateway.imapStartTlsPort(), MARTIN, "wrong password"))
            .isInstanceOf(javax.mail.AuthenticationFailedException.class);
        clients.login(gateway.imapStartTlsPort(), MARTIN, PASSWORD);
        String opened = "audit " + UUID.randomUUID();
        clients.sendStartTls(gateway.submissionPort(), MARTIN, PASSWORD, clients.newMessage(MARTIN, PATIENT, opened, "Bonjour"));
        // Refused: a new message of the patient to a professional who never wrote to them.
        assertThatThrownBy(() -> clients.sendStartTls(gateway.submissionPort(), PATIENT, PASSWORD,
                clients.newMessage(PATIENT, DURAND, "new from patient", "Bonjour")))
            .isInstanceOf(MessagingException.class);

        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            List<AuditRecord> records = records();
            assertThat(records).extracting(record -> record.action() + "/" + record.outcome())
                .contains("mailbox.auth/failure", "mailbox.auth/success", "smtp.auth/success",
                    "webadmin.request/accepted", "webadmin.request/refused", "message.in/accepted", "message.out/delivered");
            assertThat(records).anySatisfy(record -> assertThat(record.action()).startsWith("conversation"));
            assertThat(records).anySatisfy(record -> assertThat(record.outcome()).isEqualTo("refused"));
        });
        assertThat(String.join("\n", records().stream().map(AuditRecord::toString).toList()))
            .doesNotContain("185057800608491", MARTIN, "Bonjour", opened);

        HttpResponse<String> verify = webAdmin("/gateway/audit/verify", token());
        assertThat(verify.statusCode()).isEqualTo(200);
        assertThat(verify.body()).contains("\"valid\":true");
        String node = NodeIdentity.from(GatewayProperties.none()).id();
        assertThat(verify.body()).contains("\"node\":\"" + node + "\"");
        assertThat(records()).allSatisfy(record -> assertThat(record.node()).contains(node));
    }

    @Test
    void nodeListShouldNameThisNodeAndNeedTheToken() throws Exception {
        assertThat(webAdmin("/gateway/nodes", null).statusCode()).isEqualTo(401);

        HttpResponse<String> nodes = webAdmin("/gateway/nodes", token());

        assertThat(nodes.statusCode()).isEqualTo(200);
        String node = NodeIdentity.from(GatewayProperties.none()).id();
        assertThat(nodes.body()).startsWith("{\"self\":\"" + node + "\",\"nodes\":[{\"id\":\"" + node + "\",\"firstStarted\":\"")
            .contains("\"eventBus\":\"in-vm\"");
    }

    @Test
    void forgettingANodeShouldNeedTheTokenAndNeverForgetTheNodeAnswering() throws Exception {
        String node = NodeIdentity.from(GatewayProperties.none()).id();
        assertThat(webAdmin("DELETE", "/gateway/nodes/gw-old", null).statusCode()).isEqualTo(401);

        HttpResponse<String> unknown = webAdmin("DELETE", "/gateway/nodes/gw-old", token());
        HttpResponse<String> self = webAdmin("DELETE", "/gateway/nodes/" + node, token());

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("No node gw-old started on this database");
        assertThat(self.statusCode()).isEqualTo(409);
        assertThat(webAdmin("/gateway/nodes", token()).body()).contains("{\"id\":\"" + node + "\"");
    }

    private List<AuditRecord> records() throws Exception {
        webAdmin("/gateway/audit/records", null);
        HttpResponse<String> response = webAdmin("/gateway/audit/records", token());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body().lines().map(AuditCodec::parse).toList();
    }

    private static String token() throws Exception {
        return WebAdminTokens.fromDataDirectory(gateway.settings(), Clock.systemUTC()).issue("admin", Duration.ofMinutes(5));
    }

    private static HttpResponse<String> webAdmin(String path, String token) throws Exception {
        return webAdmin("GET", path, token);
    }

    private static HttpResponse<String> webAdmin(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.webAdminPort() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
