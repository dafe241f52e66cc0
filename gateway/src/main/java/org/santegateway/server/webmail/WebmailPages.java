package org.santegateway.server.webmail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Username;

/**
 * The router of the patient webmail (French, server-rendered without any script): it serves the
 * style sheet, sends the login pages their requests, and for every other page requires a
 * signed-in patient and, on a POST, the session's CSRF token, before handing the request to the
 * page class of its path.
 *
 * <ul>
 *     <li>{@code GET/POST /connexion}, {@code POST /deconnexion}: {@link LoginPages}</li>
 *     <li>{@code GET /conversations}, {@code GET /conversations/{key}},
 *     {@code POST /conversations/{key}/reponse}: {@link ConversationPages}</li>
 *     <li>{@code GET /messages/{mailbox}/{uid}/pieces/{index}}: an attachment ({@link AttachmentPages})</li>
 *     <li>{@code GET/POST /nouveau}: a message to an organisational mailbox that accepts it ({@link NewMessagePages})</li>
 *     <li>{@code GET/POST /notifications}: the personal address notified of new messages ({@link NotificationPages})</li>
 *     <li>{@code /documents...}: the documents of the patient's record ({@link DocumentPages})</li>
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
    private final byte[] styleSheet;

    @Inject
    public WebmailPages(WebmailSessions sessions, LoginPages login, ConversationPages conversations, AttachmentPages attachments,
                        NewMessagePages newMessages, NotificationPages notifications, DocumentPages documents,
                        AccessibilityPage accessibility) {
        this.accessibility = accessibility;
        this.sessions = sessions;
        this.login = login;
        this.conversations = conversations;
        this.attachments = attachments;
        this.newMessages = newMessages;
        this.notifications = notifications;
        this.documents = documents;
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
            return login.handle(request);
        }
        if (path.equals("/accessibilite") && !request.isPost()) {
            return accessibility.statement();
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
            return login.logout(current);
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
        if (!segments.isEmpty() && segments.get(0).equals("documents")) {
            return documents.handle(current, user, segments, request);
        }
        return WebResponse.notFound();
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
