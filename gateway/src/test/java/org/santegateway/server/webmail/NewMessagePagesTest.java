package org.santegateway.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.santegateway.server.webmail.PageFixtures.PATIENT;
import static org.santegateway.server.webmail.PageFixtures.SETTINGS;
import static org.santegateway.server.webmail.PageFixtures.body;
import static org.santegateway.server.webmail.PageFixtures.post;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;
import org.santegateway.conversation.RefusalReason;
import org.santegateway.server.webmail.PageFixtures.MemoryOrganisations;
import org.santegateway.server.webmail.PageFixtures.RecordingSender;

/** Writing to an establishment's mailbox, without a server. */
class NewMessagePagesTest {
    private static final String RECEPTION = "accueil@hopital-test.fr";

    private final MemoryOrganisations organisations = new MemoryOrganisations();
    private final RecordingSender sender = new RecordingSender();
    private final NewMessagePages pages = new NewMessagePages(organisations, sender);
    private final WebmailSessions.Session session = new WebmailSessions(SETTINGS, Clock.systemUTC()).login(Optional.empty(), PATIENT);

    @Test
    void formShouldOfferTheMailboxesThatAcceptNewMessages() throws Exception {
        organisations.add(new MailAddress(RECEPTION));

        WebResponse response = pages.form(session);

        assertThat(response.status()).isEqualTo(200);
        assertThat(body(response)).contains("<option value=\"" + RECEPTION + "\">" + RECEPTION + "</option>")
            .contains("<input type=\"hidden\" name=\"csrf\" value=\"" + session.csrf() + "\">")
            .doesNotContain("aucun-etablissement");
    }

    @Test
    void formShouldSayWhenNoEstablishmentAcceptsNewMessages() {
        assertThat(body(pages.form(session)))
            .contains("<p id=\"aucun-etablissement\">Aucun établissement n'accepte de nouveaux messages pour le moment.</p>");
    }

    @Test
    void sendShouldSendTheMessageAndSaySo() throws Exception {
        WebResponse response = pages.send(session, PATIENT, post("/nouveau", Map.of("destinataire", " " + RECEPTION + " ", "objet", " Rendez-vous ",
            "texte", "Bonjour, je souhaite un rendez-vous.")));

        assertThat(body(response)).contains("<p class=\"info\" id=\"message-info\" role=\"status\">Votre message a été envoyé.</p>");
        assertThat(sender.drafts).singleElement().satisfies(draft -> {
            assertThat(draft.recipients()).containsExactly(new MailAddress(RECEPTION));
            assertThat(draft.subject()).isEqualTo("Rendez-vous");
            assertThat(draft.inReplyTo()).isEmpty();
            assertThat(draft.references()).isEmpty();
        });
    }

    @Test
    void sendShouldAskForASubjectAndATextWhenOneIsMissing() {
        WebResponse response = pages.send(session, PATIENT, post("/nouveau", Map.of("destinataire", RECEPTION, "objet", "", "texte", "Bonjour")));

        assertThat(body(response)).contains("<p class=\"erreur\" id=\"erreur\" role=\"alert\">Message refusé : indiquez un objet et un message.</p>");
        assertThat(sender.drafts).isEmpty();
    }

    @Test
    void sendShouldRefuseARecipientThatIsNotAnAddress() {
        WebResponse response = pages.send(session, PATIENT, post("/nouveau", Map.of("destinataire", "accueil", "objet", "Objet", "texte", "Bonjour")));

        assertThat(body(response)).contains("Message refusé : destinataire invalide.");
    }

    @Test
    void sendShouldShowTheReasonOfThePolicyWhenItRefuses() {
        sender.answer = new PatientMailSender.Result.Refused(RefusalReason.NO_CONVERSATION);

        WebResponse response = pages.send(session, PATIENT, post("/nouveau", Map.of("destinataire", "dr.martin@hopital-test.fr", "objet", "Objet",
            "texte", "Bonjour")));

        assertThat(body(response)).contains("Message refusé : " + Html.escape(RefusalReason.NO_CONVERSATION.french()))
            .doesNotContain("Votre message a été envoyé.");
    }
}
