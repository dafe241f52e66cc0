package org.santegateway.server.webmail;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;
import org.santegateway.audit.ActorKind;
import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.AuditLog;
import org.santegateway.audit.CommonOutcome;
import org.santegateway.audit.Pseudonyms;
import org.santegateway.conversation.MessageThreading;

/**
 * The patient's conversations: the list, one conversation (its messages rendered safely, marked
 * read, the reading audited) and the reply to it, sent to the conversation's professionals (or,
 * outside a conversation, to the last sender) through the conversation policy.
 *
 * <ul>
 *     <li>{@code GET /conversations} (50 a page, {@code ?page=n})</li>
 *     <li>{@code GET /conversations/{key}} ({@code ?envoye=1} after a reply)</li>
 *     <li>{@code POST /conversations/{key}/reponse}: text and attachments, multipart</li>
 * </ul>
 */
public class ConversationPages {
    /** The id of the reply form, which the session expiry warning's button submits to keep the text typed. */
    static final String REPLY_FORM = "form-reponse";
    /** Audit action of a patient reading messages in the webmail (objects: hashed Message-IDs). */
    public static final String READ_ACTION = "webmail.message.read";
    private static final int PAGE_SIZE = 50;

    private final PatientConversations conversations;
    private final PatientMessages messages;
    private final PatientMailSender sender;
    private final WebmailSettings settings;
    private final AuditLog auditLog;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    @Inject
    public ConversationPages(PatientConversations conversations, PatientMessages messages, PatientMailSender sender, WebmailSettings settings,
                             AuditLog auditLog, Pseudonyms pseudonyms, Clock clock) {
        this.conversations = conversations;
        this.messages = messages;
        this.sender = sender;
        this.settings = settings;
        this.auditLog = auditLog;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
    }

    WebResponse list(WebmailSessions.Session session, Username user, WebRequest request) {
        List<PatientConversations.Item> all = conversations.list(user);
        int page = request.queryParameter("page").map(ConversationPages::parseIntOrZero).orElse(0);
        int from = Math.min(Math.max(page, 0) * PAGE_SIZE, all.size());
        List<PatientConversations.Item> shown = all.subList(from, Math.min(from + PAGE_SIZE, all.size()));
        StringBuilder body = new StringBuilder("<h1>Mes conversations</h1>");
        if (all.isEmpty()) {
            body.append("<p id=\"aucune-conversation\">Vous n'avez aucun message.</p>");
        } else {
            body.append("<table class=\"conversations\" id=\"conversations\"><thead><tr><th>Professionnel</th><th>Objet</th>"
                + "<th>Date</th><th>État</th></tr></thead><tbody>");
            for (PatientConversations.Item listed : shown) {
                PatientConversations.Item item = conversations.withState(listed);
                body.append("<tr class=\"conversation").append(item.unread() ? " non-lu" : "").append("\">")
                    .append("<td class=\"professionnel\" data-label=\"Professionnel\">").append(Html.escape(item.professional())).append("</td>")
                    .append("<td data-label=\"Objet\"><a class=\"ouvrir\" href=\"/conversations/").append(Html.escape(item.key())).append("\">")
                    .append(Html.escape(item.subject().isEmpty() ? "(sans objet)" : item.subject())).append("</a>")
                    .append(item.count() > 1 ? " <span class=\"nombre\">(" + item.count() + " messages)</span>" : "").append("</td>")
                    .append("<td class=\"date\" data-label=\"Date\">").append(Html.date(item.date())).append("</td>")
                    .append("<td class=\"etat\" data-label=\"État\">").append(item.unread() ? "<span class=\"badge non-lu\">Non lu</span> " : "")
                    .append(item.closed() ? "<span class=\"badge cloturee\">Clôturée</span>" : "")
                    .append(!item.unread() && !item.closed() ? "Lue, en cours" : "").append("</td></tr>");
            }
            body.append("</tbody></table>");
            if (all.size() > PAGE_SIZE) {
                body.append("<nav class=\"pages\">");
                if (page > 0) {
                    body.append("<a href=\"/conversations?page=").append(page - 1).append("\">Plus récentes</a> ");
                }
                if (from + PAGE_SIZE < all.size()) {
                    body.append("<a href=\"/conversations?page=").append(page + 1).append("\">Plus anciennes</a>");
                }
                body.append("</nav>");
            }
        }
        return WebResponse.html(Html.page(Html.Section.CONVERSATIONS, "Conversations", session.csrf(), body.toString()));
    }

