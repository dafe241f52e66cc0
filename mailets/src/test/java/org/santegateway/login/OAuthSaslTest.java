package org.santegateway.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OAuthSaslTest {
    static String b64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    @Nested
    class XOAuth2 {
        @Test
        void parseShouldReturnTheUserAndTheToken() {
            assertThat(OAuthSasl.parse("XOAUTH2", b64("user=dr@h.fr\u0001auth=Bearer abc.def.ghi\u0001\u0001")))
                .contains(new OAuthSasl.InitialResponse("abc.def.ghi", Optional.of("dr@h.fr")));
        }

        @Test
        void parseShouldAcceptAnEmptyUser() {
            assertThat(OAuthSasl.parse("xoauth2", b64("user=\u0001auth=Bearer t\u0001\u0001")))
                .contains(new OAuthSasl.InitialResponse("t", Optional.empty()));
        }

        @Test
        void parseShouldRefuseAnotherScheme() {
            assertThat(OAuthSasl.parse("XOAUTH2", b64("user=a@b\u0001auth=Basic dXNlcjpw\u0001\u0001"))).isEmpty();
        }
    }

    @Nested
    class OAuthBearer {
        @Test
        void parseShouldReturnTheAuthzidAndTheToken() {
            assertThat(OAuthSasl.parse("OAUTHBEARER", b64("n,a=dr@h.fr,\u0001host=server\u0001port=993\u0001auth=Bearer tok\u0001\u0001")))
                .contains(new OAuthSasl.InitialResponse("tok", Optional.of("dr@h.fr")));
        }

        @Test
        void parseShouldDecodeEscapedCommasAndEquals() {
            assertThat(OAuthSasl.parse("OAUTHBEARER", b64("n,a=x=2Cy=3Dz@h.fr,\u0001auth=Bearer tok\u0001\u0001")).orElseThrow().authzid())
                .contains("x,y=z@h.fr");
        }

        @Test
        void parseShouldAcceptNoAuthzid() {
            assertThat(OAuthSasl.parse("OAUTHBEARER", b64("n,,\u0001auth=Bearer tok\u0001\u0001")))
                .contains(new OAuthSasl.InitialResponse("tok", Optional.empty()));
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "p=tls-unique,,\u0001auth=Bearer tok\u0001\u0001",
            "n,a=bad=2Xescape,\u0001auth=Bearer tok\u0001\u0001",
            "n,,auth=Bearer tok",
            "n,,\u0001host=server\u0001\u0001",
            "n,,\u0001auth=Bearer \u0001\u0001",
            "n,,\u0001auth=Bearer to k\u0001\u0001",
            "n,x=y,\u0001auth=Bearer tok\u0001\u0001"
        })
        void parseShouldRefuseMalformedMessages(String message) {
            assertThat(OAuthSasl.parse("OAUTHBEARER", b64(message))).isEmpty();
        }
    }

    @Test
    void parseShouldRefuseWhatIsNotBase64OrTooLong() {
        assertThat(OAuthSasl.parse("OAUTHBEARER", "not base64 !")).isEmpty();
        assertThat(OAuthSasl.parse("OAUTHBEARER", "")).isEmpty();
        assertThat(OAuthSasl.parse("XOAUTH2", "A".repeat(OAuthSasl.MAX_ENCODED_LENGTH + 4))).isEmpty();
    }

    @Test
    void errorChallengeShouldBeTheJsonOfRfc7628() {
        String json = new String(Base64.getDecoder().decode(
            OAuthSasl.errorChallenge("invalid_token", "openid", Optional.of("https://psc.test/.well-known/openid-configuration"))), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"status\":\"invalid_token\",\"schemes\":\"bearer\",\"scope\":\"openid\","
            + "\"openid-configuration\":\"https://psc.test/.well-known/openid-configuration\"}");
    }

    @Test
    void statusShouldSayInsufficientScopeForAMailboxNotBound() {
        assertThat(OAuthSasl.status(TokenLogins.Outcome.NOT_BOUND)).isEqualTo("insufficient_scope");
        assertThat(OAuthSasl.status(TokenLogins.Outcome.INVALID_TOKEN)).isEqualTo("invalid_token");
    }
}
