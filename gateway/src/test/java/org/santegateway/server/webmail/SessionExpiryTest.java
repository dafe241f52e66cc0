package org.santegateway.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.santegateway.server.webmail.PageFixtures.PATIENT;
import static org.santegateway.server.webmail.PageFixtures.PATIENT_DOMAINS;
import static org.santegateway.server.webmail.PageFixtures.body;
import static org.santegateway.server.webmail.PageFixtures.get;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.mailbox.inmemory.InMemoryId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.audit.ActorKind;
import org.santegateway.conversation.InMemoryConversationStore;
import org.santegateway.server.login.LoginThrottle;
import org.santegateway.server.persistence.ManagedEntityManagerFactory;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.webmail.PageFixtures.MemoryMessages;
import org.santegateway.server.webmail.PageFixtures.MemoryOrganisations;
import org.santegateway.server.webmail.PageFixtures.RecordingSender;
import org.santegateway.server.webmail.WebmailUnitsTest.MutableClock;

/**
 * The session's idle timeout seen by a patient (WCAG 2.2.1): a warning on every signed-in page a few minutes before,
 * with a button that keeps the session and the text being typed; a reply sent after the timeout kept and offered back
 * after the next login of the same patient, and of no one else.
 */
class SessionExpiryTest {
    static final String OTHER_INS = "2920399123789";
    static final Username OTHER = Username.of(OTHER_INS + org.santegateway.ins.MatriculeIns.keyOf(OTHER_INS) + "@" + PageFixtures.DOMAIN);

    @TempDir
    static Path data;
    private static ManagedEntityManagerFactory database;

