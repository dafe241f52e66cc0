package org.santegateway.server.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.startup.StartupFailure;

class GatewayPropertiesTest {
    private static GatewayProperties with(String key, String value) {
        return GatewayProperties.of(Map.of(key, value));
    }

    @Nested
    class Loading {
        @TempDir
        Path root;

        GatewaySettings settings() {
            return new GatewaySettings(root.resolve("config"), root.resolve("data"));
        }

        @Test
        void loadShouldReadTheFileAsUtf8() throws IOException {
            Files.createDirectories(root.resolve("config"));
            Files.writeString(root.resolve("config/gateway.properties"), "# comment\nwebmail.public.url=https://santé.example/\n",
                StandardCharsets.UTF_8);

            assertThat(GatewayProperties.load(settings()).string("webmail.public.url")).contains("https://santé.example/");
        }

        @Test
        void loadShouldKeepTheLastValueOfAKeyGivenTwice() throws IOException {
            Files.createDirectories(root.resolve("config"));
            Files.writeString(root.resolve("config/gateway.properties"), "smime.domains=a.test\nsmime.domains=b.test\n",
                StandardCharsets.UTF_8);

            assertThat(GatewayProperties.load(settings()).string("smime.domains")).contains("b.test");
        }

        @Test
        void loadShouldGiveNoSettingWhenThereIsNoFile() {
            assertThat(GatewayProperties.load(settings()).string("trust.list.file")).isEmpty();
        }

        @Test
        void loadShouldNameTheFileWhenItIsMalformed() throws IOException {
            Files.createDirectories(root.resolve("config"));
            Files.writeString(root.resolve("config/gateway.properties"), "key=\\u12\n", StandardCharsets.UTF_8);

            assertThatThrownBy(() -> GatewayProperties.load(settings()))
                .isInstanceOf(StartupFailure.class)
                .hasMessageContaining("gateway.properties: cannot be read");
        }
    }

    @Nested
    class Strings {
        @Test
        void stringShouldBeStrippedAndBlankShouldBeAbsent() {
            assertThat(with("k", "  value \t").string("k")).contains("value");
            assertThat(with("k", "   ").string("k")).isEmpty();
            assertThat(with("k", "   ").string("k", "default")).isEqualTo("default");
            assertThat(GatewayProperties.none().string("k", "default")).isEqualTo("default");
        }

        @Test
        void listShouldSplitOnCommasAndDropEmptyItems() {
            assertThat(with("k", " a.test, b.test,,c.test ,").list("k")).containsExactly("a.test", "b.test", "c.test");
            assertThat(with("k", " ").list("k")).isEmpty();
            assertThat(GatewayProperties.none().list("k")).isEmpty();
        }

        @Test
        void withPrefixShouldListTheKeysAfterThePrefixInOrder() {
            GatewayProperties properties = GatewayProperties.of(Map.of("trust.local.b", " b ", "trust.local.a", "a", "trust.local.", "x",
                "trust.list.file", "f"));

            assertThat(properties.withPrefix("trust.local.")).containsExactly(Map.entry("trust.local.a", "a"), Map.entry("trust.local.b", "b"));
        }
    }

    @Nested
    class Booleans {
        @ParameterizedTest
        @CsvSource({"true, true", "FALSE, false", " True , true"})
        void boolShouldReadTrueOrFalseInAnyCase(String value, boolean expected) {
            assertThat(with("webmail.enabled", value).bool("webmail.enabled", !expected)).isEqualTo(expected);
        }

