package org.santegateway.server.psc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.startup.StartupFailure;

class PscSettingsTest {
    @TempDir
    Path config;

    static Map<String, String> jwt() {
        Map<String, String> values = new HashMap<>();
        values.put(PscSettings.VALIDATION, "jwt");
        values.put(PscSettings.ISSUER, "https://psc.test/realm");
        values.put(PscSettings.AUDIENCES, "mail");
        values.put(PscSettings.JWKS_URL, "https://psc.test/realm/certs");
        return values;
    }

    PscSettings settings(Map<String, String> values) {
        return PscSettings.from(GatewayProperties.of(values), config);
    }

    @Nested
    class Startup {
        @Test
        void noSettingShouldMeanOff() {
            assertThat(settings(Map.of()).enabled()).isFalse();
        }

        @Test
        void jwtShouldNeedAnIssuerAnAudienceAndAKeySet() {
            for (String key : List.of(PscSettings.ISSUER, PscSettings.AUDIENCES, PscSettings.JWKS_URL)) {
                Map<String, String> values = jwt();
                values.remove(key);
                assertThatThrownBy(() -> settings(values)).isInstanceOf(StartupFailure.class).hasMessageContaining(key);
            }
        }

        @Test
        void anUnknownValidationShouldStopTheStart() {
            Map<String, String> values = jwt();
            values.put(PscSettings.VALIDATION, "userinfo");
            assertThatThrownBy(() -> settings(values)).hasMessageContaining(PscSettings.VALIDATION);
        }

        @Test
        void aMinimumLevelOutsideTheLevelsShouldStopTheStart() {
            Map<String, String> values = jwt();
            values.put(PscSettings.ACR_LEVELS, "eidas1,eidas2");
            values.put(PscSettings.ACR_MINIMUM, "eidas3");
            assertThatThrownBy(() -> settings(values)).hasMessageContaining(PscSettings.ACR_MINIMUM);
        }

        @Test
        void pscOnlyDomainsWithoutPscShouldStopTheStart() {
            assertThatThrownBy(() -> settings(Map.of(PscSettings.ONLY_DOMAINS, "cabinet.fr"))).hasMessageContaining(PscSettings.ONLY_DOMAINS);
        }

        @Test
        void aSecretReadableByOthersShouldStopTheStart() throws Exception {
            Path secret = Files.writeString(config.resolve("psc.secret"), "s3cret");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
            Map<String, String> values = jwt();
            values.put(PscSettings.VALIDATION, "introspection");
            values.put(PscSettings.INTROSPECTION_URL, "https://psc.test/realm/introspect");
            values.put(PscSettings.CLIENT_ID, "gateway");
            values.put(PscSettings.CLIENT_SECRET_FILE, "psc.secret");
            assertThatThrownBy(() -> settings(values)).hasMessageContaining("chmod 600");

            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            assertThat(settings(values).clientSecret()).contains("s3cret");
            assertThat(settings(values).toString()).doesNotContain("s3cret");
        }

        @Test
        void aKeySetThatIsNotAnHttpUrlShouldStopTheStart() {
            Map<String, String> values = jwt();
            values.put(PscSettings.JWKS_URL, "file:///etc/passwd");
            assertThatThrownBy(() -> settings(values)).hasMessageContaining(PscSettings.JWKS_URL);
        }
    }

    @Nested
    class Claims {
        static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

        ClaimRules rules() {
            Map<String, String> values = jwt();
            values.put(PscSettings.ACR_LEVELS, "eidas1,eidas2,eidas3");
            values.put(PscSettings.ACR_MINIMUM, "eidas2");
            return new ClaimRules(settings(values), Clock.fixed(NOW, ZoneOffset.UTC));
        }

        Map<String, Object> valid() {
            Map<String, Object> claims = new HashMap<>();
            claims.put("iss", "https://psc.test/realm");
            claims.put("aud", List.of("account"));
            claims.put("azp", "mail");
            claims.put("exp", NOW.plusSeconds(60).getEpochSecond());
            claims.put("acr", "eidas2");
            claims.put("preferred_username", "810001234567");
            return claims;
        }

        TokenCheck.Reason refusal(String claim, Object value) {
            Map<String, Object> claims = valid();
            claims.put(claim, value);
            return ((TokenCheck.Refused) rules().check(claims)).reason();
        }

        @Test
        void aValidTokenShouldGiveTheNationalIdentifier() {
            assertThat(rules().check(valid())).isEqualTo(new TokenCheck.Valid("810001234567", NOW.plusSeconds(60)));
        }

        @Test
        void eachWrongClaimShouldBeRefusedWithItsReason() {
            assertThat(refusal("iss", "https://other.test")).isEqualTo(TokenCheck.Reason.ISSUER);
            assertThat(refusal("azp", "other")).isEqualTo(TokenCheck.Reason.AUDIENCE);
            assertThat(refusal("exp", NOW.minusSeconds(31).getEpochSecond())).isEqualTo(TokenCheck.Reason.EXPIRED);
            assertThat(refusal("nbf", NOW.plusSeconds(31).getEpochSecond())).isEqualTo(TokenCheck.Reason.NOT_YET_VALID);
            assertThat(refusal("acr", "eidas1")).isEqualTo(TokenCheck.Reason.ACR);
            assertThat(refusal("acr", "unknown")).isEqualTo(TokenCheck.Reason.ACR);
            assertThat(refusal("preferred_username", "dr.martin")).isEqualTo(TokenCheck.Reason.IDENTIFIER);
        }

        @Test
        void theSkewShouldTolerateAJustExpiredToken() {
            Map<String, Object> claims = valid();
            claims.put("exp", NOW.minusSeconds(29).getEpochSecond());
            assertThat(rules().check(claims)).isInstanceOf(TokenCheck.Valid.class);
        }

        @Test
        void anAudienceListedInAudShouldBeEnough() {
            Map<String, Object> claims = valid();
            claims.remove("azp");
            claims.put("aud", "mail");
            assertThat(rules().check(claims)).isInstanceOf(TokenCheck.Valid.class);
        }
    }
}
