package org.santegateway.server.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.GatewaySettings;
import org.santegateway.pki.PemFiles;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.startup.StartupFailure;
import org.santegateway.pki.RevocationPolicy;
import org.santegateway.server.trust.TrustSettings;

class RevocationSettingsTest {
    @TempDir
    Path root;

    RevocationSettings settings(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        values.put(TrustSettings.LIST_FILE, "liste-blanche-mssante.xml");
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        GatewayProperties properties = GatewayProperties.of(values);
        GatewaySettings gateway = new GatewaySettings(root.resolve("config"), root.resolve("data"));
        return RevocationSettings.from(properties, gateway, TrustSettings.from(properties, gateway));
    }

    @Test
    void operatorsRevocationShouldFollowTheSmimeSettingByDefault() {
        assertThat(settings(TrustSettings.SMIME_REVOCATION, "crl").operators()).isEqualTo(RevocationPolicy.REQUIRE_CRL);
        assertThat(settings(TrustSettings.SMIME_REVOCATION, "none").operators()).isEqualTo(RevocationPolicy.NONE);
    }

    @Test
    void operatorsRevocationShouldBeSetOnItsOwn() {
        RevocationSettings settings = settings(TrustSettings.SMIME_REVOCATION, "none", RevocationSettings.OPERATORS_REVOCATION, "CRL");

        assertThat(settings.smime()).isEqualTo(RevocationPolicy.NONE);
        assertThat(settings.operators()).isEqualTo(RevocationPolicy.REQUIRE_CRL);
        assertThat(settings.crlRequired()).isTrue();
    }

    @Test
    void aBadPolicyShouldStopTheStartNamingTheKey() {
        assertThatThrownBy(() -> settings(RevocationSettings.OPERATORS_REVOCATION, "ocsp"))
            .isInstanceOf(StartupFailure.class)
            .hasMessageContaining(RevocationSettings.OPERATORS_REVOCATION)
            .hasMessageContaining("crl or none");
    }

    @Test
    void pollIntervalAndFilesShouldBeRead() {
        RevocationSettings settings = settings(RevocationSettings.CRL_POLL, "5m", TrustSettings.SMIME_CRLS, "crl/a.crl, /etc/b.crl");

        assertThat(settings.pollInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.crls()).containsExactly(root.resolve("data/crl/a.crl"), Path.of("/etc/b.crl"));
        assertThat(settings().pollInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aBadPollIntervalShouldStopTheStart() {
        assertThatThrownBy(() -> settings(RevocationSettings.CRL_POLL, "0s"))
            .isInstanceOf(StartupFailure.class).hasMessageContaining(RevocationSettings.CRL_POLL);
    }

    @Test
    void intermediatesShouldBeCaCertificatesIssuedByAnAnchor() throws Exception {
        DevelopmentCertificateAuthority anchor = DevelopmentCertificateAuthority.create(Clock.systemUTC());
        DevelopmentCertificateAuthority stranger = DevelopmentCertificateAuthority.create(Clock.systemUTC());
        PemFiles.writeCertificates(root.resolve("stranger.pem"), List.of(stranger.certificate()));
        PemFiles.writeCertificates(root.resolve("leaf.pem"), List.of(anchor.issueEndEntity("CN=leaf, C=FR", List.of("localhost"),
            List.of(), Duration.ofDays(1)).certificate()));

        assertThatThrownBy(() -> settings(RevocationSettings.INTERMEDIATES, root.resolve("stranger.pem").toString())
            .intermediates(List.of(anchor.certificate())))
            .isInstanceOf(StartupFailure.class).hasMessageContaining("issued by no trust anchor");
        assertThatThrownBy(() -> settings(RevocationSettings.INTERMEDIATES, root.resolve("leaf.pem").toString())
            .intermediates(List.of(anchor.certificate())))
            .isInstanceOf(StartupFailure.class).hasMessageContaining("not a CA certificate");
        assertThat(settings().intermediates(List.of(anchor.certificate()))).isEmpty();
    }
}