    WebResponse thread(WebmailSessions.Session session, Username user, String key, WebRequest request) {
        return conversation(session, user, key, request.queryParameter("envoye").isPresent(), Optional.empty());
    }

    private WebResponse conversation(WebmailSessions.Session session, Username user, String key, boolean sent, Optional<String> refusal) {
        Optional<PatientConversations.Thread> found = conversations.thread(user, key);
        if (found.isEmpty()) {
            return WebResponse.notFound();
        }
        PatientConversations.Thread thread = found.get();
        StringBuilder body = new StringBuilder();
        String subject = thread.messages().get(0).subject();
        body.append("<h1>").append(Html.escape(subject.isEmpty() ? "(sans objet)" : subject)).append("</h1>");
        if (sent) {
            body.append("<p class=\"info\" id=\"message-info\" role=\"status\">Votre message a été envoyé.</p>");
        }
        refusal.ifPresent(text -> body.append("<p class=\"erreur\" id=\"erreur\" role=\"alert\">Message refusé : ")
            .append(Html.escape(text)).append("</p>"));
        if (thread.closed()) {
            body.append("<p class=\"cloturee\" id=\"conversation-cloturee\">Cette conversation a été clôturée par le professionnel de santé.</p>");
        }
        List<MessageUid> toMark = new ArrayList<>();
        List<String> read = new ArrayList<>();
        MailboxId inbox = null;
        for (PatientMessages.Summary summary : thread.messages()) {
            Optional<MimeMessage> message = messages.message(user, summary.mailboxId(), summary.uid());
            if (message.isEmpty()) {
                continue;
            }
            if (!summary.sent() && !summary.seen()) {
                toMark.add(summary.uid());
                inbox = summary.mailboxId();
            }
            if (!summary.sent()) {
                read.add("message:" + summary.messageId().map(MessageThreading::hash).orElse("-"));
            }
            body.append("<article class=\"message").append(summary.sent() ? " envoye" : " recu").append("\">")
                .append("<header><span class=\"expediteur\">")
                .append(summary.sent() ? "Vous" : Html.escape(summary.fromName()))
                .append("</span> <span class=\"date\">").append(Html.date(summary.date())).append("</span>")
                .append("<span class=\"objet\"><span class=\"etiquette\">Objet : </span>").append(Html.escape(summary.subject()))
                .append("</span></header>");
            try {
                MessageRenderer.Rendered rendered = MessageRenderer.render(message.get());
                body.append(rendered.safeHtml());
                if (!rendered.attachments().isEmpty()) {
                    body.append("<ul class=\"pieces-jointes\">");
                    for (MessageRenderer.Attachment attachment : rendered.attachments()) {
                        body.append("<li><a class=\"piece-jointe\" href=\"/messages/").append(Html.escape(summary.mailboxId().serialize()))
                            .append('/').append(summary.uid().asLong()).append("/pieces/").append(attachment.index()).append("\">")
                            .append(Html.escape(attachment.fileName())).append("</a> <span class=\"format\">(")
                            .append(Html.escape(DocumentPages.format(attachment.contentType())))
                            .append(attachment.approximateSize().isPresent() ? ", " + size(attachment.approximateSize().getAsLong()) : "")
                            .append(")</span></li>");
                    }
                    body.append("</ul>");
                }
            } catch (IOException | MessagingException e) {
                body.append("<p class=\"erreur\">Ce message ne peut pas être affiché.</p>");
            }
            body.append("</article>");
        }
        if (inbox != null) {
            messages.markSeen(user, inbox, toMark);
        }
        if (!read.isEmpty()) {
            auditLog.record(new AuditEvent(clock.instant(), ActorKind.PATIENT, pseudonyms.of(user.asString()), READ_ACTION, read,
                CommonOutcome.SUCCESS, Optional.empty()));
        }
        if (!thread.closed()) {
            String page = "/conversations/" + key;
            Optional<String> kept = session.takeDraft(page);
            if (kept.isPresent() && refusal.isEmpty()) {
                body.append(Html.confirmation("message-info", "Votre message n'a pas encore été envoyé : le voici. Vérifiez-le, "
                    + "ajoutez de nouveau ses pièces jointes s'il en avait, puis envoyez-le."));
            }
            body.append("<form method=\"post\" enctype=\"multipart/form-data\" action=\"/conversations/").append(Html.escape(thread.key()))
                .append("/reponse\" class=\"reponse\" id=\"").append(REPLY_FORM).append("\">").append(Html.csrfField(session.csrf()))
                .append("<input type=\"hidden\" name=\"retour\" value=\"").append(Html.escape(page)).append("\">")
                .append("<label for=\"texte\">Répondre</label>")
                .append("<textarea id=\"texte\" name=\"texte\" rows=\"6\" required maxlength=\"").append(Drafts.MAX_TEXT).append("\">")
                .append(Html.escape(kept.orElse(""))).append("</textarea>")
                .append("<label for=\"fichiers\">Pièces jointes (").append(settings.maxUpload() / 1_000_000).append(" Mo au total au plus)</label>")
                .append("<input id=\"fichiers\" name=\"fichiers\" type=\"file\" multiple>")
                .append("<button type=\"submit\" id=\"envoyer\">Envoyer</button></form>");
        }
        return WebResponse.html(Html.page(Html.Section.CONVERSATIONS, subject, session.csrf(), body.toString()));
    }

