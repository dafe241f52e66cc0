package org.santegateway.login;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The client messages of the SASL mechanisms XOAUTH2 (Google's) and OAUTHBEARER (RFC 7628), and the
 * error challenge a server sends back when the token is refused.
 *
 * <ul>
 *   <li>XOAUTH2: {@code user=<address>^Aauth=Bearer <token>^A^A};</li>
 *   <li>OAUTHBEARER: a GS2 header {@code n,a=<authzid>,} (no channel binding: {@code y} or {@code n};
 *   {@code p=} is refused), then {@code ^A} and key-value pairs, {@code auth=Bearer <token>} among
 *   them, ending with {@code ^A^A}. {@code =2C} and {@code =3D} in the authzid stand for {@code ,} and
 *   {@code =}.</li>
 * </ul>
 * Anything else (bad base64, missing {@code auth}, another scheme than Bearer) is malformed. The
 * client's answer to an error challenge is a single {@code %x01} (RFC 7628 3.2.3); XOAUTH2 clients
 * send an empty line: both end the exchange with a failure.
 */
public final class OAuthSasl {
    public static final String XOAUTH2 = "XOAUTH2";
    public static final String OAUTHBEARER = "OAUTHBEARER";
    private static final char SEPARATOR = '\u0001';
    /** Longer client messages are refused before being decoded (tokens of PSC are a few KB). */
    public static final int MAX_ENCODED_LENGTH = 16 * 1024;

    /** What the client sent: the bearer token and the identity it asks to act as, if any. */
    public record InitialResponse(String token, Optional<String> authzid) {
    }

    private OAuthSasl() {
    }

    public static boolean isTokenMechanism(String mechanism) {
        String upper = mechanism.toUpperCase(Locale.ROOT);
        return XOAUTH2.equals(upper) || OAUTHBEARER.equals(upper);
    }

    /** Parses the base64 client message of a mechanism; empty when malformed. */
    public static Optional<InitialResponse> parse(String mechanism, String encoded) {
        String trimmed = encoded == null ? "" : encoded.trim();
        if (trimmed.isEmpty() || trimmed.length() > MAX_ENCODED_LENGTH) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(trimmed), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return OAUTHBEARER.equalsIgnoreCase(mechanism) ? parseOAuthBearer(decoded) : parseXOAuth2(decoded);
    }

    private static Optional<InitialResponse> parseXOAuth2(String decoded) {
        Optional<String> user = Optional.empty();
        Optional<String> token = Optional.empty();
        for (String pair : decoded.split(String.valueOf(SEPARATOR))) {
            if (pair.startsWith("user=")) {
                user = Optional.of(pair.substring("user=".length())).filter(value -> !value.isBlank());
            } else if (pair.startsWith("auth=")) {
                token = bearer(pair.substring("auth=".length()));
            }
        }
        Optional<String> asked = user;
        return token.map(value -> new InitialResponse(value, asked));
    }

    private static Optional<InitialResponse> parseOAuthBearer(String decoded) {
        int first = decoded.indexOf(SEPARATOR);
        if (first < 0) {
            return Optional.empty();
        }
        String gs2 = decoded.substring(0, first);
        String[] header = gs2.split(",", -1);
        // gs2-header = gs2-cbind-flag "," [ authzid ] "," ; channel binding is not offered.
        if (header.length != 3 || !(header[0].equals("n") || header[0].equals("y")) || !header[2].isEmpty()) {
            return Optional.empty();
        }
        Optional<String> authzid = Optional.empty();
        if (!header[1].isEmpty()) {
            if (!header[1].startsWith("a=")) {
                return Optional.empty();
            }
            Optional<String> name = saslName(header[1].substring(2));
            if (name.isEmpty()) {
                return Optional.empty();
            }
            authzid = name.filter(value -> !value.isBlank());
        }
        Optional<String> token = Optional.empty();
        for (String pair : decoded.substring(first + 1).split(String.valueOf(SEPARATOR))) {
            if (pair.startsWith("auth=")) {
                token = bearer(pair.substring("auth=".length()));
            }
        }
        Optional<String> asked = authzid;
        return token.map(value -> new InitialResponse(value, asked));
    }

    /** RFC 5801 saslname: {@code =2C} and {@code =3D} only, no bare {@code ,}. */
    private static Optional<String> saslName(String raw) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '=') {
                if (raw.startsWith("=2C", i)) {
                    name.append(',');
                } else if (raw.startsWith("=3D", i)) {
                    name.append('=');
                } else {
                    return Optional.empty();
                }
                i += 2;
            } else {
                name.append(c);
            }
        }
        return Optional.of(name.toString());
    }

    private static Optional<String> bearer(String value) {
        if (value.length() < 7 || !value.substring(0, 7).equalsIgnoreCase("Bearer ")) {
            return Optional.empty();
        }
        String token = value.substring(7).trim();
        return token.isEmpty() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e) ? Optional.empty() : Optional.of(token);
    }

    /**
     * The error challenge of RFC 7628 3.2.2, base64: {@code {"status":...,"schemes":"bearer","scope":...}}
     * and the provider's {@code openid-configuration} when known.
     *
     * @param status {@code invalid_token}, or {@code insufficient_scope} for a valid token that
     *               does not open the mailbox asked for
     */
    public static String errorChallenge(String status, String scope, Optional<String> openidConfiguration) {
        StringBuilder json = new StringBuilder("{\"status\":\"").append(jsonEscape(status))
            .append("\",\"schemes\":\"bearer\",\"scope\":\"").append(jsonEscape(scope)).append('"');
        openidConfiguration.ifPresent(url -> json.append(",\"openid-configuration\":\"").append(jsonEscape(url)).append('"'));
        json.append('}');
        return Base64.getEncoder().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The challenge status for a refusal. */
    public static String status(TokenLogins.Outcome outcome) {
        return outcome == TokenLogins.Outcome.NOT_BOUND ? "insufficient_scope" : "invalid_token";
    }

    private static String jsonEscape(String value) {
        StringBuilder escaped = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
