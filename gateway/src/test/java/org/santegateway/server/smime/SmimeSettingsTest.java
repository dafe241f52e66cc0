package org.santegateway.server.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.startup.StartupFailure;
import org.santegateway.smime.SignerMatch;

class SmimeSettingsTest {
    @Test
    void signerMatchShouldBeOrganisationWhenNotSet() {
        assertThat(SmimeSettings.from(GatewayProperties.none()).signerMatch()).isEqualTo(SignerMatch.ORGANISATION);
        assertThat(SmimeSettings.from(properties(" ")).signerMatch()).isEqualTo(SignerMatch.ORGANISATION);
    }

    @Test
    void signerMatchShouldTakeEachMode() {
        assertThat(SmimeSettings.from(properties("address")).signerMatch()).isEqualTo(SignerMatch.ADDRESS);
        assertThat(SmimeSettings.from(properties(" Domain ")).signerMatch()).isEqualTo(SignerMatch.DOMAIN);
        assertThat(SmimeSettings.from(properties("organisation")).signerMatch()).isEqualTo(SignerMatch.ORGANISATION);
    }

    @Test
    void anUnknownSignerMatchShouldStopTheStartNamingTheKey() {
        assertThatThrownBy(() -> SmimeSettings.from(properties("none")))
            .isInstanceOf(StartupFailure.class)
            .hasMessage("gateway.properties: smime.signer.match: must be one of address, domain, organisation");
    }

    private static GatewayProperties properties(String signerMatch) {
        return GatewayProperties.of(Map.of(SmimeSettings.SIGNER_MATCH, signerMatch));
    }
}
