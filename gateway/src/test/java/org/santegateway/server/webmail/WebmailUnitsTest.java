package org.santegateway.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.santegateway.server.settings.GatewayProperties;
import org.apache.james.core.Username;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.santegateway.audit.ActorKind;
import org.santegateway.audit.AuditEvent;
import org.santegateway.server.login.LoginThrottle;

/** Sessions, login throttling, the HTML sanitiser and settings, without a server. */
class WebmailUnitsTest {
    static final Username PATIENT = Username.of("185057512345642@patient.mssante.fr");

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-15T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static WebmailSettings settings() {
        return WebmailSettings.from(GatewayProperties.none());
    }

    @Nested
    class Sessions {
        final MutableClock clock = new MutableClock();
        final WebmailSessions sessions = new WebmailSessions(settings(), clock);

        @Test
        void sessionShouldExpireAfterTheIdleTimeout() {
            String id = sessions.login(Optional.empty(), PATIENT).id();
            clock.advance(Duration.ofMinutes(14));
            assertThat(sessions.find(id)).isPresent();

            clock.advance(Duration.ofMinutes(16));

            assertThat(sessions.find(id)).isEmpty();
        }

        @Test
        void activeSessionShouldExpireAfterTheAbsoluteTimeout() {
            String id = sessions.login(Optional.empty(), PATIENT).id();
            for (int i = 0; i < 8 * 6 - 1; i++) {
                clock.advance(Duration.ofMinutes(10));
                assertThat(sessions.find(id)).isPresent();
            }

            clock.advance(Duration.ofMinutes(11));

            assertThat(sessions.find(id)).isEmpty();
        }

        @Test
        void loginShouldReplaceThePreviousSession() {
            WebmailSessions.Session anonymous = sessions.anonymous();

            WebmailSessions.Session signedIn = sessions.login(Optional.of(anonymous.id()), PATIENT);

            assertThat(signedIn.id()).isNotEqualTo(anonymous.id());
            assertThat(signedIn.csrf()).isNotEqualTo(anonymous.csrf());
            assertThat(sessions.find(anonymous.id())).isEmpty();
        }

        @Test
        void csrfShouldMatchOnlyTheSessionsToken() {
            WebmailSessions.Session session = sessions.anonymous();

            assertThat(session.csrfMatches(session.csrf())).isTrue();
            assertThat(session.csrfMatches("")).isFalse();
            assertThat(session.csrfMatches(sessions.anonymous().csrf())).isFalse();
        }
    }

    @Nested
    class Throttle {
        final MutableClock clock = new MutableClock();
        final List<AuditEvent> audit = new ArrayList<>();
        final LoginThrottle throttle = new LoginThrottle(settings().loginPolicy(), "webmail", ActorKind.PATIENT, audit::add, identifier -> "pseudo-" + identifier.length(), clock);

        @Test
        void delaysShouldGrowAndTheAccountLockAfterFiveFailures() {
            List<Duration> delays = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                assertThat(throttle.check("x@patient.mssante.fr")).isInstanceOf(LoginThrottle.Verdict.Allowed.class);
                delays.add(throttle.failed("x@patient.mssante.fr"));
            }

