package org.santegateway.server.notices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.startup.StartupFailure;

class NoticeSettingsTest {
    static GatewayProperties properties(String postmaster) {
        return postmaster == null ? GatewayProperties.none() : GatewayProperties.of(Map.of(NoticeSettings.POSTMASTER, postmaster));
    }

    @Test
    void addressOfAnSmimeDomainShouldBeThePostmaster() throws Exception {
        assertThat(NoticeSettings.from(properties(" postmaster@Gateway-B.test "), List.of("gateway-b.test")).postmaster())
            .isEqualTo(new MailAddress("postmaster@gateway-b.test"));
    }

    @Test
    void missingSettingShouldDefaultToThePostmasterOfTheFirstSmimeDomain() throws Exception {
        assertThat(NoticeSettings.from(properties(null), List.of("gateway-b.test", "other.test")).postmaster())
            .isEqualTo(new MailAddress("postmaster@gateway-b.test"));
    }

    @Test
    void addressOfAnotherDomainShouldStopTheStartNamingTheSetting() {
        assertThatThrownBy(() -> NoticeSettings.from(properties("postmaster@localhost"), List.of("gateway-b.test")))
            .isInstanceOf(StartupFailure.class)
            .hasMessageStartingWith("gateway.properties: postmaster.address: must be an address of a domain of this gateway")
            .hasMessageContaining("gateway-b.test");
    }

    @Test
    void malformedAddressShouldStopTheStartNamingTheSetting() {
        assertThatThrownBy(() -> NoticeSettings.from(properties("postmaster at gateway-b"), List.of("gateway-b.test")))
            .isInstanceOf(StartupFailure.class)
            .hasMessage("gateway.properties: postmaster.address: is not an e-mail address");
    }

    @Test
    void missingSettingWithoutSmimeDomainShouldStopTheStart() {
        assertThatThrownBy(() -> NoticeSettings.from(properties(null), List.of()))
            .isInstanceOf(StartupFailure.class)
            .hasMessageStartingWith("gateway.properties: postmaster.address: is required");
    }
}
