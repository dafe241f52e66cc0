package org.santegateway.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.startup.StartupFailure;

class WebAdminSettingsTest {
    @Test
    void maxTokenLifetimeShouldDefaultToADay() {
        assertThat(WebAdminSettings.from(GatewayProperties.none()).maxTokenLifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(WebAdminSettings.from(properties(" ")).maxTokenLifetime()).isEqualTo(Duration.ofHours(24));
    }

    @ParameterizedTest
    @CsvSource({"30m, PT30M", "8h, PT8H", "3600s, PT1H", " 2H , PT2H", "PT24H, PT24H", "1d, PT24H"})
    void maxTokenLifetimeShouldBeReadAsADuration(String value, Duration expected) {
        assertThat(WebAdminSettings.from(properties(value)).maxTokenLifetime()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"forever", "24", "h", "1.5h", "-1h", "99999999999999999h"})
    void malformedMaxTokenLifetimeShouldNameTheSetting(String value) {
        assertThatThrownBy(() -> WebAdminSettings.from(properties(value)))
            .isInstanceOf(StartupFailure.class)
            .hasMessageStartingWith("gateway.properties: webadmin.token.max.lifetime: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "0h", "PT0S", "-PT1H"})
    void zeroMaxTokenLifetimeShouldBeRefused(String value) {
        assertThatThrownBy(() -> WebAdminSettings.from(properties(value)))
            .isInstanceOf(StartupFailure.class)
            .hasMessage("gateway.properties: webadmin.token.max.lifetime: must be positive");
    }

    private static GatewayProperties properties(String maxLifetime) {
        return GatewayProperties.of(Map.of(WebAdminSettings.TOKEN_MAX_LIFETIME, maxLifetime));
    }
}
