package org.santegateway.server.webmail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.Authenticator;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MailboxId;
import org.santegateway.audit.ActorKind;
import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.AuditLog;
import org.santegateway.audit.CommonOutcome;
import org.santegateway.audit.Pseudonyms;
import org.santegateway.conversation.MessageThreading;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.conversation.PatientInitiatedMailboxes;
import org.santegateway.ins.MatriculeIns;
import org.santegateway.server.login.LoginThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages of the patient webmail (French), server-rendered without any script. Every page but
 * the login form needs a signed-in patient; every POST needs the session's CSRF token.
 *
 * <ul>
 *     <li>{@code GET/POST /connexion}, {@code POST /deconnexion}</li>
 *     <li>{@code GET /conversations}, {@code GET /conversations/{key}},
 *     {@code POST /conversations/{key}/reponse}</li>
 *     <li>{@code GET /messages/{mailbox}/{uid}/pieces/{index}}: an attachment</li>
 *     <li>{@code GET/POST /nouveau}: a message to an organisational mailbox that accepts it</li>
 *     <li>{@code GET/POST /notifications}: the personal address notified of new messages</li>
 *     <li>{@code /documents...}: the documents of the patient's record ({@link DocumentPages})</li>
 * </ul>
 */
public class WebmailPages {
    private static final Logger LOGGER = LoggerFactory.getLogger(WebmailPages.class);
    private static final int PAGE_SIZE = 50;
    private static final int MAX_TEXT = 100_000;
    /** Audit action of a patient reading messages in the webmail (objects: hashed Message-IDs). */
    public static final String READ_ACTION = "webmail.message.read";

    private final WebmailSessions sessions;
    private final LoginThrottle throttle;
    private final Authenticator authenticator;
    private final PatientDomains patientDomains;
    private final PatientConversations conversations;
    private final PatientMessages messages;
    private final PatientMailSender sender;
    private final PatientInitiatedMailboxes organisations;
    private final NotificationAddresses notificationAddresses;
    private final DocumentPages documents;
    private final MailboxId.Factory mailboxIds;
    private final WebmailSettings settings;
    private final AuditLog auditLog;
    private final Pseudonyms pseudonyms;
    private final Clock clock;
    private final byte[] styleSheet;

    @Inject
    public WebmailPages(WebmailSessions sessions, LoginThrottle throttle, Authenticator authenticator, PatientDomains patientDomains,
                        PatientConversations conversations, PatientMessages messages, PatientMailSender sender,
                        PatientInitiatedMailboxes organisations, NotificationAddresses notificationAddresses, DocumentPages documents,
                        MailboxId.Factory mailboxIds, WebmailSettings settings, AuditLog auditLog, Pseudonyms pseudonyms, Clock clock) {
        this.sessions = sessions;
        this.throttle = throttle;
        this.authenticator = authenticator;
        this.patientDomains = patientDomains;
        this.conversations = conversations;
        this.messages = messages;
        this.sender = sender;
        this.organisations = organisations;
        this.notificationAddresses = notificationAddresses;
        this.documents = documents;
        this.mailboxIds = mailboxIds;
        this.settings = settings;
        this.auditLog = auditLog;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
        this.styleSheet = resource("/webmail/webmail.css");
    }

