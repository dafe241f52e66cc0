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
    private final WebmailSessions.Session session = new WebmailSessions(SETTINGS, Clock.systemUTC()).login(Optional.empty(), PATIENT);

    @BeforeEach
    void setUp() {
        addresses = PageFixtures.notificationAddresses(database, data);
        addresses.remove(PATIENT);
        pages = new NotificationPages(addresses, PATIENT_DOMAINS);
    }

    @Test
    void anAddressWhoseServerRefusedANoticeShouldBeShownFailingUntilRegisteredAgain() throws Exception {
        addresses.set(PATIENT, new MailAddress("jeanne@example.fr"));
        addresses.failed(new MailAddress("Jeanne@Example.fr".toLowerCase()));

        String failing = body(pages.form(session, PATIENT));
        WebResponse saved = pages.save(session, PATIENT, PageFixtures.post("/notifications", Map.of("adresse", "jeanne@example.fr")));

        assertThat(failing).contains("id=\"echec-adresse\" role=\"alert\">Erreur : le dernier courriel envoyé à jeanne@example.fr a été refusé");
        assertThat(body(saved)).contains("Adresse enregistrée.");
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
    void saveShouldKeepAPersonalAddress() {
        WebResponse response = pages.save(session, PATIENT, post("/notifications", Map.of("adresse", " jeanne@example.fr ")));

        assertThat(body(response)).contains("<p class=\"info\" id=\"message-info\" role=\"status\">Adresse enregistrée.</p>");
        assertThat(addresses.get(PATIENT)).contains("jeanne@example.fr");
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
