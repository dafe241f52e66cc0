package org.santegateway.trust;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * The subject distinguished name of an operator's certificate, compared the way a person reading
 * the trust list would: {@code CN=mss.example.fr,OU=123,O=Example,ST=Paris (75),C=FR} is the same
 * operator as {@code C=FR, ST=Paris (75), O=Example, OU=123, CN=mss.example.fr} or
 * {@code /C=FR/ST=Paris (75)/O=Example/OU=123/CN=mss.example.fr}.
 *
 * <p>How two names are compared:</p>
 * <ul>
 *   <li>Each relative distinguished name (RDN) is reduced to the {@link X500Principal#CANONICAL}
 *   form of the JDK (RFC 2253 with lower-cased attribute types and values, surrounding and repeated
 *   spaces removed, Unicode NFKD-normalised, the ASN.1 string type ignored: a PrintableString and a
 *   UTF8String with the same text are equal).</li>
 *   <li>The order of the RDNs is ignored: the list writes the RFC 2253 order (CN first) while tools
 *   and certificates differ (OpenSSL's one-line form and some certificates put C first). The
 *   multiset of canonical RDNs must be equal, so a name with an extra or a missing attribute
 *   (an {@code emailAddress}, a second {@code OU}) is a different operator: matching fails closed.</li>
 * </ul>
 *
 * <p>Accepted spellings: RFC 2253 / RFC 1779 ({@code ,} or {@code ;} separated, spaces allowed,
 * quoted or escaped values), the keywords the JDK knows plus {@code S} (state) and {@code E}
 * (email address) that Windows tools write, OID keywords ({@code 2.5.4.5=...}), and OpenSSL's
 * {@code /C=FR/O=...} form.</p>
 */
public final class OperatorDn {
    private static final Map<String, String> EXTRA_KEYWORDS = Map.of(
        "S", "2.5.4.8",
        "E", "1.2.840.113549.1.9.1");

    private final X500Principal principal;
    private final List<String> canonicalRdns;

    private OperatorDn(X500Principal principal) {
        this.principal = principal;
        this.canonicalRdns = canonicalRdns(principal);
    }

    /** The name of a certificate, as a TLS session or a certificate gives it. */
    public static OperatorDn of(X500Principal principal) {
        Objects.requireNonNull(principal, "principal");
        return new OperatorDn(principal);
    }

    /**
     * Parses a written distinguished name.
     *
     * @throws IllegalArgumentException when the text is not a distinguished name (the message
     *                                  does not repeat the text)
     */
    public static OperatorDn parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty distinguished name");
        }
        String rfc2253 = trimmed.startsWith("/") ? fromOpenSslOneLine(trimmed) : trimmed;
        X500Principal principal;
        try {
            principal = new X500Principal(rfc2253, EXTRA_KEYWORDS);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid distinguished name", e);
        }
        if (principal.getEncoded().length <= 2) {
            throw new IllegalArgumentException("empty distinguished name");
        }
        return new OperatorDn(principal);
    }

    /**
     * Parses a distinguished name as the trust list writes it: as {@link #parse}, and when that fails
     * on a double quote inside an unquoted value ({@code O=CENTRE HOSPITALIER "LES TILLEULS"}, which
     * RFC 2253 wants escaped), once more with those quotes read as the literal characters they
     * are in the certificate's subject. A value that is quoted as a whole ({@code O="A, B"}) keeps
     * its meaning. Any other defect still fails.
     *
     * @throws IllegalArgumentException when the text is not a distinguished name even so
     */
    public static OperatorDn parseLenient(String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            String trimmed = Objects.requireNonNull(text, "text").strip();
            if (trimmed.startsWith("/") || trimmed.indexOf('"') < 0) {
                throw e;
            }
            return parse(escapeBareQuotes(trimmed));
        }
    }

    /** The RFC 2253 form, as certificates print it. */
    public String rfc2253() {
        return principal.getName(X500Principal.RFC2253);
    }

    public X500Principal principal() {
        return principal;
    }

    /** The canonical RDNs, sorted: the comparison key (see the class comment). */
    List<String> canonicalRdns() {
        return canonicalRdns;
    }

    private static List<String> canonicalRdns(X500Principal principal) {
        RDN[] rdns = X500Name.getInstance(principal.getEncoded()).getRDNs();
        List<String> canonical = new ArrayList<>(rdns.length);
        for (RDN rdn : rdns) {
            try {
                X500Principal single = new X500Principal(new X500Name(new RDN[] {rdn}).getEncoded());
                canonical.add(single.getName(X500Principal.CANONICAL));
            } catch (IOException e) {
                throw new IllegalArgumentException("not a valid distinguished name", e);
            }
        }
        Collections.sort(canonical);
        return List.copyOf(canonical);
    }

    // 'O=CH "LES TILLEULS",C=FR' -> 'O=CH \"LES TILLEULS\",C=FR'. A quote opening a value stays a quoted
    // string when its closing quote ends the value; any other unescaped quote is a literal character.
    private static String escapeBareQuotes(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        boolean inType = true;
        boolean valueStarted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                out.append(c).append(text.charAt(++i));
                valueStarted = !inType;
            } else if (inType) {
                out.append(c);
                if (c == '=') {
                    inType = false;
                    valueStarted = false;
                }
            } else if (c == ',' || c == ';' || c == '+') {
                out.append(c);
                inType = true;
            } else if (c == '"') {
                int end = valueStarted ? -1 : closingQuoteEndingTheValue(text, i);
                if (end > 0) {
                    out.append(text, i, end + 1);
                    i = end;
                } else {
                    out.append("\\\"");
                }
                valueStarted = true;
            } else {
                out.append(c);
                valueStarted |= c != ' ';
            }
        }
        return out.toString();
    }

    // The index of the quote closing the one at 'open' when only spaces follow it before a separator or the end; else -1.
    private static int closingQuoteEndingTheValue(String text, int open) {
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                int next = i + 1;
                while (next < text.length() && text.charAt(next) == ' ') {
                    next++;
                }
                return next == text.length() || ",;+".indexOf(text.charAt(next)) >= 0 ? i : -1;
            }
        }
        return -1;
    }

    // "/C=FR/O=A\/B/CN=x" -> "CN=x,O=A/B,C=FR": OpenSSL escapes a slash inside a value with a backslash.
    private static String fromOpenSslOneLine(String text) {
        List<String> rdns = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                current.append('/');
                i++;
            } else if (c == '/') {
                rdns.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        rdns.add(current.toString());
        List<String> escaped = new ArrayList<>(rdns.size());
        for (String rdn : rdns) {
            escaped.add(escapeRdn(rdn));
        }
        Collections.reverse(escaped);
        return String.join(",", escaped);
    }

    // Within one "type=value" (or "a=1+b=2") of the one-line form, escape what RFC 2253 treats as syntax.
    private static String escapeRdn(String rdn) {
        StringBuilder out = new StringBuilder();
        for (String ava : rdn.split("\\+", -1)) {
            int equals = ava.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("not a valid distinguished name");
            }
            if (out.length() > 0) {
                out.append('+');
            }
            out.append(ava, 0, equals).append('=');
            String value = ava.substring(equals + 1);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (",+\"\\<>;=".indexOf(c) >= 0 || (i == 0 && (c == '#' || c == ' '))
                    || (i == value.length() - 1 && c == ' ')) {
                    out.append('\\');
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OperatorDn that && canonicalRdns.equals(that.canonicalRdns);
    }

    @Override
    public int hashCode() {
        return canonicalRdns.hashCode();
    }

    @Override
    public String toString() {
        return rfc2253();
    }
}