    public WebResponse handle(WebRequest request) {
        String path = request.path();
        if (!request.method().equals("GET") && !request.isPost()) {
            return WebResponse.html(405, Html.errorPage("Méthode non autorisée.")).withHeader("Allow", "GET, POST");
        }
        if (path.equals("/static/webmail.css")) {
            return WebResponse.bytes("text/css; charset=utf-8", styleSheet).withHeader("Cache-Control", "public, max-age=3600");
        }
        if (path.equals("/connexion")) {
            return request.isPost() ? login(request) : loginForm(request, Optional.empty(), 200);
        }
        Optional<WebmailSessions.Session> session = request.cookie(WebmailSessions.COOKIE).flatMap(sessions::find);
        Optional<WebmailSessions.Session> signedIn = session.filter(value -> value.user().isPresent());
        if (signedIn.isEmpty()) {
            if (request.isPost()) {
                return WebResponse.html(403, Html.errorPage("Votre session a expiré. Reconnectez-vous."));
            }
            return WebResponse.redirect("/connexion");
        }
        WebmailSessions.Session current = signedIn.get();
        if (request.isPost() && !current.csrfMatches(request.formField("csrf"))) {
            return WebResponse.html(403, Html.errorPage("Requête refusée : jeton de sécurité invalide. Rechargez la page."));
        }
        Username user = current.user().get();
        List<String> segments = segments(path);
        if (path.equals("/") || path.isEmpty()) {
            return WebResponse.redirect("/conversations");
        }
        if (path.equals("/deconnexion") && request.isPost()) {
            sessions.logout(current.id());
            return WebResponse.redirect("/connexion?deconnecte=1").withHeader("Set-Cookie", WebmailSessions.expiredCookie())
                .withHeader("Clear-Site-Data", "\"cache\", \"cookies\", \"storage\"");
        }
        if (segments.size() == 1 && segments.get(0).equals("conversations") && !request.isPost()) {
            return conversationList(current, user, request);
        }
        if (segments.size() == 2 && segments.get(0).equals("conversations") && !request.isPost()) {
            return conversation(current, user, segments.get(1), request.queryParameter("envoye").isPresent(), Optional.empty());
        }
        if (segments.size() == 3 && segments.get(0).equals("conversations") && segments.get(2).equals("reponse") && request.isPost()) {
            return reply(current, user, segments.get(1), request);
        }
        if (segments.size() == 5 && segments.get(0).equals("messages") && segments.get(3).equals("pieces") && !request.isPost()) {
            return attachment(user, segments.get(1), segments.get(2), segments.get(4));
        }
        if (path.equals("/nouveau")) {
            return request.isPost() ? newMessage(current, user, request) : newMessageForm(current, Optional.empty(), Optional.empty());
        }
        if (path.equals("/notifications")) {
            return request.isPost() ? saveNotification(current, user, request) : notificationForm(current, user, Optional.empty());
        }
        if (!segments.isEmpty() && segments.get(0).equals("documents")) {
            return documents.handle(current, user, segments, request);
        }
        return notFound();
    }

    static WebResponse notFound() {
        return WebResponse.html(404, Html.errorPage("Page introuvable."));
    }

    // Login

    private WebResponse loginForm(WebRequest request, Optional<String> error, int status) {
        if (!request.isPost() && request.cookie(WebmailSessions.COOKIE).flatMap(sessions::find).flatMap(WebmailSessions.Session::user).isPresent()) {
            return WebResponse.redirect("/conversations");
        }
        WebmailSessions.Session session = request.cookie(WebmailSessions.COOKIE).flatMap(sessions::find)
            .filter(value -> value.user().isEmpty())
            .orElseGet(sessions::anonymous);
        StringBuilder body = new StringBuilder("<h1>Connexion</h1>");
        if (request.queryParameter("deconnecte").isPresent() && error.isEmpty()) {
            body.append("<p class=\"info\" id=\"message-info\">Vous êtes déconnecté.</p>");
        }
        error.ifPresent(text -> body.append("<p class=\"erreur\" id=\"erreur\" role=\"alert\">").append(Html.escape(text)).append("</p>"));
        body.append("<form method=\"post\" action=\"/connexion\" class=\"connexion\">")
            .append(Html.csrfField(session.csrf()))
            .append("<label for=\"adresse\">Adresse de messagerie santé</label>")
            .append("<input id=\"adresse\" name=\"adresse\" type=\"email\" autocomplete=\"username\" required>")
            .append("<label for=\"mot-de-passe\">Mot de passe</label>")
            .append("<input id=\"mot-de-passe\" name=\"motDePasse\" type=\"password\" autocomplete=\"current-password\" required>")
            .append("<button type=\"submit\" id=\"se-connecter\">Se connecter</button></form>");
        return WebResponse.html(status, Html.publicPage("Connexion", body.toString())).withHeader("Set-Cookie", sessions.cookie(session));
    }

