package org.santegateway.server.webmail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Username;

/**
 * The router of the patient webmail (French, server-rendered without any script): it serves the
 * style sheet, sends the login pages their requests, and for every other page requires a
 * signed-in patient and, on a POST, the session's CSRF token, before handing the request to the
 * page class of its path. Signed-in pages get the warning that the session is about to expire, with a
 * "stay signed in" button ({@code POST /session/prolonger}); a reply posted after expiry is kept and
 * offered back after the next login of the same patient.
 *
 * <ul>
 *     <li>{@code GET/POST /connexion}, {@code POST /deconnexion}: {@link LoginPages}</li>
 *     <li>{@code GET/POST /opposition}, {@code GET/POST /activation}: a space's objection and activation, without an
 *     account ({@link SpacePages})</li>
 *     <li>{@code GET /conversations}, {@code GET /conversations/{key}},
 *     {@code POST /conversations/{key}/reponse}: {@link ConversationPages}</li>
 *     <li>{@code GET /messages/{mailbox}/{uid}/pieces/{index}}: an attachment ({@link AttachmentPages})</li>
 *     <li>{@code GET/POST /nouveau}: a message to an organisational mailbox that accepts it ({@link NewMessagePages})</li>
 *     <li>{@code GET/POST /notifications}: the personal address notified of new messages ({@link NotificationPages})</li>
 *     <li>{@code GET /espace}, {@code POST /espace/cloture|reouverture|suppression}: the space's closure, reopening and
 *     deletion ({@link SpacePages})</li>
 *     <li>{@code /documents...}: the documents of the patient's record ({@link DocumentPages})</li>
 *     <li>{@code GET /agenda}, {@code GET /agenda/agenda.ics}: the patient's agenda and its export ({@link AgendaPages})</li>
 * </ul>
 */
public class WebmailPages {
    private final WebmailSessions sessions;
    private final LoginPages login;
    private final ConversationPages conversations;
    private final AttachmentPages attachments;
    private final NewMessagePages newMessages;
    private final NotificationPages notifications;
    private final AccessibilityPage accessibility;
    private final DocumentPages documents;
    private final SpacePages spaces;
    private final AgendaPages agenda;
    private final byte[] styleSheet;

