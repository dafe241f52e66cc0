package org.santegateway.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.santegateway.server.webmail.PageFixtures.PATIENT;
import static org.santegateway.server.webmail.PageFixtures.PATIENT_DOMAINS;
import static org.santegateway.server.webmail.PageFixtures.SETTINGS;
import static org.santegateway.server.webmail.PageFixtures.body;
import static org.santegateway.server.webmail.PageFixtures.post;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.persistence.ManagedEntityManagerFactory;

/** The personal address notified of new messages, kept in a real embedded database under a temporary directory. */
class NotificationPagesTest {
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

    private NotificationAddresses addresses;
    private NotificationPages pages;
    private final WebmailSessions sessions = new WebmailSessions(SETTINGS, Clock.systemUTC());
    private final WebmailSessions.Session session = sessions.login(Optional.empty(), PATIENT);
    /** The confirmation links sent: address, token. */
    private final java.util.List<String[]> links = new java.util.ArrayList<>();

    @BeforeEach
    void setUp() {
        addresses = PageFixtures.notificationAddresses(database, data);
        addresses.remove(PATIENT);
        pages = new NotificationPages(addresses, PATIENT_DOMAINS, (personal, token) -> links.add(new String[] {personal.asString(), token}),
            sessions);
    }

    private WebResponse confirm(String token) {
        WebmailSessions.Session anonymous = sessions.anonymous();
        return pages.confirmation(PageFixtures.withCookie(PageFixtures.post("/notifications/confirmer",
            Map.of("jeton", token, "csrf", anonymous.csrf())), anonymous.id()));
    }

    @Test
    void anAddressWhoseServerRefusedANoticeShouldBeShownFailingUntilRegisteredAgain() throws Exception {
        addresses.set(PATIENT, new MailAddress("jeanne@example.fr"));
        addresses.failed(new MailAddress("Jeanne@Example.fr".toLowerCase()));

        String failing = body(pages.form(session, PATIENT));
        WebResponse saved = pages.save(session, PATIENT, PageFixtures.post("/notifications", Map.of("adresse", "jeanne@example.fr")));

        assertThat(failing).contains("id=\"echec-adresse\" role=\"alert\">Erreur : le dernier courriel envoyé à jeanne@example.fr a été refusé");
        assertThat(body(saved)).contains("Adresse enregistrée");
        assertThat(body(pages.form(session, PATIENT))).doesNotContain("echec-adresse");
    }

    @Test
    void formShouldShowTheCurrentAddress() throws Exception {
        addresses.set(PATIENT, new MailAddress("jeanne@example.fr"));

        WebResponse response = pages.form(session, PATIENT);

        assertThat(response.status()).isEqualTo(200);
        assertThat(body(response)).contains("name=\"adresse\" type=\"email\" autocomplete=\"email\" maxlength=\"320\" value=\"jeanne@example.fr\">")
            .contains("<form method=\"post\" action=\"/notifications\" class=\"notifications\">");
    }

    @Test
    void aNewAddressShouldBeUsedOnlyOnceTheLinkSentToItIsOpened() {
        WebResponse response = pages.save(session, PATIENT, post("/notifications", Map.of("adresse", " jeanne@example.fr ")));

        assertThat(body(response)).contains("<p class=\"info\" id=\"message-info\" role=\"status\">Adresse enregistrée : ouvrez le lien "
            + "du courriel envoyé à jeanne@example.fr pour la confirmer.");
        assertThat(links).hasSize(1);
        assertThat(links.get(0)[0]).isEqualTo("jeanne@example.fr");
        assertThat(addresses.get(PATIENT)).isEmpty();
        assertThat(body(pages.form(session, PATIENT))).contains("id=\"attente-confirmation\"");

        assertThat(body(confirm("not-the-token"))).contains("Ce lien n&#39;est plus valable");
        assertThat(addresses.get(PATIENT)).isEmpty();
        assertThat(body(confirm(links.get(0)[1]))).contains("Adresse confirmée");
        assertThat(addresses.get(PATIENT)).contains("jeanne@example.fr");
        assertThat(body(pages.form(session, PATIENT))).doesNotContain("attente-confirmation");
        // The link works once.
        assertThat(confirm(links.get(0)[1]).status()).isEqualTo(400);
    }

    @Test
    void theLinkPageShouldConfirmNothingUntilItsButtonIsPressed() {
        pages.save(session, PATIENT, post("/notifications", Map.of("adresse", "jeanne@example.fr")));

        WebResponse page = pages.confirmation(PageFixtures.get("/notifications/confirmer", Map.of("jeton", links.get(0)[1])));

        assertThat(body(page)).contains("id=\"confirmer\"").contains("name=\"jeton\" value=\"" + links.get(0)[1] + "\"");
        assertThat(addresses.get(PATIENT)).isEmpty();
    }

    @Test
    void aNewAddressShouldStopNoticesToTheOldOneAndStartOnceConfirmed() throws Exception {
        addresses.set(PATIENT, new MailAddress("ancienne@example.fr"));

        pages.save(session, PATIENT, post("/notifications", Map.of("adresse", "nouvelle@example.fr")));

        assertThat(addresses.get(PATIENT)).isEmpty();
        confirm(links.get(0)[1]);
        assertThat(addresses.get(PATIENT)).contains("nouvelle@example.fr");
    }

    @Test
    void saveShouldRefuseAnAddressOfAPatientDomain() {
        WebResponse response = pages.save(session, PATIENT, post("/notifications", Map.of("adresse", "autre@" + PageFixtures.DOMAIN)));

        assertThat(body(response)).contains("Erreur : indiquez une adresse personnelle, pas une adresse de messagerie santé.");
        assertThat(addresses.get(PATIENT)).isEmpty();
    }

    @Test
    void saveShouldRefuseSomethingThatIsNotAnAddress() {
        WebResponse response = pages.save(session, PATIENT, post("/notifications", Map.of("adresse", "jeanne")));

        assertThat(body(response)).contains("Erreur : cette adresse n&#39;est pas valide");
        assertThat(addresses.get(PATIENT)).isEmpty();
    }

    @Test
    void saveShouldForgetTheAddressWhenTheFieldIsEmpty() throws Exception {
        addresses.set(PATIENT, new MailAddress("jeanne@example.fr"));

        WebResponse response = pages.save(session, PATIENT, post("/notifications", Map.of("adresse", "")));

        assertThat(body(response)).contains("Vous ne recevrez plus de notification.");
        assertThat(addresses.get(PATIENT)).isEmpty();
    }

    @Test
    void aRefusedAddressShouldStayInTheFieldMarkedInvalidWithTheErrorAsAnAlert() {
        WebResponse response = pages.save(session, PATIENT, post("/notifications", Map.of("adresse", "autre@" + PageFixtures.DOMAIN)));

        assertThat(body(response)).contains("<title>Erreur – Notifications – Messagerie santé</title>")
            .contains("<p class=\"erreur\" id=\"erreur\" role=\"alert\">Erreur : indiquez une adresse personnelle")
            .contains("autocomplete=\"email\" maxlength=\"320\" aria-invalid=\"true\" aria-describedby=\"erreur\" value=\"autre@"
                + PageFixtures.DOMAIN + "\">")
            .doesNotContain("class=\"info\"");
    }
}
