package org.santegateway.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;

import javax.security.auth.x500.X500Principal;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.GatewayServer;
import org.santegateway.server.GatewaySettings;
import org.santegateway.pki.PemFiles;
import org.santegateway.server.operator.OperatorMaterial;
import org.santegateway.server.startup.StartupFailure;
import org.santegateway.server.testing.GatewayTestServer;

/** The gateway does not start without a usable trust list; the trust space material is prepared on first start. */
class TrustStartupTest {
    @TempDir
    Path root;
    GatewaySettings settings;

    @BeforeEach
    void copyConfiguration() {
        GatewayTestServer.copyConfiguration(root.resolve("config"), GatewayTestServer.freePort(), false);
        settings = new GatewaySettings(root.resolve("config"), root.resolve("data"));
    }

    @Test
    void shippedConfigurationShouldPrepareTheOperatorMaterial() throws Exception {
        GatewayServer.prepare(settings, Clock.systemUTC());

        Path certs = settings.certsDirectory();
        assertThat(PemFiles.certificates(certs.resolve(OperatorMaterial.OPERATOR_CERTIFICATE)).get(0).getSubjectX500Principal())
            .isEqualTo(new X500Principal("CN=localhost, OU=MSSante operator, O=Sante Gateway development PKI, C=FR"));
        assertThat(certs.resolve("smime/localhost.pem")).exists();
        assertThat(certs.resolve("smime/localhost.key")).exists();
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        try (var input = Files.newInputStream(certs.resolve(OperatorMaterial.ANCHORS_STORE))) {
            anchors.load(input, new char[0]);
        }
        assertThat(anchors.size()).isEqualTo(1);
    }

    @Test
    void missingTrustListSettingShouldStopTheStart() throws IOException {
        rewrite("trust.list.file=liste-blanche-mssante.xml", "");

        assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
            .isInstanceOf(StartupFailure.class)
            .hasMessageContaining("trust.list.file")
            .hasMessageContaining("required");
    }

    @Test
    void missingTrustListFileShouldStopTheStart() throws IOException {
        Files.delete(settings.file("liste-blanche-mssante.xml"));

        assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
            .isInstanceOf(StartupFailure.class)
            .hasMessageStartingWith("Trust list not loaded, the gateway does not start");
    }

    @Test
    void trustListFailingItsChecksumShouldStopTheStart() throws IOException {
        Path list = settings.file("liste-blanche-mssante.xml");
        Files.writeString(list, Files.readString(list, StandardCharsets.UTF_8).replace("adsea29", "adsea92"), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
            .isInstanceOf(StartupFailure.class)
            .hasMessageStartingWith("Trust list not loaded")
            .hasMessageContaining("SHA-256");
    }

    @Test
    void malformedLocalAdditionShouldNameTheKey() throws IOException {
        Files.writeString(settings.file("gateway.properties"), "\ntrust.local.partner=partner.example.fr\n", StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
            .isInstanceOf(StartupFailure.class)
            .hasMessageContaining("trust.local.partner");
    }

    @Test
    void missingTrustAnchorShouldNameTheKey() throws IOException {
        rewrite("trust.anchors=certs/test-ca.pem", "trust.anchors=/nonexistent/igc-sante.pem");

        assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
            .isInstanceOf(StartupFailure.class)
            .hasMessageContaining("trust.anchors")
            .hasMessageContaining("/nonexistent/igc-sante.pem");
    }

    private void rewrite(String from, String to) throws IOException {
        Path file = settings.file("gateway.properties");
        String content = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(content).contains(from);
        Files.writeString(file, content.replace(from, to), StandardCharsets.UTF_8);
    }
}
