package org.santegateway.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.santegateway.server.startup.StartupFailure;

class WebAdminSettingsTest {
    @Test
    void maxTokenLifetimeShouldDefaultToADay() {
        assertThat(WebAdminSettings.from(new Properties()).maxTokenLifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(WebAdminSettings.from(properties(" ")).maxTokenLifetime()).isEqualTo(Duration.ofHours(24));
    }

    @ParameterizedTest
    @CsvSource({"30m, PT30M", "8h, PT8H", "3600s, PT1H", " 2H , PT2H"})
    void maxTokenLifetimeShouldBeReadInSecondsMinutesOrHours(String value, Duration expected) {
        assertThat(WebAdminSettings.from(properties(value)).maxTokenLifetime()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"forever", "24", "h", "1.5h", "PT24H", "-1h", "99999999999999999h"})
    void malformedMaxTokenLifetimeShouldNameTheSetting(String value) {
        assertThatThrownBy(() -> WebAdminSettings.from(properties(value)))
            .isInstanceOf(StartupFailure.class)
            .hasMessageStartingWith("gateway.properties: webadmin.token.max.lifetime: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "0h"})
    void zeroMaxTokenLifetimeShouldBeRefused(String value) {
        assertThatThrownBy(() -> WebAdminSettings.from(properties(value)))
            .isInstanceOf(StartupFailure.class)
            .hasMessage("gateway.properties: webadmin.token.max.lifetime: must be positive");
    }

    private static Properties properties(String maxLifetime) {
        Properties properties = new Properties();
        properties.setProperty(WebAdminSettings.TOKEN_MAX_LIFETIME, maxLifetime);
        return properties;
    }
}