    WebResponse reply(WebmailSessions.Session session, Username user, String key, WebRequest request) {
        Optional<PatientConversations.Thread> found = conversations.thread(user, key);
        if (found.isEmpty()) {
            return WebResponse.notFound();
        }
        PatientConversations.Thread thread = found.get();
        String text = request.formField("texte");
        if (text.isBlank() || text.length() > Drafts.MAX_TEXT) {
            return conversation(session, user, key, false, Optional.of("Écrivez un message (" + Drafts.MAX_TEXT + " caractères au plus)."));
        }
        // After any refusal the text typed comes back in the form.
        session.keepDraft(new WebmailSessions.Draft("/conversations/" + key, text));
        if (request.uploadsOverLimit() || uploadSize(request) > settings.maxUpload()) {
            return conversation(session, user, key, false, Optional.of("Pièces jointes trop volumineuses : "
                + settings.maxUpload() / 1_000_000 + " Mo au total au plus. Votre texte est conservé ci-dessous."));
        }
        List<MailAddress> recipients = thread.conversation()
            .map(conversation -> List.copyOf(conversation.professionals()))
            .orElseGet(() -> lastSender(thread));
        List<String> ids = thread.messages().stream().map(PatientMessages.Summary::messageId).flatMap(Optional::stream).toList();
        Optional<String> inReplyTo = thread.messages().stream().filter(summary -> !summary.sent())
            .reduce((first, second) -> second).flatMap(PatientMessages.Summary::messageId)
            .or(() -> ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(ids.size() - 1)));
        String subject = thread.messages().get(0).subject();
        String replySubject = subject.regionMatches(true, 0, "Re:", 0, 3) ? subject : "Re: " + subject;
        Optional<String> refused = Drafts.send(sender, user,
            new PatientMailSender.Draft(recipients, replySubject, text, request.uploads(), inReplyTo, ids));
        if (refused.isPresent()) {
            return conversation(session, user, key, false, refused);
        }
        session.takeDraft("/conversations/" + key);
        return WebResponse.redirect("/conversations/" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "?envoye=1");
    }

    /**
     * Who a reply outside any recorded conversation goes to: the last sender, or, in a thread of the patient's own
     * messages only (one written before patient-initiated messages opened conversations), their recipients. The
     * conversation policy decides on them as on any message.
     */
    private static List<MailAddress> lastSender(PatientConversations.Thread thread) {
        Optional<PatientMessages.Summary> received = thread.messages().stream().filter(summary -> !summary.sent())
            .reduce((first, second) -> second);
        List<String> addresses = received.map(summary -> List.of(summary.fromAddress()))
            .orElseGet(() -> thread.latest().to());
        List<MailAddress> recipients = new java.util.ArrayList<>();
        for (String address : addresses) {
            try {
                recipients.add(new MailAddress(address));
            } catch (AddressException e) {
                // Not an address (a display text): nobody to answer there.
            }
        }
        return List.copyOf(recipients);
    }

    /** A size in words a patient reads: "12 Ko", "3,4 Mo". */
    static String size(long bytes) {
        if (bytes < 1_000) {
            return bytes + " octets";
        }
        if (bytes < 1_000_000) {
            return (bytes + 999) / 1_000 + " Ko";
        }
        return String.format(java.util.Locale.FRANCE, "%.1f Mo", bytes / 1_000_000.0);
    }

    private static long uploadSize(WebRequest request) {
        return request.uploads().stream().mapToLong(upload -> upload.content().length).sum();
    }

    private static int parseIntOrZero(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