    private WebResponse login(WebRequest request) {
        Optional<WebmailSessions.Session> previous = request.cookie(WebmailSessions.COOKIE).flatMap(sessions::find);
        if (previous.isEmpty() || !previous.get().csrfMatches(request.formField("csrf"))) {
            return loginForm(request, Optional.of("Votre formulaire a expiré. Réessayez."), 403);
        }
        String login = request.formField("adresse").trim();
        String password = request.formField("motDePasse");
        if (login.isEmpty() || password.isEmpty() || login.length() > 320 || password.length() > 1024) {
            return loginForm(request, Optional.of("Saisissez votre adresse et votre mot de passe."), 400);
        }
        if (request.client().map(throttle::checkClient).orElse(new LoginThrottle.Verdict.Allowed()) instanceof LoginThrottle.Verdict.Locked) {
            return loginForm(request, Optional.of("Trop de tentatives échouées depuis votre connexion. "
                + "Réessayez dans " + settings.lockout().toMinutes() + " minutes."), 429);
        }
        if (throttle.check(login) instanceof LoginThrottle.Verdict.Locked) {
            return loginForm(request, Optional.of("Trop de tentatives échouées : votre compte est bloqué temporairement. "
                + "Réessayez dans " + settings.lockout().toMinutes() + " minutes."), 429);
        }
        Optional<Username> user = patient(login);
        boolean authentic = false;
        if (user.isPresent()) {
            try {
                authentic = authenticator.isAuthentic(user.get(), password);
            } catch (MailboxException e) {
                LOGGER.warn("Webmail login could not be checked: {}", e.getClass().getSimpleName());
                return loginForm(request, Optional.of("Service momentanément indisponible."), 503);
            }
        }
        if (!authentic) {
            request.client().ifPresent(throttle::failedFrom);
            Duration delay = throttle.failed(login);
            return loginForm(request, Optional.of("Adresse ou mot de passe incorrect."), 401).delayedBy(delay);
        }
        throttle.succeeded(login);
        WebmailSessions.Session session = sessions.login(previous.map(WebmailSessions.Session::id), user.get());
        return WebResponse.redirect("/conversations").withHeader("Set-Cookie", sessions.cookie(session));
    }

