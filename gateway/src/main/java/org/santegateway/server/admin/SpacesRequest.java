package org.santegateway.server.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The WebAdmin request a {@code gateway-admin spaces ...} command stands for:
 * <pre>
 * spaces list [state=NOTIFIED] [after=INS] [limit=100]
 * spaces show INS
 * spaces import FILE|-                 (CSV ins;email;postal; - reads the standard input)
 * spaces objection INS CODE            (an objection received by phone or letter)
 * spaces close INS PATIENT|ADMIN|DEATH
 * spaces reopen INS
 * spaces delete INS                    (a closed space, after the deletion notice)
 * spaces postal-letters                (CSV of the letters to print, each with a new code)
 * </pre>
 *
 * @param method      HTTP method
 * @param path        path and query under the WebAdmin root
 * @param body        body, if any
 * @param contentType the body's type
 */
public record SpacesRequest(String method, String path, Optional<String> body, String contentType) {
    static final String USAGE = "spaces list [state=S] [after=INS] [limit=N] | show INS | import FILE|- | objection INS CODE"
        + " | close INS PATIENT|ADMIN|DEATH | reopen INS | delete INS | postal-letters";
    private static final String BASE = "/gateway/patient-spaces";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The request of the arguments after {@code spaces}, or {@link IllegalArgumentException} saying what is wrong. */
    public static SpacesRequest of(List<String> args, Supplier<String> standardInput) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("usage: " + USAGE);
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "list" -> new SpacesRequest("GET", BASE + query(rest), Optional.empty(), "");
            case "show" -> new SpacesRequest("GET", space(rest, 1, "show INS"), Optional.empty(), "");
            case "import" -> {
                if (rest.size() != 1) {
                    throw new IllegalArgumentException("usage: spaces import FILE|-");
                }
                yield new SpacesRequest("POST", BASE + "/import", Optional.of(read(rest.get(0), standardInput)), "text/csv; charset=utf-8");
            }
            case "objection" -> new SpacesRequest("POST", space(rest, 2, "objection INS CODE") + "/objection",
                Optional.of(MAPPER.createObjectNode().put("code", rest.get(1)).toString()), "application/json");
            case "close" -> new SpacesRequest("POST", space(rest, 2, "close INS PATIENT|ADMIN|DEATH") + "/closure",
                Optional.of(MAPPER.createObjectNode().put("reason", rest.get(1)).toString()), "application/json");
            case "reopen" -> new SpacesRequest("POST", space(rest, 1, "reopen INS") + "/reopening", Optional.empty(), "");
            case "delete" -> new SpacesRequest("POST", space(rest, 1, "delete INS") + "/deletion", Optional.empty(), "");
            case "postal-letters" -> new SpacesRequest("GET", BASE + "/postal-letters", Optional.empty(), "");
            default -> throw new IllegalArgumentException("unknown spaces command '" + args.get(0) + "': " + USAGE);
        };
    }

    private static String space(List<String> rest, int arity, String usage) {
        if (rest.size() != arity) {
            throw new IllegalArgumentException("usage: spaces " + usage);
        }
        if (!rest.get(0).matches("[0-9A-Za-z]{1,15}")) {
            throw new IllegalArgumentException("spaces: '" + rest.get(0) + "' is not an INS");
        }
        return BASE + "/" + rest.get(0);
    }

    private static String query(List<String> rest) {
        StringBuilder query = new StringBuilder();
        for (String argument : rest) {
            int equals = argument.indexOf('=');
            String name = equals < 0 ? "" : argument.substring(0, equals);
            if (!List.of("state", "after", "limit").contains(name)) {
                throw new IllegalArgumentException("usage: spaces list [state=S] [after=INS] [limit=N]");
            }
            query.append(query.length() == 0 ? '?' : '&').append(name).append('=')
                .append(java.net.URLEncoder.encode(argument.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    private static String read(String file, Supplier<String> standardInput) {
        if (file.equals("-")) {
            return standardInput.get();
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("spaces import: " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