            assertThat(delays).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(4));
            assertThat(throttle.check("X@patient.mssante.fr")).isInstanceOf(LoginThrottle.Verdict.Locked.class);
            assertThat(audit).extracting(AuditEvent::action).contains("webmail.login.lockout");
            assertThat(audit).extracting(AuditEvent::actorId).allMatch(id -> id.startsWith("pseudo-"));
        }

        @Test
        void lockShouldEndAfterTheLockoutDuration() {
            for (int i = 0; i < 5; i++) {
                throttle.failed("x@patient.mssante.fr");
            }
            clock.advance(Duration.ofMinutes(16));

            assertThat(throttle.check("x@patient.mssante.fr")).isInstanceOf(LoginThrottle.Verdict.Allowed.class);
        }

        @Test
        void failuresAcrossAccountsFromOneClientShouldLockTheClientForTheLockoutDuration() throws Exception {
            java.net.InetAddress sprayer = java.net.InetAddress.getByName("192.0.2.7");
            java.net.InetAddress other = java.net.InetAddress.getByName("192.0.2.8");
            for (int i = 0; i < 20; i++) {
                assertThat(throttle.checkClient(sprayer)).isInstanceOf(LoginThrottle.Verdict.Allowed.class);
                throttle.failedFrom(sprayer);
                throttle.failed("account" + i + "@patient.mssante.fr");
                clock.advance(Duration.ofSeconds(10));
            }

            assertThat(throttle.checkClient(sprayer)).isInstanceOf(LoginThrottle.Verdict.Locked.class);
            assertThat(throttle.checkClient(other)).isInstanceOf(LoginThrottle.Verdict.Allowed.class);
            assertThat(audit).extracting(AuditEvent::action).contains("webmail.login.client-lockout");
            assertThat(audit).extracting(AuditEvent::actorId).noneMatch(id -> id.contains("192.0.2"));
            // Counted from its first failure: 15 minutes after it, the address may try again.
            clock.advance(Duration.ofMinutes(15).minus(Duration.ofSeconds(200)));
            assertThat(throttle.checkClient(sprayer)).isInstanceOf(LoginThrottle.Verdict.Allowed.class);
        }

        @Test
        void failuresSpreadOverMoreThanTheLockoutDurationShouldNotLockTheClient() throws Exception {
            java.net.InetAddress client = java.net.InetAddress.getByName("192.0.2.9");
            for (int i = 0; i < 40; i++) {
                throttle.failedFrom(client);
                clock.advance(Duration.ofMinutes(1));
            }

            assertThat(throttle.checkClient(client)).isInstanceOf(LoginThrottle.Verdict.Allowed.class);
        }

        @Test
        void successShouldResetTheFailures() {
            throttle.failed("x@patient.mssante.fr");
            throttle.failed("x@patient.mssante.fr");
            throttle.succeeded("x@patient.mssante.fr");

            assertThat(throttle.failed("x@patient.mssante.fr")).isEqualTo(Duration.ofMillis(250));
        }
    }

    @Nested
    class Sanitiser {
        @Test
        void scriptsHandlersImagesStylesAndFramesShouldBeRemovedAndTextKept() {
            String safe = MessageRenderer.sanitize("<p onclick=\"alert(1)\" style=\"background:url(http://x/y)\">Bonjour <b>vous</b></p>"
                + "<script>alert(2)</script><img src=\"http://x/i.png\" onerror=\"alert(3)\"><iframe src=\"http://x\"></iframe>"
                + "<style>body{background:url(http://x/z)}</style><a href=\"javascript:alert(4)\">lien</a>"
                + "<a href=\"https://exemple.fr\">site</a><svg onload=\"alert(5)\"></svg><form action=\"http://x\"><input></form>");

            assertThat(safe).contains("Bonjour <b>vous</b>").contains("lien").contains("href=\"https://exemple.fr\"")
                .doesNotContain("script").doesNotContain("onclick").doesNotContain("onerror").doesNotContain("<img")
                .doesNotContain("iframe").doesNotContain("style").doesNotContain("url(").doesNotContain("javascript:")
                .doesNotContain("svg").doesNotContain("onload").doesNotContain("<form").doesNotContain("<input")
                .contains("rel=\"");
        }
    }

    @Nested
    class Settings {
        @Test
        void defaultsShouldBeSafe() {
            WebmailSettings settings = settings();

            assertThat(settings.port()).isEqualTo(8443);
            assertThat(settings.sessionIdle()).isEqualTo(Duration.ofMinutes(15));
            assertThat(settings.sessionAbsolute()).isEqualTo(Duration.ofHours(8));
            assertThat(settings.maxFailures()).isEqualTo(5);
        }

        @Test
        void malformedDurationShouldNameTheKey() {
            GatewayProperties configuration = GatewayProperties.of(java.util.Map.of(WebmailSettings.SESSION_IDLE, "15 minutes"));

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebmailSettings.from(configuration))
                .hasMessageContaining(WebmailSettings.SESSION_IDLE);
        }

        @Test
        void notificationSenderThatIsNotAnAddressShouldStopTheStartNamingTheKey() {
            GatewayProperties configuration = GatewayProperties.of(java.util.Map.of(WebmailSettings.NOTIFICATION_SENDER, "ne pas repondre"));

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebmailSettings.from(configuration))
                .isInstanceOf(org.santegateway.server.startup.StartupFailure.class)
                .hasMessage("gateway.properties: webmail.notification.sender: is not an e-mail address");
        }

        @Test
        void enabledShouldBeTrueOrFalse() {
            GatewayProperties configuration = GatewayProperties.of(java.util.Map.of(WebmailSettings.ENABLED, "yes"));

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebmailSettings.from(configuration))
                .isInstanceOf(org.santegateway.server.startup.StartupFailure.class)
                .hasMessage("gateway.properties: webmail.enabled: 'yes' is not true or false");
        }
    }
}
