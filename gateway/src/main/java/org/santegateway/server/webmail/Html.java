package org.santegateway.server.webmail;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Page layout and HTML escaping of the webmail (French). Pages carry no script at all. */
final class Html {
    static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy 'à' HH:mm", Locale.FRANCE).withZone(ZONE);

    private Html() {
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder result = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> result.append("&lt;");
                case '>' -> result.append("&gt;");
                case '&' -> result.append("&amp;");
                case '"' -> result.append("&quot;");
                case '\'' -> result.append("&#39;");
                default -> result.append(c);
            }
        }
        return result.toString();
    }

    static String date(Instant instant) {
        return DATE.format(instant);
    }

    /** A page for a signed-in patient: navigation and the logout form (a POST with the CSRF token). */
    static String page(String title, String csrf, String body) {
        return "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>" + escape(title) + " – Messagerie santé</title>"
            + "<link rel=\"stylesheet\" href=\"/static/webmail.css\"></head><body>"
            + "<header><span class=\"marque\">Messagerie santé</span><nav>"
            + "<a href=\"/conversations\">Conversations</a>"
            + "<a href=\"/nouveau\">Écrire à un établissement</a>"
            + "<a href=\"/documents\">Mes documents</a>"
            + "<a href=\"/notifications\">Notifications</a>"
            + "<form method=\"post\" action=\"/deconnexion\" class=\"deconnexion\">" + csrfField(csrf)
            + "<button type=\"submit\" id=\"deconnexion\">Se déconnecter</button></form>"
            + "</nav></header><main>" + body + "</main></body></html>";
    }

    /** A page outside a session (login, errors). */
    static String publicPage(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>" + escape(title) + " – Messagerie santé</title>"
            + "<link rel=\"stylesheet\" href=\"/static/webmail.css\"></head><body>"
            + "<header><span class=\"marque\">Messagerie santé</span></header><main>" + body + "</main></body></html>";
    }

    static String errorPage(String message) {
        return publicPage("Erreur", "<h1>Erreur</h1><p class=\"erreur\">" + escape(message) + "</p><p><a href=\"/conversations\">Retour</a></p>");
    }

    static String csrfField(String csrf) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(csrf) + "\">";
    }
}
