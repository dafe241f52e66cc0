package org.santegateway.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.santegateway.server.webmail.PageFixtures.PATIENT;
import static org.santegateway.server.webmail.PageFixtures.PATIENT_DOMAINS;
import static org.santegateway.server.webmail.PageFixtures.SETTINGS;
import static org.santegateway.server.webmail.PageFixtures.body;
import static org.santegateway.server.webmail.PageFixtures.get;
import static org.santegateway.server.webmail.PageFixtures.post;
import static org.santegateway.server.webmail.PageFixtures.withCookie;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.inmemory.InMemoryId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.audit.ActorKind;
import org.santegateway.conversation.InMemoryConversationStore;
import org.santegateway.server.login.LoginThrottle;
import org.santegateway.server.persistence.ManagedEntityManagerFactory;
import org.santegateway.server.webmail.PageFixtures.MemoryMessages;
import org.santegateway.server.webmail.PageFixtures.MemoryOrganisations;
import org.santegateway.server.webmail.PageFixtures.RecordingSender;

/** The router: what needs a session and a CSRF token, and which page class answers which address. */
class WebmailPagesTest {
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

    private final Clock clock = Clock.systemUTC();
    private final WebmailSessions sessions = new WebmailSessions(SETTINGS, clock);
    private final MemoryMessages messages = new MemoryMessages();
    private final RecordingSender sender = new RecordingSender();
    private final WebmailPages pages = new WebmailPages(sessions,
        new LoginPages(sessions, new LoginThrottle(SETTINGS.loginPolicy(), "webmail", ActorKind.PATIENT, event -> { }, value -> "pseudo", clock),
            (user, password) -> false, PATIENT_DOMAINS, SETTINGS),
        new ConversationPages(new PatientConversations(messages, new InMemoryConversationStore()), messages, sender, SETTINGS,
            event -> { }, value -> "pseudo", clock),
        new AttachmentPages(messages, new InMemoryId.Factory()),
        new NewMessagePages(new MemoryOrganisations(), sender),
        new NotificationPages(PageFixtures.notificationAddresses(database, data), PATIENT_DOMAINS, (personal, token) -> { }, sessions),
        new DocumentPages(Optional.empty(), 10_000_000),
        new AccessibilityPage(Optional.empty()),
        // The space pages need the gateway's database: PatientSpacesIntegrationTest covers them.
        null,
        PageFixtures.agendaPages(sender, clock));
    private final WebmailSessions.Session signedIn = sessions.login(Optional.empty(), PATIENT);

    private WebResponse signedIn(WebRequest request) {
        return pages.handle(withCookie(request, signedIn.id()));
    }

    private WebResponse signedInPost(String path, Map<String, String> form) {
        Map<String, String> withToken = new java.util.HashMap<>(form);
        withToken.put("csrf", signedIn.csrf());
        return signedIn(post(path, withToken));
    }

    @Nested
    class WithoutSession {
        @Test
        void handleShouldRefuseOtherMethodsThanGetAndPost() {
            WebResponse response = pages.handle(new WebRequest("PUT", "/conversations", Map.of(), Map.of(), java.util.List.of(), Map.of(), Optional.empty()));

            assertThat(response.status()).isEqualTo(405);
            assertThat(response.headers()).containsEntry("Allow", "GET, POST");
            assertThat(body(response)).contains("Méthode non autorisée.");
        }

