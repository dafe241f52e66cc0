package org.santegateway.server.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.santegateway.server.startup.StartupFailure;

class NodeIdentityTest {
    @Test
    void aConfiguredNameShouldBeKeptAsWritten() {
        assertThat(NodeIdentity.from(GatewayProperties.of(Map.of("node.id", "gw-paris-2"))).id()).isEqualTo("gw-paris-2");
    }

    @Test
    void withoutSettingTheHostNameShouldNameTheNode() {
        assertThat(NodeIdentity.from(GatewayProperties.none()).id()).matches("[a-z0-9][a-z0-9-]{0,39}");
        assertThat(NodeIdentity.ofHostName("MSS-Node3.hopital.example.fr").id()).isEqualTo("mss-node3");
    }

    @Test
    void aHostNameThatIsNoNodeNameShouldGiveTheFallback() {
        assertThat(NodeIdentity.ofHostName("_weird host").id()).isEqualTo(NodeIdentity.FALLBACK);
    }

    @Test
    void aMalformedNameShouldStopTheStartNamingTheSetting() {
        assertThatThrownBy(() -> NodeIdentity.from(GatewayProperties.of(Map.of("node.id", "node 1/../x"))))
            .isInstanceOf(StartupFailure.class)
            .hasMessageContaining("node.id")
            .hasMessageContaining("'node 1/../x' is not a node name");
        assertThatThrownBy(() -> NodeIdentity.from(GatewayProperties.of(Map.of("node.id", "n".repeat(41)))))
            .isInstanceOf(StartupFailure.class);
        assertThatThrownBy(() -> NodeIdentity.from(GatewayProperties.of(Map.of("node.id", "Node_1"))))
            .isInstanceOf(StartupFailure.class);
    }
}
