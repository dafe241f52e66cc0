package org.santegateway.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.santegateway.server.webmail.PageFixtures.PATIENT;
import static org.santegateway.server.webmail.PageFixtures.SETTINGS;
import static org.santegateway.server.webmail.PageFixtures.body;
import static org.santegateway.server.webmail.PageFixtures.get;
import static org.santegateway.server.webmail.PageFixtures.post;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.mailbox.MessageUid;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.santegateway.audit.AuditEvent;
import org.santegateway.conversation.InMemoryConversationStore;
import org.santegateway.conversation.MessageThreading;
import org.santegateway.conversation.RefusalReason;
import org.santegateway.server.webmail.PageFixtures.MemoryMessages;
import org.santegateway.server.webmail.PageFixtures.RecordingSender;

/** The conversation pages without a server: the patient's mailboxes in memory, the real grouping into conversations. */
class ConversationPagesTest {
    private static final String DOCTOR = "dr.martin@hopital-test.fr";

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);
    private final MemoryMessages messages = new MemoryMessages();
    private final RecordingSender sender = new RecordingSender();
    private final List<AuditEvent> audit = new ArrayList<>();
    private final ConversationPages pages = new ConversationPages(new PatientConversations(messages, new InMemoryConversationStore()),
        messages, sender, SETTINGS, audit::add, value -> "pseudo-" + value.length(), clock);
    private final WebmailSessions.Session session = new WebmailSessions(SETTINGS, clock).login(Optional.empty(), PATIENT);

    @Nested
    class Listing {
        @Test
        void listShouldSayThereIsNoMessageWhenTheMailboxesAreEmpty() {
            WebResponse response = pages.list(session, PATIENT, get("/conversations"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(body(response)).contains("<p id=\"aucune-conversation\">Vous n'avez aucun message.</p>")
                .contains("<title>Conversations – Messagerie santé</title>");
        }

        @Test
        void listShouldLinkEachConversationAndMarkTheUnreadOnes() {
            MessageUid uid = messages.receive("Dr Martin", DOCTOR, "Résultats <urgents>", "Bonjour");

            String body = body(pages.list(session, PATIENT, get("/conversations")));

            assertThat(body).contains("<a class=\"ouvrir\" href=\"/conversations/" + MemoryMessages.key(uid) + "\">Résultats &lt;urgents&gt;</a>")
                .contains("<td class=\"professionnel\" data-label=\"Professionnel\">Dr Martin</td>")
                .contains("<span class=\"badge non-lu\">Non lu</span>");
        }

        @Test
        void listShouldShowFiftyConversationsAPageWithLinksToTheOthers() {
            for (int i = 0; i < 51; i++) {
                messages.receive("Dr Martin", DOCTOR, "Message " + i, "Bonjour");
            }

            String first = body(pages.list(session, PATIENT, get("/conversations")));
            String second = body(pages.list(session, PATIENT, PageFixtures.get("/conversations", Map.of("page", "1"))));

            assertThat(first.split("<tr class=\"conversation")).hasSize(51);
            assertThat(first).contains("<a href=\"/conversations?page=1\">Plus anciennes</a>").doesNotContain("Plus récentes");
            assertThat(second.split("<tr class=\"conversation")).hasSize(2);
            assertThat(second).contains("<a href=\"/conversations?page=0\">Plus récentes</a>").doesNotContain("Plus anciennes");
        }
    }

    @Nested
    class Thread {
        @Test
        void attachmentsShouldBeListedWithTheirFormatAndSize() {
            String pdf = java.util.Base64.getMimeEncoder().encodeToString(new byte[3000]);
            MessageUid uid = messages.receiveEntity("Dr Martin", DOCTOR, "Compte rendu", "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nCi-joint.\r\n"
                + "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"cr.pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + pdf + "\r\n--b--\r\n");

            String page = body(pages.thread(session, PATIENT, MemoryMessages.key(uid), get("/conversations/" + MemoryMessages.key(uid))));

            assertThat(page).containsPattern("cr\\.pdf</a> <span class=\"format\">\\(Document PDF, [34] Ko\\)</span>");
            assertThat(ConversationPages.size(999)).isEqualTo("999 octets");
            assertThat(ConversationPages.size(2_500_000)).isEqualTo("2,5 Mo");
        }

        @Test
        void threadShouldShowTheMessagesMarkThemReadAndAuditTheReading() {
            MessageUid uid = messages.receive("Dr Martin", DOCTOR, "Résultats", "Vos résultats sont normaux.");

            WebResponse response = pages.thread(session, PATIENT, MemoryMessages.key(uid), get("/conversations/" + MemoryMessages.key(uid)));

            assertThat(response.status()).isEqualTo(200);
            assertThat(body(response)).contains("<h1>Résultats</h1>")
                .contains("<span class=\"expediteur\">Dr Martin</span>")
                .contains("<span class=\"objet\"><span class=\"etiquette\">Objet : </span>Résultats</span>")
                .contains("Vos résultats sont normaux.")
                .contains("<form method=\"post\" enctype=\"multipart/form-data\" action=\"/conversations/" + MemoryMessages.key(uid) + "/reponse\"")
                .contains("Pièces jointes (10 Mo au total au plus)");
            assertThat(messages.seen).containsExactly(uid);
            assertThat(audit).singleElement().satisfies(event -> {
                assertThat(event.action()).isEqualTo(ConversationPages.READ_ACTION);
                assertThat(event.objectIds()).containsExactly("message:" + MessageThreading.hash("<m1@hopital-test.fr>"));
            });
        }

        @Test
        void threadShouldSayTheReplyWasSentAfterASend() {
            MessageUid uid = messages.receive("Dr Martin", DOCTOR, "Résultats", "Bonjour");

            WebResponse response = pages.thread(session, PATIENT, MemoryMessages.key(uid),
                PageFixtures.get("/conversations/" + MemoryMessages.key(uid), Map.of("envoye", "1")));

            assertThat(body(response)).contains("<p class=\"info\" id=\"message-info\" role=\"status\">Votre message a été envoyé.</p>");
        }

        @Test
        void threadShouldBeNotFoundWhenTheKeyIsNotOneOfThePatients() {
            WebResponse response = pages.thread(session, PATIENT, "m-999-1", get("/conversations/m-999-1"));

            assertThat(response.status()).isEqualTo(404);
            assertThat(body(response)).contains("Page introuvable.");
        }
    }

    @Nested
    class Reply {
        @Test
        void replyShouldGoToTheLastSenderWithTheThreadingHeadersThenBackToTheConversation() {
            MessageUid uid = messages.receive("Dr Martin", DOCTOR, "Résultats", "Bonjour");

            WebResponse response = pages.reply(session, PATIENT, MemoryMessages.key(uid),
                post("/conversations/" + MemoryMessages.key(uid) + "/reponse", Map.of("texte", "Merci docteur")));

            assertThat(response.status()).isEqualTo(303);
            assertThat(response.headers()).containsEntry("Location", "/conversations/" + MemoryMessages.key(uid) + "?envoye=1");
            assertThat(sender.drafts).singleElement().satisfies(draft -> {
                assertThat(draft.recipients()).containsExactly(new MailAddress(DOCTOR));
                assertThat(draft.subject()).isEqualTo("Re: Résultats");
                assertThat(draft.text()).isEqualTo("Merci docteur");
                assertThat(draft.inReplyTo()).contains("<m1@hopital-test.fr>");
                assertThat(draft.references()).containsExactly("<m1@hopital-test.fr>");
            });
        }

        @Test
        void replyShouldShowTheConversationWithTheRefusalWhenTheTextIsEmpty() {
            MessageUid uid = messages.receive("Dr Martin", DOCTOR, "Résultats", "Bonjour");

            WebResponse response = pages.reply(session, PATIENT, MemoryMessages.key(uid),
                post("/conversations/" + MemoryMessages.key(uid) + "/reponse", Map.of("texte", "  ")));

            assertThat(response.status()).isEqualTo(200);
            assertThat(body(response)).contains("<p class=\"erreur\" id=\"erreur\" role=\"alert\">Message refusé : "
                + "Écrivez un message (100000 caractères au plus).</p>");
            assertThat(sender.drafts).isEmpty();
        }

        @Test
        void replyShouldShowTheReasonOfThePolicyWhenItRefuses() {
            MessageUid uid = messages.receive("Dr Martin", DOCTOR, "Résultats", "Bonjour");
            sender.answer = new PatientMailSender.Result.Refused(RefusalReason.NO_CONVERSATION);

            WebResponse response = pages.reply(session, PATIENT, MemoryMessages.key(uid),
                post("/conversations/" + MemoryMessages.key(uid) + "/reponse", Map.of("texte", "Merci")));

            assertThat(response.status()).isEqualTo(200);
            assertThat(body(response)).contains("Message refusé : " + Html.escape(RefusalReason.NO_CONVERSATION.french()));
        }

        @Test
        void replyShouldRefuseAttachmentsLargerThanTheLimit() {
            MessageUid uid = messages.receive("Dr Martin", DOCTOR, "Résultats", "Bonjour");
            WebRequest request = new WebRequest("POST", "/conversations/" + MemoryMessages.key(uid) + "/reponse", Map.of(), Map.of("texte", "Ci-joint"),
                List.of(new WebRequest.Upload("fichiers", "scan.pdf", "application/pdf", new byte[SETTINGS.maxUpload() + 1])), Map.of(), Optional.empty());

            WebResponse response = pages.reply(session, PATIENT, MemoryMessages.key(uid), request);

            assertThat(body(response)).contains("Message refusé : Pièces jointes trop volumineuses : 10 Mo au total au plus.")
                .contains(">Ci-joint</textarea>");
            assertThat(sender.drafts).isEmpty();
        }

        @Test
        void replyShouldBeNotFoundWhenTheConversationIsNotThePatients() {
            WebResponse response = pages.reply(session, PATIENT, "m-999-1", post("/conversations/m-999-1/reponse", Map.of("texte", "Merci")));

            assertThat(response.status()).isEqualTo(404);
        }
    }
}