        @Test
        void boolShouldDefaultWhenBlank() {
            assertThat(with("webmail.enabled", " ").bool("webmail.enabled", true)).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"yes", "1", "on", "tru"})
        void boolShouldRefuseAnythingElseNamingTheSetting(String value) {
            assertThatThrownBy(() -> with("webmail.enabled", value).bool("webmail.enabled", true))
                .isInstanceOf(StartupFailure.class)
                .hasMessage("gateway.properties: webmail.enabled: '" + value + "' is not true or false");
        }
    }

    @Nested
    class Numbers {
        @Test
        void integerShouldBeReadWithinItsBounds() {
            assertThat(with("webmail.port", " 8443 ").integer("webmail.port", 1, 0, 65535)).isEqualTo(8443);
            assertThat(with("webmail.port", "").integer("webmail.port", 1, 0, 65535)).isEqualTo(1);
        }

        @ParameterizedTest
        @CsvSource({"eight, '''eight'' is not a whole number'", "1.5, '''1.5'' is not a whole number'",
            "-1, must be at least 0", "65536, must be at most 65535", "99999999999999999999, '''99999999999999999999'' is not a whole number'"})
        void integerShouldNameTheSettingWhenMalformedOrOutOfBounds(String value, String problem) {
            assertThatThrownBy(() -> with("webmail.port", value).integer("webmail.port", 1, 0, 65535))
                .isInstanceOf(StartupFailure.class)
                .hasMessage("gateway.properties: webmail.port: " + problem);
        }

        @Test
        void wholeNumberShouldReadBeyondAnInt() {
            assertThat(with("patient.max.message.size", "5000000000").wholeNumber("patient.max.message.size", 1, 1, Long.MAX_VALUE))
                .isEqualTo(5_000_000_000L);
        }
    }

    @Nested
    class DurationValues {
        @ParameterizedTest
        @CsvSource({"PT15M, PT15M", "pt15m, PT15M", "P1D, PT24H", "PT0.25S, PT0.25S", "500ms, PT0.5S", "90s, PT1M30S", "90S, PT1M30S",
            "15m, PT15M", "2h, PT2H", "2H, PT2H", "7d, PT168H", " 8h , PT8H"})
        void durationShouldBeReadInEitherForm(String value, Duration expected) {
            assertThat(with("k", value).positiveDuration("k", Duration.ofSeconds(1))).isEqualTo(expected);
        }

        @Test
        void durationShouldDefaultWhenAbsentOrBlank() {
            assertThat(with("k", " ").positiveDuration("k", Duration.ofMinutes(15))).isEqualTo(Duration.ofMinutes(15));
            assertThat(GatewayProperties.none().nonNegativeDuration("k", Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
        }

        @ParameterizedTest
        @ValueSource(strings = {"15 minutes", "forever", "15", "h", "1.5h", "15min", "P6M", "P1Y", "PT", "99999999999999999d", "s15"})
        void malformedDurationShouldNameTheSetting(String value) {
            assertThatThrownBy(() -> with("webmail.session.idle", value).positiveDuration("webmail.session.idle", Duration.ofMinutes(1)))
                .isInstanceOf(StartupFailure.class)
                .hasMessage("gateway.properties: webmail.session.idle: '" + value + "' is not a duration such as 90s, 15m, 8h, 7d or PT15M");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0s", "PT0S", "-PT5M"})
        void positiveDurationShouldRefuseZeroAndNegative(String value) {
            assertThatThrownBy(() -> with("mail.login.lockout", value).positiveDuration("mail.login.lockout", Duration.ofMinutes(1)))
                .isInstanceOf(StartupFailure.class)
                .hasMessage("gateway.properties: mail.login.lockout: must be positive");
        }

        @Test
        void nonNegativeDurationShouldTakeZeroAndRefuseNegative() {
            assertThat(with("directory.cache.max.age", "PT0S").nonNegativeDuration("directory.cache.max.age", Duration.ofSeconds(10)))
                .isZero();
            assertThat(with("directory.cache.max.age", "0s").nonNegativeDuration("directory.cache.max.age", Duration.ofSeconds(10)))
                .isZero();
            assertThatThrownBy(() -> with("directory.cache.max.age", "-PT1S").nonNegativeDuration("directory.cache.max.age", Duration.ZERO))
                .isInstanceOf(StartupFailure.class)
                .hasMessage("gateway.properties: directory.cache.max.age: must not be negative");
        }

        @Test
        void aBareNumberShouldBeSecondsOnlyWhereItAlwaysWas() {
            assertThat(with("crl.poll.interval", "60").positiveDurationOrSeconds("crl.poll.interval", Duration.ofSeconds(1)))
                .isEqualTo(Duration.ofMinutes(1));
            assertThat(with("crl.poll.interval", "5m").positiveDurationOrSeconds("crl.poll.interval", Duration.ofSeconds(1)))
                .isEqualTo(Duration.ofMinutes(5));
            assertThatThrownBy(() -> with("crl.poll.interval", "0").positiveDurationOrSeconds("crl.poll.interval", Duration.ofSeconds(1)))
                .isInstanceOf(StartupFailure.class)
                .hasMessage("gateway.properties: crl.poll.interval: must be positive");
        }
    }

    @Nested
    class AddressesAndPaths {
        @Test
        void addressShouldBeAnEmailAddress() {
            assertThat(with("postmaster.address", " postmaster@gateway.test ").address("postmaster.address"))
                .hasValueSatisfying(address -> assertThat(address.asString()).isEqualTo("postmaster@gateway.test"));
            assertThat(with("postmaster.address", "").address("postmaster.address")).isEmpty();
        }

        @Test
        void malformedAddressShouldNameTheSetting() {
            assertThatThrownBy(() -> with("webmail.notification.sender", "nobody at all").address("webmail.notification.sender"))
                .isInstanceOf(StartupFailure.class)
                .hasMessage("gateway.properties: webmail.notification.sender: is not an e-mail address");
        }

        @Test
        void pathsShouldBeRelativeToTheirBaseOrAbsolute() {
            Path base = Path.of("/srv/gateway/data");

            assertThat(with("trust.anchors", "certs/a.pem, /etc/b.pem").paths("trust.anchors", base))
                .containsExactly(Path.of("/srv/gateway/data/certs/a.pem"), Path.of("/etc/b.pem"));
            assertThat(with("trust.list.file", "../list.xml").path("trust.list.file", base)).contains(Path.of("/srv/gateway/list.xml"));
            assertThat(GatewayProperties.none().path("trust.list.file", base)).isEmpty();
        }
    }

    @Test
    void failureShouldNameTheFileAndTheSetting() {
        assertThat(GatewayProperties.failure("relay.routes", "is wrong")).hasMessage("gateway.properties: relay.routes: is wrong");
    }

    @Test
    void valuesShouldNotChangeAfterwards() {
        java.util.HashMap<String, String> source = new java.util.HashMap<>(Map.of("k", "v"));
        GatewayProperties properties = GatewayProperties.of(source);
        source.put("k", "changed");

        assertThat(properties.string("k")).contains("v");
        assertThat(properties.list("k")).isEqualTo(List.of("v"));
    }
}