        @Test
        void handleShouldServeTheStyleSheetToEverybodyAndLetItBeCached() {
            WebResponse response = pages.handle(get("/static/webmail.css"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.contentType()).isEqualTo("text/css; charset=utf-8");
            assertThat(response.headers()).containsEntry("Cache-Control", "public, max-age=3600");
            assertThat(response.body()).isNotEmpty();
        }

        @Test
        void handleShouldShowTheLoginFormWithoutSession() {
            WebResponse response = pages.handle(get("/connexion"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(body(response)).contains("<h1>Connexion</h1>");
        }

        @Test
        void theAccessibilityStatementShouldBePublicAndLinkedFromEveryPage() {
            WebResponse statement = pages.handle(get("/accessibilite"));

            assertThat(statement.status()).isEqualTo(200);
            assertThat(body(statement)).contains("<h1>Déclaration d'accessibilité</h1>").contains("<strong>non conforme</strong>")
                .contains("Défenseur des droits");
            assertThat(body(pages.handle(get("/connexion"))))
                .contains("<a href=\"/accessibilite\" id=\"lien-accessibilite\">Accessibilité : non conforme</a>");
        }

        @Test
        void handleShouldSendAPageRequestWithoutSessionToTheLoginForm() {
            WebResponse response = pages.handle(get("/conversations"));

            assertThat(response.status()).isEqualTo(303);
            assertThat(response.headers()).containsEntry("Location", "/connexion");
        }

        @Test
        void handleShouldSendAPageRequestWithTheSessionOfALoginFormToTheLoginForm() {
            WebResponse response = pages.handle(withCookie(get("/conversations"), sessions.anonymous().id()));

            assertThat(response.headers()).containsEntry("Location", "/connexion");
        }

        @Test
        void handleShouldRefuseAPostWithoutSession() {
            WebResponse response = pages.handle(post("/nouveau", Map.of("csrf", signedIn.csrf())));

            assertThat(response.status()).isEqualTo(403);
            assertThat(body(response)).contains("Votre session a expiré. Reconnectez-vous.");
        }
    }

    @Nested
    class SignedIn {
        @Test
        void handleShouldRefuseAPostWithoutTheSessionsCsrfToken() {
            WebResponse response = signedIn(post("/deconnexion", Map.of("csrf", "forged")));

            assertThat(response.status()).isEqualTo(403);
            assertThat(body(response)).contains("Requête refusée : jeton de sécurité invalide. Rechargez la page.");
            assertThat(sessions.find(signedIn.id())).isPresent();
        }

        @Test
        void everyPageShouldStartWithASkipLinkAndMarkItsSection() {
            String documents = body(signedIn(get("/notifications")));

            assertThat(documents).contains("<body><a class=\"evitement\" href=\"#contenu\">Aller au contenu</a>")
                .contains("<main id=\"contenu\" tabindex=\"-1\">")
                .contains("<a href=\"/notifications\" aria-current=\"page\">Notifications</a>")
                .contains("<a href=\"/conversations\">Conversations</a>")
                .contains("id=\"lien-accessibilite\"");
        }

        @Test
        void handleShouldSendTheRootToTheConversations() {
            assertThat(signedIn(get("/")).headers()).containsEntry("Location", "/conversations");
        }

        @Test
        void handleShouldLogOutOnAPostToDeconnexion() {
            WebResponse response = signedInPost("/deconnexion", Map.of());

            assertThat(response.headers()).containsEntry("Location", "/connexion?deconnecte=1");
            assertThat(sessions.find(signedIn.id())).isEmpty();
        }

        @Test
        void handleShouldRouteEachAddressToItsPage() {
            MessageUid uid = messages.receive("Dr Martin", "dr.martin@hopital-test.fr", "Résultats", "Bonjour");
            String key = MemoryMessages.key(uid);

            assertThat(body(signedIn(get("/conversations")))).contains("<h1>Mes conversations</h1>");
            assertThat(body(signedIn(get("/conversations/" + key)))).contains("<h1>Résultats</h1>");
            assertThat(signedInPost("/conversations/" + key + "/reponse", Map.of("texte", "Merci")).headers())
                .containsEntry("Location", "/conversations/" + key + "?envoye=1");
            assertThat(signedIn(get("/messages/" + MemoryMessages.INBOX.serialize() + "/" + uid.asLong() + "/pieces/0")).status()).isEqualTo(404);
            assertThat(body(signedIn(get("/nouveau")))).contains("<h1>Écrire à un établissement</h1>");
            assertThat(body(signedInPost("/nouveau", Map.of()))).contains("indiquez un objet et un message.");
            assertThat(body(signedIn(get("/notifications")))).contains("<h1>Notifications</h1>");
            assertThat(body(signedInPost("/notifications", Map.of("adresse", "x")))).contains("Erreur : cette adresse n&#39;est pas valide");
            assertThat(body(signedIn(get("/documents")))).contains("Le dossier de documents n'est pas disponible sur ce service.");
        }

        @Test
        void handleShouldAnswerNotFoundToUnknownAddressesAndToTheWrongMethod() {
            assertThat(signedIn(get("/inconnu")).status()).isEqualTo(404);
            assertThat(signedIn(get("/deconnexion")).status()).isEqualTo(404);
            assertThat(signedInPost("/conversations", Map.of()).status()).isEqualTo(404);
            assertThat(signedIn(get("/conversations/x/reponse")).status()).isEqualTo(404);
        }
    }
}