    @Inject
    public WebmailPages(WebmailSessions sessions, LoginPages login, ConversationPages conversations, AttachmentPages attachments,
                        NewMessagePages newMessages, NotificationPages notifications, DocumentPages documents,
                        AccessibilityPage accessibility, SpacePages spaces, AgendaPages agenda) {
        this.agenda = agenda;
        this.accessibility = accessibility;
        this.spaces = spaces;
        this.sessions = sessions;
        this.login = login;
        this.conversations = conversations;
        this.attachments = attachments;
        this.newMessages = newMessages;
        this.notifications = notifications;
        this.documents = documents;
        // The warning before the session expires appears by a CSS animation delay (the pages run no script).
        this.styleSheet = (new String(resource("/webmail/webmail.css"), StandardCharsets.UTF_8)
            + "\n.expiration { animation-delay: " + sessions.warningDelay().toSeconds() + "s; }\n").getBytes(StandardCharsets.UTF_8);
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
            return login.handle(request);
        }
        if (path.equals("/accessibilite") && !request.isPost()) {
            return accessibility.statement();
        }
        if (path.equals("/notifications/confirmer")) {
            return notifications.confirmation(request);
        }
        if (path.equals("/opposition")) {
            return spaces.objection(request);
        }
        if (path.equals("/activation")) {
            return spaces.activation(request);
        }
        Optional<WebmailSessions.Session> session = request.cookie(WebmailSessions.COOKIE).flatMap(sessions::find);
        Optional<WebmailSessions.Session> signedIn = session.filter(value -> value.user().isPresent());
        if (signedIn.isEmpty()) {
            if (request.isPost()) {
                return expiredPost(request);
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
        return withExpiryWarning(signedInPage(request, current, user, path, segments), current, path);
    }

    private WebResponse signedInPage(WebRequest request, WebmailSessions.Session current, Username user, String path, List<String> segments) {
        if (path.equals("/deconnexion") && request.isPost()) {
            return login.logout(current);
        }
        if (path.equals("/session/prolonger") && request.isPost()) {
            return stayingSignedIn(current, request);
        }
        if (segments.size() == 1 && segments.get(0).equals("conversations") && !request.isPost()) {
            return conversations.list(current, user, request);
        }
        if (segments.size() == 2 && segments.get(0).equals("conversations") && !request.isPost()) {
            return conversations.thread(current, user, segments.get(1), request);
        }
        if (segments.size() == 3 && segments.get(0).equals("conversations") && segments.get(2).equals("reponse") && request.isPost()) {
            return conversations.reply(current, user, segments.get(1), request);
        }
        if (segments.size() == 5 && segments.get(0).equals("messages") && segments.get(3).equals("pieces") && !request.isPost()) {
            return attachments.attachment(user, segments.get(1), segments.get(2), segments.get(4));
        }
        if (path.equals("/nouveau")) {
            return request.isPost() ? newMessages.send(current, user, request) : newMessages.form(current);
        }
        if (path.equals("/notifications")) {
            return request.isPost() ? notifications.save(current, user, request) : notifications.form(current, user);
        }
        if (path.equals("/espace") && !request.isPost()) {
            return spaces.space(current, user, Optional.empty(), Optional.empty());
        }
        if (segments.size() == 2 && segments.get(0).equals("espace") && request.isPost()) {
            return spaces.change(current, user, segments.get(1), request);
        }
        if (path.equals("/agenda") && !request.isPost()) {
            return agenda.page(current, user);
        }
        if (path.equals("/agenda/agenda.ics") && !request.isPost()) {
            return agenda.export(user);
        }
        if (path.equals("/agenda/naissance") && request.isPost()) {
            return agenda.birthDate(current, user, request);
        }
        if (path.equals("/agenda/prevention") && request.isPost()) {
            return agenda.prevention(current, user, request);
        }
        if (path.equals("/agenda/rappels") && request.isPost()) {
            return agenda.reminders(current, user, request);
        }
        if (path.equals("/agenda/ajouter") && request.isPost()) {
            return agenda.add(current, user, request);
        }
        if (segments.size() == 2 && segments.get(0).equals("agenda") && !request.isPost()) {
            return agenda.detail(current, user, segments.get(1));
        }
        if (segments.size() == 3 && segments.get(0).equals("agenda") && segments.get(2).equals("supprimer") && request.isPost()) {
            return agenda.delete(current, user, segments.get(1));
        }
        if (segments.size() == 3 && segments.get(0).equals("agenda") && segments.get(2).equals("reponse") && request.isPost()) {
            return agenda.answer(current, user, segments.get(1), request);
        }
        if (!segments.isEmpty() && segments.get(0).equals("documents")) {
            return documents.handle(current, user, segments, request);
        }
        return WebResponse.notFound();
    }

    /**
     * A POST whose session is gone. A reply typed in a conversation is kept for the patient of the expired session
     * and offered back after they sign in again; anything else gets the expiry page.
     */
    private WebResponse expiredPost(WebRequest request) {
        List<String> segments = segments(request.path());
        String text = request.formField("texte");
        Optional<String> cookie = request.cookie(WebmailSessions.COOKIE);
        if (cookie.isPresent() && !text.isBlank() && text.length() <= Drafts.MAX_TEXT && segments.size() == 3
                && segments.get(0).equals("conversations") && segments.get(2).equals("reponse")) {
            Optional<String> token = sessions.keepReplyOfExpired(cookie.get(),
                new WebmailSessions.Draft("/conversations/" + segments.get(1), text));
            if (token.isPresent()) {
                return WebResponse.redirect("/connexion?reprise=1")
                    .withHeader("Set-Cookie", WebmailSessions.keptReplyCookie(token.get()));
            }
        }
        return WebResponse.html(403, Html.errorPage("Votre session a expiré. Reconnectez-vous."));
    }

    /** "Stay signed in": the session is touched by this very request; a text being typed comes back in its form. */
    private WebResponse stayingSignedIn(WebmailSessions.Session session, WebRequest request) {
        String back = request.formField("retour");
        if (!back.startsWith("/") || back.startsWith("//") || back.contains("\\") || back.length() > 1000) {
            back = "/conversations";
        }
        String text = request.formField("texte");
        if (!text.isBlank() && text.length() <= Drafts.MAX_TEXT) {
            session.keepDraft(new WebmailSessions.Draft(back, text));
        }
        return WebResponse.redirect(back);
    }

    /**
     * Adds to a signed-in page the warning that the session is about to expire (hidden until a few minutes before the
     * idle timeout, by the style sheet) with a "stay signed in" button; on a page with a reply form the button sends
     * the text typed so far along, so that it is not lost.
     */
    private WebResponse withExpiryWarning(WebResponse response, WebmailSessions.Session session, String path) {
        if (response.status() != 200 || !response.contentType().startsWith("text/html")) {
            return response;
        }
        String html = new String(response.body(), StandardCharsets.UTF_8);
        int main = html.indexOf(MAIN);
        if (main < 0) {
            return response;
        }
        boolean replyForm = html.contains("id=\"" + ConversationPages.REPLY_FORM + "\"");
        long seconds = sessions.idle().minus(sessions.warningDelay()).toSeconds();
        String minutes = String.valueOf(Math.max(1, (seconds + 59) / 60));
        StringBuilder warning = new StringBuilder("<div class=\"expiration\" id=\"avertissement-expiration\" role=\"alert\">")
            .append("<p>Sans action de votre part, votre session expirera dans ").append(minutes)
            .append(" minute").append(minutes.equals("1") ? "" : "s").append(" et vous serez déconnecté.")
            .append(replyForm ? " Le message en cours de rédaction sera conservé." : "").append("</p>");
        if (replyForm) {
            warning.append("<button type=\"submit\" id=\"rester-connecte\" form=\"").append(ConversationPages.REPLY_FORM)
                .append("\" formaction=\"/session/prolonger\" formnovalidate>Rester connecté</button>");
        } else {
            warning.append("<form method=\"post\" action=\"/session/prolonger\">").append(Html.csrfField(session.csrf()))
                .append("<input type=\"hidden\" name=\"retour\" value=\"").append(Html.escape(path)).append("\">")
                .append("<button type=\"submit\" id=\"rester-connecte\">Rester connecté</button></form>");
        }
        warning.append("</div>");
        String changed = html.substring(0, main + MAIN.length()) + warning + html.substring(main + MAIN.length());
        return new WebResponse(response.status(), response.contentType(), changed.getBytes(StandardCharsets.UTF_8), response.headers(),
            response.delay());
    }

    private static final String MAIN = "<main id=\"contenu\" tabindex=\"-1\">";

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
