package org.santegateway.server.webmail;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Page layout and HTML escaping of the webmail (French). Pages carry no script at all; every page has a skip link to
 * its content, the current section marked in the navigation, and the accessibility statement in its footer.
 */
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

    /** The sections of the navigation; the page's own is marked {@code aria-current="page"}. */
    enum Section {
        CONVERSATIONS("/conversations", "Conversations"),
        NOUVEAU("/nouveau", "Écrire à un établissement"),
        DOCUMENTS("/documents", "Mes documents"),
        AGENDA("/agenda", "Agenda"),
        NOTIFICATIONS("/notifications", "Notifications");

        private final String path;
        private final String label;

        Section(String path, String label) {
            this.path = path;
            this.label = label;
        }
    }

    /** A page for a signed-in patient: skip link, navigation, the logout form (a POST with the CSRF token), footer. */
    static String page(Section current, String title, String csrf, String body) {
        StringBuilder navigation = new StringBuilder();
        for (Section section : Section.values()) {
            navigation.append("<a href=\"").append(section.path).append("\"")
                .append(section == current ? " aria-current=\"page\"" : "").append(">").append(escape(section.label)).append("</a>");
        }
        return head(title)
            + "<header><span class=\"marque\">Messagerie santé</span><nav aria-label=\"Menu principal\">" + navigation
            + "<form method=\"post\" action=\"/deconnexion\" class=\"deconnexion\">" + csrfField(csrf)
            + "<button type=\"submit\" id=\"deconnexion\">Se déconnecter</button></form>"
            + "</nav></header><main id=\"contenu\" tabindex=\"-1\">" + body + "</main>" + FOOTER + "</body></html>";
    }

    /** A page outside a session (login, errors, the accessibility statement). */
    static String publicPage(String title, String body) {
        return head(title)
            + "<header><span class=\"marque\">Messagerie santé</span></header><main id=\"contenu\" tabindex=\"-1\">" + body + "</main>"
            + FOOTER + "</body></html>";
    }

    /** The page's title is its first words; an empty icon spares the browser a request for /favicon.ico. */
    private static String head(String title) {
        return "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>" + escape(title) + " – Messagerie santé</title>"
            + "<link rel=\"icon\" href=\"data:,\">"
            + "<link rel=\"stylesheet\" href=\"/static/webmail.css\"></head><body>"
            + "<a class=\"evitement\" href=\"#contenu\">Aller au contenu</a>";
    }

    private static final String FOOTER = "<footer><a href=\"/accessibilite\" id=\"lien-accessibilite\">Accessibilité : non conforme</a></footer>";

    /** A status line: {@code role="alert"} and the word "Erreur" for a refusal, {@code role="status"} for a confirmation. */
    static String error(String id, String text) {
        return "<p class=\"erreur\" id=\"" + id + "\" role=\"alert\">Erreur : " + escape(text) + "</p>";
    }

    static String confirmation(String id, String text) {
        return "<p class=\"info\" id=\"" + id + "\" role=\"status\">" + escape(text) + "</p>";
    }

    static String errorPage(String message) {
        return publicPage("Erreur", "<h1>Erreur</h1>" + error("erreur", message) + "<p><a href=\"/conversations\">Retour</a></p>");
    }

    static String csrfField(String csrf) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(csrf) + "\">";
    }
}
