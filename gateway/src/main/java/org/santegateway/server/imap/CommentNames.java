package org.santegateway.server.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Rewrites the old comment form of an address, {@code user@domain (Real Name)}, as {@code Real Name <user@domain>},
 * so that an ENVELOPE built from it carries the personal name (RFC 3501 §7.4.2, as Dovecot and Cyrus do; RFC 5322
 * §3.4 keeps the form as obsolete syntax that mail still uses). Addresses with angle brackets, groups' names and
 * comments with no address beside them are left as written.
 */
public final class CommentNames {
    /** Atoms and encoded words, written as they are; anything else is quoted. */
    private static final Pattern PHRASE = Pattern.compile("[^()<>@,;:\\\\\".\\[\\]\\p{Cntrl}]+");

    private CommentNames() {
    }

    /** Whether a header value may hold the comment form (a cheap test before {@link #rewrite(String)}). */
    public static boolean mayHaveCommentName(String value) {
        return value != null && value.indexOf('(') >= 0;
    }

    public static String rewrite(String value) {
        List<String> elements = split(value);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(rewriteElement(elements.get(i)));
        }
        return out.toString();
    }

    /** Splits at top-level commas (outside quotes, comments and angle brackets). */
    private static List<String> split(String value) {
        List<String> elements = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        boolean angle = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && (quoted || depth > 0)) {
                i++;
            } else if (quoted) {
                quoted = c != '"';
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0 && c == '"') {
                quoted = true;
            } else if (depth == 0 && c == '<') {
                angle = true;
            } else if (depth == 0 && c == '>') {
                angle = false;
            } else if (depth == 0 && !angle && c == ',') {
                elements.add(value.substring(start, i));
                start = i + 1;
            }
        }
        elements.add(value.substring(start));
        return elements;
    }

    private static String rewriteElement(String element) {
        StringBuilder rest = new StringBuilder();
        String comment = null;
        int depth = 0;
        boolean quoted = false;
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < element.length(); i++) {
            char c = element.charAt(i);
            if (depth > 0) {
                if (c == '\\' && i + 1 < element.length()) {
                    current.append(element.charAt(++i));
                } else if (c == '(') {
                    depth++;
                    current.append(c);
                } else if (c == ')' && --depth == 0) {
                    if (!current.toString().isBlank()) {
                        comment = current.toString().trim();
                    }
                    current.setLength(0);
                } else {
                    current.append(c);
                }
            } else if (quoted) {
                rest.append(c);
                if (c == '\\' && i + 1 < element.length()) {
                    rest.append(element.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '(') {
                depth = 1;
            } else {
                if (c == '"') {
                    quoted = true;
                } else if (c == '<') {
                    return element;
                }
                rest.append(c);
            }
        }
        if (comment == null || depth > 0) {
            return element;
        }
        String address = rest.toString().strip();
        String prefix = "";
        String suffix = "";
        int colon = address.indexOf(':');
        if (colon >= 0 && address.indexOf('"') < 0) {
            prefix = address.substring(0, colon + 1) + " ";
            address = address.substring(colon + 1).strip();
        }
        if (address.endsWith(";")) {
            suffix = ";";
            address = address.substring(0, address.length() - 1).strip();
        }
        if (address.indexOf('@') <= 0 || address.chars().anyMatch(Character::isWhitespace)) {
            return element;
        }
        return " " + prefix + phrase(comment) + " <" + address + ">" + suffix;
    }

    private static String phrase(String comment) {
        if (PHRASE.matcher(comment).matches()) {
            return comment;
        }
        return '"' + comment.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