    /** Only patients sign in to the webmail: an address of a patient domain whose local part is a matricule INS. */
    private Optional<Username> patient(String login) {
        try {
            MailAddress address = new MailAddress(login.toLowerCase(Locale.ROOT));
            if (!patientDomains.contains(address.getDomain()) || !MatriculeIns.isValid(address.getLocalPart())) {
                return Optional.empty();
            }
            return Optional.of(Username.fromMailAddress(address));
        } catch (AddressException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    // Conversations

    private WebResponse conversationList(WebmailSessions.Session session, Username user, WebRequest request) {
        List<PatientConversations.Item> all = conversations.list(user);
        int page = request.queryParameter("page").map(WebmailPages::parseIntOrZero).orElse(0);
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
                    .append("<td class=\"professionnel\">").append(Html.escape(item.professional())).append("</td>")
                    .append("<td><a class=\"ouvrir\" href=\"/conversations/").append(Html.escape(item.key())).append("\">")
                    .append(Html.escape(item.subject().isEmpty() ? "(sans objet)" : item.subject())).append("</a>")
                    .append(item.count() > 1 ? " <span class=\"nombre\">(" + item.count() + ")</span>" : "").append("</td>")
                    .append("<td class=\"date\">").append(Html.date(item.date())).append("</td>")
                    .append("<td class=\"etat\">").append(item.unread() ? "<span class=\"badge non-lu\">Non lu</span> " : "")
                    .append(item.closed() ? "<span class=\"badge cloturee\">Clôturée</span>" : "").append("</td></tr>");
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
        return WebResponse.html(Html.page("Conversations", session.csrf(), body.toString()));
    }

    private WebResponse conversation(WebmailSessions.Session session, Username user, String key, boolean sent, Optional<String> refusal) {
        Optional<PatientConversations.Thread> found = conversations.thread(user, key);
        if (found.isEmpty()) {
            return notFound();
        }
        PatientConversations.Thread thread = found.get();
        StringBuilder body = new StringBuilder();
        String subject = thread.messages().get(0).subject();
        body.append("<h1>").append(Html.escape(subject.isEmpty() ? "(sans objet)" : subject)).append("</h1>");
        if (sent) {
            body.append("<p class=\"info\" id=\"message-info\">Votre message a été envoyé.</p>");
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
                .append("</span> <span class=\"date\">").append(Html.date(summary.date())).append("</span></header>");
            try {
                MessageRenderer.Rendered rendered = MessageRenderer.render(message.get());
                body.append(rendered.safeHtml());
                if (!rendered.attachments().isEmpty()) {
                    body.append("<ul class=\"pieces-jointes\">");
                    for (MessageRenderer.Attachment attachment : rendered.attachments()) {
                        body.append("<li><a class=\"piece-jointe\" href=\"/messages/").append(Html.escape(summary.mailboxId().serialize()))
                            .append('/').append(summary.uid().asLong()).append("/pieces/").append(attachment.index()).append("\">")
                            .append(Html.escape(attachment.fileName())).append("</a></li>");
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
            body.append("<form method=\"post\" enctype=\"multipart/form-data\" action=\"/conversations/").append(Html.escape(thread.key()))
                .append("/reponse\" class=\"reponse\">").append(Html.csrfField(session.csrf()))
                .append("<label for=\"texte\">Répondre</label>")
                .append("<textarea id=\"texte\" name=\"texte\" rows=\"6\" required maxlength=\"").append(MAX_TEXT).append("\"></textarea>")
                .append("<label for=\"fichiers\">Pièces jointes (").append(settings.maxUpload() / 1_000_000).append(" Mo au total au plus)</label>")
                .append("<input id=\"fichiers\" name=\"fichiers\" type=\"file\" multiple>")
                .append("<button type=\"submit\" id=\"envoyer\">Envoyer</button></form>");
        }
        return WebResponse.html(Html.page(subject, session.csrf(), body.toString()));
    }

    private WebResponse reply(WebmailSessions.Session session, Username user, String key, WebRequest request) {
        Optional<PatientConversations.Thread> found = conversations.thread(user, key);
        if (found.isEmpty()) {
            return notFound();
        }
        PatientConversations.Thread thread = found.get();
        String text = request.formField("texte");
        if (text.isBlank() || text.length() > MAX_TEXT) {
            return conversation(session, user, key, false, Optional.of("Écrivez un message (" + MAX_TEXT + " caractères au plus)."));
        }
        if (uploadSize(request) > settings.maxUpload()) {
            return conversation(session, user, key, false, Optional.of("Pièces jointes trop volumineuses."));
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
        return send(session, user, new PatientMailSender.Draft(recipients, replySubject, text, request.uploads(), inReplyTo, ids),
            refused -> conversation(session, user, key, false, Optional.of(refused)),
            () -> WebResponse.redirect("/conversations/" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "?envoye=1"));
    }

    private static List<MailAddress> lastSender(PatientConversations.Thread thread) {
        return thread.messages().stream().filter(summary -> !summary.sent()).reduce((first, second) -> second)
            .flatMap(summary -> {
                try {
                    return Optional.of(new MailAddress(summary.fromAddress()));
                } catch (AddressException e) {
                    return Optional.empty();
                }
            }).map(List::of).orElse(List.of());
    }

    private WebResponse send(WebmailSessions.Session session, Username user, PatientMailSender.Draft draft,
                             java.util.function.Function<String, WebResponse> onRefusal, java.util.function.Supplier<WebResponse> onSent) {
        if (draft.recipients().isEmpty()) {
            return onRefusal.apply("aucun destinataire.");
        }
        try {
            PatientMailSender.Result result = sender.send(user, draft);
            if (result instanceof PatientMailSender.Result.Refused refused) {
                return onRefusal.apply(refused.reason().french());
            }
            return onSent.get();
        } catch (MessagingException e) {
            LOGGER.warn("Webmail message could not be sent: {}", e.getClass().getSimpleName());
            return onRefusal.apply("le message n'a pas pu être envoyé. Réessayez plus tard.");
        }
    }

    private WebResponse attachment(Username user, String mailbox, String uid, String index) {
        try {
            MailboxId mailboxId = mailboxIds.fromString(mailbox);
            Optional<MimeMessage> message = messages.message(user, mailboxId, MessageUid.of(Long.parseLong(uid)));
            if (message.isEmpty()) {
                return notFound();
            }
            int position = Integer.parseInt(index);
            List<MessageRenderer.Attachment> attachments = MessageRenderer.attachments(message.get());
            if (position < 0 || position >= attachments.size()) {
                return notFound();
            }
            MessageRenderer.Attachment attachment = attachments.get(position);
            return download(attachment.fileName(), attachment.content());
        } catch (IllegalArgumentException e) {
            return notFound();
        } catch (IOException | MessagingException e) {
            return WebResponse.html(500, Html.errorPage("Cette pièce jointe ne peut pas être lue."));
        }
    }

    /** A file to save, never rendered by the browser in the webmail's origin. */
    static WebResponse download(String fileName, byte[] content) {
        String ascii = fileName.replaceAll("[^A-Za-z0-9._-]", "_");
        return WebResponse.bytes("application/octet-stream", content)
            .withHeader("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    // New message to an organisational mailbox

    private WebResponse newMessageForm(WebmailSessions.Session session, Optional<String> refusal, Optional<String> info) {
        List<MailAddress> mailboxes = organisations.list();
        StringBuilder body = new StringBuilder("<h1>Écrire à un établissement</h1>");
        body.append("<p>Vous ne pouvez pas commencer une conversation avec un professionnel de santé : répondez aux messages qu'il vous envoie. "
            + "Seules les messageries d'établissement ci-dessous acceptent vos nouveaux messages.</p>");
        refusal.ifPresent(text -> body.append("<p class=\"erreur\" id=\"erreur\" role=\"alert\">Message refusé : ").append(Html.escape(text)).append("</p>"));
        info.ifPresent(text -> body.append("<p class=\"info\" id=\"message-info\">").append(Html.escape(text)).append("</p>"));
        if (mailboxes.isEmpty()) {
            body.append("<p id=\"aucun-etablissement\">Aucun établissement n'accepte de nouveaux messages pour le moment.</p>");
        }
        body.append("<form method=\"post\" action=\"/nouveau\" class=\"nouveau\">").append(Html.csrfField(session.csrf()))
            .append("<label for=\"destinataire\">Destinataire</label><select id=\"destinataire\" name=\"destinataire\" required>");
        for (MailAddress mailbox : mailboxes) {
            body.append("<option value=\"").append(Html.escape(mailbox.asString())).append("\">").append(Html.escape(mailbox.asString())).append("</option>");
        }
        body.append("</select><label for=\"objet\">Objet</label><input id=\"objet\" name=\"objet\" maxlength=\"200\" required>")
            .append("<label for=\"texte\">Message</label><textarea id=\"texte\" name=\"texte\" rows=\"6\" required></textarea>")
            .append("<button type=\"submit\" id=\"envoyer\">Envoyer</button></form>");
        return WebResponse.html(Html.page("Nouveau message", session.csrf(), body.toString()));
    }

    private WebResponse newMessage(WebmailSessions.Session session, Username user, WebRequest request) {
        String text = request.formField("texte");
        String subject = request.formField("objet").trim();
        if (text.isBlank() || subject.isEmpty() || text.length() > MAX_TEXT || subject.length() > 200) {
            return newMessageForm(session, Optional.of("indiquez un objet et un message."), Optional.empty());
        }
        MailAddress recipient;
        try {
            recipient = new MailAddress(request.formField("destinataire").trim());
        } catch (AddressException e) {
            return newMessageForm(session, Optional.of("destinataire invalide."), Optional.empty());
        }
        // The policy decides: only an organisational mailbox accepting patient-initiated messages passes.
        return send(session, user, new PatientMailSender.Draft(List.of(recipient), subject, text, List.of(), Optional.empty(), List.of()),
            refused -> newMessageForm(session, Optional.of(refused), Optional.empty()),
            () -> newMessageForm(session, Optional.empty(), Optional.of("Votre message a été envoyé.")));
    }

    // Notifications

    private WebResponse notificationForm(WebmailSessions.Session session, Username user, Optional<String> info) {
        Optional<String> current = notificationAddresses.get(user);
        StringBuilder body = new StringBuilder("<h1>Notifications</h1>");
        info.ifPresent(text -> body.append("<p class=\"info\" id=\"message-info\">").append(Html.escape(text)).append("</p>"));
        body.append("<p>Recevez un courriel sur votre adresse personnelle quand un message vous attend. "
            + "Ce courriel ne contient ni l'expéditeur, ni l'objet, ni le contenu du message.</p>");
        body.append("<form method=\"post\" action=\"/notifications\" class=\"notifications\">").append(Html.csrfField(session.csrf()))
            .append("<label for=\"adresse-personnelle\">Adresse personnelle (laisser vide pour ne plus être prévenu)</label>")
            .append("<input id=\"adresse-personnelle\" name=\"adresse\" type=\"email\" maxlength=\"320\" value=\"")
            .append(Html.escape(current.orElse(""))).append("\">")
            .append("<button type=\"submit\" id=\"enregistrer\">Enregistrer</button></form>");
        return WebResponse.html(Html.page("Notifications", session.csrf(), body.toString()));
    }

    private WebResponse saveNotification(WebmailSessions.Session session, Username user, WebRequest request) {
        String value = request.formField("adresse").trim();
        if (value.isEmpty()) {
            notificationAddresses.remove(user);
            return notificationForm(session, user, Optional.of("Vous ne recevrez plus de notification."));
        }
        try {
            MailAddress address = new MailAddress(value);
            if (patientDomains.contains(address.getDomain())) {
                return notificationForm(session, user, Optional.of("Indiquez une adresse personnelle, pas une adresse de messagerie santé."));
            }
            notificationAddresses.set(user, address);
            return notificationForm(session, user, Optional.of("Adresse enregistrée."));
        } catch (AddressException e) {
            return notificationForm(session, user, Optional.of("Adresse invalide."));
        }
    }

    // Helpers

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

    static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }

    private static byte[] resource(String name) {
        try (InputStream input = WebmailPages.class.getResourceAsStream(name)) {
            if (input == null) {
                throw new IllegalStateException("Missing resource " + name);
            }
            return input.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
