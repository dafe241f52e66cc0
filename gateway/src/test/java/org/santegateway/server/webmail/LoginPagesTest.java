package org.santegateway.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.santegateway.server.webmail.PageFixtures.PATIENT;
import static org.santegateway.server.webmail.PageFixtures.PATIENT_DOMAINS;
import static org.santegateway.server.webmail.PageFixtures.SETTINGS;
import static org.santegateway.server.webmail.PageFixtures.body;
import static org.santegateway.server.webmail.PageFixtures.cookieSession;
import static org.santegateway.server.webmail.PageFixtures.get;
import static org.santegateway.server.webmail.PageFixtures.post;
import static org.santegateway.server.webmail.PageFixtures.withCookie;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.mailbox.Authenticator;
import org.apache.james.mailbox.exception.MailboxException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.santegateway.audit.ActorKind;
import org.santegateway.audit.AuditEvent;
import org.santegateway.server.login.LoginThrottle;

/** Signing in and out, without a server: real sessions and throttle, an authenticator that knows one password. */
class LoginPagesTest {
    private static final String PASSWORD = "correct horse battery staple";

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);
    private final List<AuditEvent> audit = new ArrayList<>();
    private final WebmailSessions sessions = new WebmailSessions(SETTINGS, clock);
    private final LoginThrottle throttle = new LoginThrottle(SETTINGS.loginPolicy(), "webmail", ActorKind.PATIENT, audit::add, value -> "pseudo", clock);
    private Authenticator authenticator = (user, password) -> user.equals(PATIENT) && password.toString().equals(PASSWORD);
    private final LoginPages pages = new LoginPages(sessions, throttle, (user, password) -> authenticator.isAuthentic(user, password),
        PATIENT_DOMAINS, SETTINGS);

    private WebResponse login(String session, String csrf, String address, String password) {
        return pages.handle(withCookie(post("/connexion", Map.of("csrf", csrf, "adresse", address, "motDePasse", password)), session));
    }

    @Nested
    class Form {
        @Test
        void formShouldCarryTheCsrfTokenOfTheNewSessionItsCookieNames() {
            WebResponse response = pages.handle(get("/connexion"));

            String id = cookieSession(response);
            WebmailSessions.Session session = sessions.find(id).orElseThrow();
            assertThat(response.status()).isEqualTo(200);
            assertThat(session.user()).isEmpty();
            assertThat(body(response)).contains("<input type=\"hidden\" name=\"csrf\" value=\"" + session.csrf() + "\">")
                .contains("<form method=\"post\" action=\"/connexion\" class=\"connexion\">");
            assertThat(response.headers()).containsEntry("Set-Cookie", WebmailSessions.COOKIE + "=" + id + "; Path=/; Secure; HttpOnly; SameSite=Strict");
        }

        @Test
        void formShouldKeepTheAnonymousSessionOfItsCookie() {
            WebmailSessions.Session anonymous = sessions.anonymous();

            WebResponse response = pages.handle(withCookie(get("/connexion"), anonymous.id()));

            assertThat(cookieSession(response)).isEqualTo(anonymous.id());
        }

        @Test
        void formShouldSendASignedInPatientToTheConversations() {
            WebmailSessions.Session signedIn = sessions.login(Optional.empty(), PATIENT);

            WebResponse response = pages.handle(withCookie(get("/connexion"), signedIn.id()));

            assertThat(response.status()).isEqualTo(303);
            assertThat(response.headers()).containsEntry("Location", "/conversations");
        }

        @Test
        void formShouldSayThePatientIsSignedOutAfterLogout() {
            WebResponse response = pages.handle(PageFixtures.get("/connexion", Map.of("deconnecte", "1")));

            assertThat(body(response)).contains("<p class=\"info\" id=\"message-info\" role=\"status\">Vous êtes déconnecté.</p>");
        }
    }

    @Test
    void formShouldExplainTheAddressWithAnExampleAndTheLockout() {
        String page = body(pages.handle(get("/connexion")));

        assertThat(page).contains("<p class=\"aide\" id=\"aide-adresse\">Votre numéro INS (15 caractères")
            .contains("par exemple <span class=\"exemple\">185057512345673@" + PageFixtures.DOMAIN + "</span>")
            .contains("Après " + SETTINGS.loginPolicy().maxFailures() + " essais manqués, la connexion à votre compte est bloquée pendant "
                + SETTINGS.lockout().toMinutes() + " minutes.")
            .contains("aria-describedby=\"aide-adresse\" value=\"\">")
            .doesNotContain("aria-invalid");
    }

    @Nested
    class Login {
        @Test
        void loginShouldReplaceTheSessionAndGoToTheConversationsWhenThePasswordIsRight() {
            WebmailSessions.Session form = sessions.anonymous();

            WebResponse response = login(form.id(), form.csrf(), PATIENT.asString().toUpperCase(), PASSWORD);

            assertThat(response.status()).isEqualTo(303);
            assertThat(response.headers()).containsEntry("Location", "/conversations");
            String id = cookieSession(response);
            assertThat(id).isNotEqualTo(form.id());
            assertThat(sessions.find(form.id())).isEmpty();
            assertThat(sessions.find(id)).hasValueSatisfying(session -> assertThat(session.user()).contains(PATIENT));
        }

        @Test
        void loginShouldRefuseAFormWithoutItsSessionsToken() {
            WebmailSessions.Session form = sessions.anonymous();

            WebResponse response = login(form.id(), "not-the-token", PATIENT.asString(), PASSWORD);

            assertThat(response.status()).isEqualTo(403);
            assertThat(body(response)).contains("Votre formulaire a expiré. Réessayez.");
        }

        @Test
        void loginShouldAnswerBadRequestWhenAFieldIsEmpty() {
            WebmailSessions.Session form = sessions.anonymous();

            WebResponse response = login(form.id(), form.csrf(), PATIENT.asString(), "");

            assertThat(response.status()).isEqualTo(400);
            assertThat(body(response)).contains("Saisissez votre adresse et votre mot de passe.");
        }

        @Test
        void loginShouldBeDelayedAndUnauthorisedWhenThePasswordIsWrong() {
            WebmailSessions.Session form = sessions.anonymous();

            WebResponse response = login(form.id(), form.csrf(), PATIENT.asString(), "wrong");

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.delay()).isEqualTo(SETTINGS.firstDelay());
            assertThat(body(response)).contains("<p class=\"erreur\" id=\"erreur\" role=\"alert\">Erreur : Adresse ou mot de passe incorrect.</p>");
        }

        @Test
        void aFailedLoginShouldKeepTheAddressTieTheFieldsToTheErrorAndSayItInTheTitle() {
            WebmailSessions.Session form = sessions.anonymous();

            String page = body(login(form.id(), form.csrf(), PATIENT.asString(), "wrong"));

            assertThat(page).contains("<title>Erreur – Connexion – Messagerie santé</title>")
                .contains("aria-describedby=\"aide-adresse erreur\" aria-invalid=\"true\" value=\"" + PATIENT.asString() + "\">")
                .contains("autocomplete=\"current-password\" required aria-describedby=\"aide-blocage erreur\" aria-invalid=\"true\">")
                .doesNotContain("value=\"wrong\"");
        }

        @Test
        void loginShouldRefuseAnAddressThatIsNotAPatientsWhateverThePassword() {
            authenticator = (user, password) -> true;
            WebmailSessions.Session form = sessions.anonymous();

            assertThat(login(form.id(), form.csrf(), "dr.martin@hopital-test.fr", PASSWORD).status()).isEqualTo(401);
            assertThat(login(form.id(), form.csrf(), "123@" + PageFixtures.DOMAIN, PASSWORD).status()).isEqualTo(401);
        }

        @Test
        void loginShouldLockTheAccountAfterTooManyFailures() {
            WebmailSessions.Session form = sessions.anonymous();
            for (int i = 0; i < SETTINGS.maxFailures(); i++) {
                login(form.id(), form.csrf(), PATIENT.asString(), "wrong");
            }

            WebResponse response = login(form.id(), form.csrf(), PATIENT.asString(), PASSWORD);

            assertThat(response.status()).isEqualTo(429);
            assertThat(body(response)).contains("votre compte est bloqué temporairement. Réessayez dans 15 minutes.");
        }

        @Test
        void loginShouldSayTheServiceIsUnavailableWhenPasswordsCannotBeChecked() {
            authenticator = (user, password) -> {
                throw new MailboxException("down");
            };
            WebmailSessions.Session form = sessions.anonymous();

            WebResponse response = login(form.id(), form.csrf(), PATIENT.asString(), PASSWORD);

            assertThat(response.status()).isEqualTo(503);
            assertThat(body(response)).contains("Service momentanément indisponible.");
        }
    }

    @Test
    void logoutShouldEndTheSessionExpireItsCookieAndClearTheSiteData() {
        WebmailSessions.Session signedIn = sessions.login(Optional.empty(), PATIENT);

        WebResponse response = pages.logout(signedIn);

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.headers())
            .containsEntry("Location", "/connexion?deconnecte=1")
            .containsEntry("Set-Cookie", WebmailSessions.expiredCookie())
            .containsEntry("Clear-Site-Data", "\"cache\", \"cookies\", \"storage\"");
        assertThat(sessions.find(signedIn.id())).isEmpty();
    }
}