    @BeforeAll
    static void openDatabase() {
        database = PageFixtures.openDatabase(data.resolve("var"));
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    final WebmailSettings settings = WebmailSettings.from(GatewayProperties.of(Map.of(WebmailSettings.SESSION_IDLE, "15m")));
    final MutableClock clock = new MutableClock();
    final WebmailSessions sessions = new WebmailSessions(settings, clock);
    final MemoryMessages messages = new MemoryMessages();
    final RecordingSender sender = new RecordingSender();
    final WebmailPages pages = new WebmailPages(sessions,
        new LoginPages(sessions, new LoginThrottle(settings.loginPolicy(), "webmail", ActorKind.PATIENT, event -> { }, value -> "pseudo", clock),
            (user, password) -> password.equals("the right password"), PATIENT_DOMAINS, settings),
        new ConversationPages(new PatientConversations(messages, new InMemoryConversationStore()), messages, sender, settings,
            event -> { }, value -> "pseudo", clock),
        new AttachmentPages(messages, new InMemoryId.Factory()),
        new NewMessagePages(new MemoryOrganisations(), sender),
        new NotificationPages(PageFixtures.notificationAddresses(database, data), PATIENT_DOMAINS, (personal, token) -> { }, sessions),
        new DocumentPages(Optional.empty(), 10_000_000),
        new AccessibilityPage(Optional.empty()),
        // The space pages need the gateway's database: PatientSpacesIntegrationTest covers them.
        null,
        PageFixtures.agendaPages(sender, clock));

    @Test
    void everySignedInPageShouldCarryTheWarningTimedByTheStyleSheet() {
        WebmailSessions.Session session = sessions.login(Optional.empty(), PATIENT);

        String page = body(pages.handle(PageFixtures.withCookie(get("/documents"), session.id())));
        String css = body(pages.handle(get("/static/webmail.css")));

        assertThat(page).contains("<div class=\"expiration\" id=\"avertissement-expiration\" role=\"alert\">")
            .contains("votre session expirera dans 2 minutes").contains("action=\"/session/prolonger\"")
            .contains("name=\"retour\" value=\"/documents\"").contains("Rester connecté");
        assertThat(css).contains(".expiration { animation-delay: 780s; }");
        assertThat(body(pages.handle(get("/connexion")))).doesNotContain("avertissement-expiration");
    }

    @Test
    void stayingSignedInShouldKeepTheSessionAndTheTextTyped() {
        WebmailSessions.Session session = sessions.login(Optional.empty(), PATIENT);
        String key = MemoryMessages.key(messages.receive("Dr Martin", "dr.martin@hopital-test.fr", "Résultats", "Bonjour"));
        String conversation = body(pages.handle(PageFixtures.withCookie(get("/conversations/" + key), session.id())));
        assertThat(conversation).contains("form=\"form-reponse\" formaction=\"/session/prolonger\"").contains("id=\"form-reponse\"");

        clock.advance(Duration.ofMinutes(14));
        WebResponse stayed = post(session.id(), "/session/prolonger", Map.of("csrf", session.csrf(), "retour", "/conversations/" + key,
            "texte", "Merci docteur, j'ai une question"));
        clock.advance(Duration.ofMinutes(14));

        assertThat(stayed.headers()).containsEntry("Location", "/conversations/" + key);
        assertThat(body(pages.handle(PageFixtures.withCookie(get("/conversations/" + key), session.id()))))
            .contains(">Merci docteur, j&#39;ai une question</textarea>").contains("n&#39;a pas encore été envoyé");
        WebResponse outside = post(session.id(), "/session/prolonger", Map.of("csrf", session.csrf(), "retour", "//evil.example/x"));
        assertThat(outside.headers()).containsEntry("Location", "/conversations");
    }

    @Test
    void aReplySentAfterTheTimeoutShouldBeOfferedBackAfterLoginToTheSamePatientOnly() {
        String key = MemoryMessages.key(messages.receive("Dr Martin", "dr.martin@hopital-test.fr", "Résultats", "Bonjour"));
        WebmailSessions.Session session = sessions.login(Optional.empty(), PATIENT);
        clock.advance(Duration.ofMinutes(16));

        WebResponse expired = post(session.id(), "/conversations/" + key + "/reponse", Map.of("csrf", session.csrf(), "texte", "Ma réponse longue"));

        assertThat(expired.status()).isEqualTo(303);
        assertThat(expired.headers().get("Location")).isEqualTo("/connexion?reprise=1");
        String kept = cookie(expired, WebmailSessions.KEPT_REPLY_COOKIE);
        assertThat(sender.drafts).isEmpty();
        assertThat(body(pages.handle(get("/connexion", Map.of("reprise", "1"))))).contains("votre message n&#39;a pas été envoyé");

        WebResponse signedIn = login(PATIENT, kept);
        assertThat(signedIn.headers().get("Location")).isEqualTo("/conversations/" + key);
        String newSession = PageFixtures.cookieSession(signedIn);
        assertThat(body(pages.handle(PageFixtures.withCookie(get("/conversations/" + key), newSession))))
            .contains(">Ma réponse longue</textarea>");
        assertThat(body(pages.handle(PageFixtures.withCookie(get("/conversations/" + key), newSession))))
            .doesNotContain("Ma réponse longue");
    }

    @Test
    void anotherPatientSigningInOnTheSameBrowserShouldNotSeeTheKeptReply() {
        String key = MemoryMessages.key(messages.receive("Dr Martin", "dr.martin@hopital-test.fr", "Résultats", "Bonjour"));
        WebmailSessions.Session session = sessions.login(Optional.empty(), PATIENT);
        clock.advance(Duration.ofMinutes(16));
        String kept = cookie(post(session.id(), "/conversations/" + key + "/reponse", Map.of("texte", "Confidentiel")), WebmailSessions.KEPT_REPLY_COOKIE);

        WebResponse other = login(OTHER, kept);

        assertThat(other.headers().get("Location")).isEqualTo("/conversations");
        assertThat(login(PATIENT, kept).headers().get("Location")).isEqualTo("/conversations");
    }

    @Test
    void aPostWithoutAnyExpiredSessionShouldKeepNothing() {
        WebResponse response = post("made-up", "/conversations/x/reponse", Map.of("texte", "Bonjour"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(body(response)).contains("Votre session a expiré");
        assertThat(response.headers()).doesNotContainKey("Set-Cookie");
    }

    private WebResponse login(Username user, String keptReply) {
        WebResponse form = pages.handle(get("/connexion"));
        String formSession = PageFixtures.cookieSession(form);
        String csrf = sessions.find(formSession).orElseThrow().csrf();
        Map<String, String> fields = Map.of("csrf", csrf, "adresse", user.asString(), "motDePasse", "the right password");
        return pages.handle(new WebRequest("POST", "/connexion", Map.of(), fields, List.of(),
            Map.of(WebmailSessions.COOKIE, formSession, WebmailSessions.KEPT_REPLY_COOKIE, keptReply), Optional.empty(), Optional.empty()));
    }

    private WebResponse post(String sessionId, String path, Map<String, String> form) {
        return pages.handle(PageFixtures.withCookie(PageFixtures.post(path, new HashMap<>(form)), sessionId));
    }

    private static String cookie(WebResponse response, String name) {
        String header = response.headers().get("Set-Cookie");
        for (String cookie : header.split("\n")) {
            if (cookie.startsWith(name + "=")) {
                return cookie.substring(name.length() + 1, cookie.indexOf(';'));
            }
        }
        throw new AssertionError("no cookie " + name + " in " + header.getBytes(StandardCharsets.UTF_8).length + " bytes");
    }
}
