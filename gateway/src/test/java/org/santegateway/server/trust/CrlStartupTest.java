package org.santegateway.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.santegateway.server.settings.GatewayProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.GatewayServer;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.pki.dev.DevelopmentPki;
import org.santegateway.pki.PemFiles;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority;
import org.santegateway.server.startup.StartupFailure;
import org.santegateway.server.testing.GatewayTestServer;

/** A CRL file or revocation setting that cannot be used stops the start with one line, before James starts. */
class CrlStartupTest {
    @TempDir
    Path root;
    GatewaySettings settings;
    DevelopmentCertificateAuthority ca;

    @BeforeEach
    void prepareConfigurationAndCa() throws IOException {
        GatewayTestServer.copyConfiguration(root.resolve("config"), GatewayTestServer.freePort(), false);
        settings = new GatewaySettings(root.resolve("config"), root.resolve("data"));
        ca = DevelopmentCertificateAuthority.create(Clock.systemUTC());
        Files.createDirectories(settings.certsDirectory());
        ca.writeTo(settings.certsDirectory().resolve(DevelopmentPki.CA_CERTIFICATE_FILE),
            settings.certsDirectory().resolve(DevelopmentPki.CA_PRIVATE_KEY_FILE));
    }

    void append(String lines) throws IOException {
        Files.writeString(settings.file(GatewayProperties.FILE), "\n" + lines + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    @Test
    void aCrlOfTheAnchorShouldLetTheGatewayStart() throws IOException {
        Path crl = root.resolve("ca.crl");
        PemFiles.writeCrl(crl, ca.issueCrl(List.of(), Instant.now(), Instant.now().plus(Duration.ofDays(3)), BigInteger.ONE));
        append("smime.crls=" + crl + "\noperators.revocation=crl");

        assertThatCode(() -> GatewayServer.prepare(settings, Clock.systemUTC())).doesNotThrowAnyException();
    }

    @Test
    void aCrlSignedByAnotherCaShouldStopTheStartNamingTheFile() throws IOException {
        Path crl = root.resolve("stranger.crl");
        DevelopmentCertificateAuthority stranger = DevelopmentCertificateAuthority.create(Clock.systemUTC());
        PemFiles.writeCrl(crl, stranger.issueCrl(List.of(), Instant.now(), Instant.now().plus(Duration.ofDays(3)), BigInteger.ONE));
        append("smime.crls=" + crl);

        assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
            .isInstanceOf(StartupFailure.class)
            .hasMessageContaining("smime.crls")
            .hasMessageContaining(crl.toString())
            .hasMessageContaining("does not verify");
    }

    @Test
    void aMissingCrlFileShouldStopTheStart() throws IOException {
        append("smime.crls=/nonexistent/ac.crl");

        assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
            .isInstanceOf(StartupFailure.class)
            .hasMessageContaining("/nonexistent/ac.crl: missing");
    }

    @Test
    void aBadOperatorsRevocationShouldNameTheKey() throws IOException {
        append("operators.revocation=ocsp");

        assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
            .isInstanceOf(StartupFailure.class)
            .hasMessageContaining("operators.revocation");
        assertThat(settings.file(GatewayProperties.FILE)).exists();
    }
}
