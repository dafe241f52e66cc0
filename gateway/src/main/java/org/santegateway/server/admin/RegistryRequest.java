package org.santegateway.server.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The WebAdmin request a {@code gateway-admin registry ...} command stands for:
 * <pre>
 * registry list [kind=PER] [state=ACTIVE]
 * registry show ADDRESS
 * registry create ADDRESS kind=PER holder=810003456789 displayName="Dr Martin" password=- [listeRouge=true] [rank=2] ...
 * registry update ADDRESS field=value...            (field= with no value clears an optional field)
 * registry state ADDRESS ACTIVE|SUSPENDED|CLOSED
 * registry export [SINCE]                           (SINCE: an instant such as 2026-01-31T00:00:00Z)
 * </pre>
 * {@code password=-} reads the password from the standard input (so that it is not seen in the process list).
 *
 * @param method HTTP method
 * @param path   path and query under the WebAdmin root
 * @param body   JSON body, if any
 */
public record RegistryRequest(String method, String path, Optional<String> body) {
    static final String USAGE = "registry list [kind=K] [state=S] | show ADDRESS | create ADDRESS field=value... | update ADDRESS field=value..."
        + " | state ADDRESS ACTIVE|SUSPENDED|CLOSED | export [SINCE] | applications | application ID field=value..."
        + " | application-state ID REFERENCED|SUSPENDED|WITHDRAWN | certificates ADDRESS"
        + " | certificate-add ADDRESS application=ID (certificate=PEM-FILE | subject=DN issuer=DN) | certificate-remove ADDRESS BINDING-ID";
    private static final String APPLICATIONS = "/gateway/applications";
    private static final String BASE = "/gateway/registry";
    private static final Set<String> BOOLEANS = Set.of("listeRouge");
    private static final Set<String> NUMBERS = Set.of("rank");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The request of the arguments after {@code registry}, or {@link IllegalArgumentException} saying what is wrong. */
    public static RegistryRequest of(List<String> args, Supplier<String> standardInputLine) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("usage: " + USAGE);
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "list" -> new RegistryRequest("GET", BASE + "/mailboxes" + query(rest), Optional.empty());
            case "show" -> new RegistryRequest("GET", mailbox(rest, 1), Optional.empty());
            case "create" -> new RegistryRequest("PUT", mailbox(rest, -1), Optional.of(fields(rest.subList(1, rest.size()), standardInputLine)));
            case "update" -> new RegistryRequest("PATCH", mailbox(rest, -1), Optional.of(fields(rest.subList(1, rest.size()), standardInputLine)));
            case "state" -> {
                if (rest.size() != 2) {
                    throw new IllegalArgumentException("usage: registry state ADDRESS ACTIVE|SUSPENDED|CLOSED");
                }
                ObjectNode body = MAPPER.createObjectNode().put("state", rest.get(1));
                yield new RegistryRequest("POST", mailbox(rest, 2) + "/state", Optional.of(body.toString()));
            }
            case "export" -> {
                if (rest.size() > 1) {
                    throw new IllegalArgumentException("usage: registry export [SINCE]");
                }
                yield new RegistryRequest("GET", BASE + "/export" + (rest.isEmpty() ? "" : "?since=" + encode(rest.get(0))), Optional.empty());
            }
            case "applications" -> new RegistryRequest("GET", APPLICATIONS, Optional.empty());
            case "application" -> {
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException("usage: registry application ID editor=... product=... version=... certification=...");
                }
                yield new RegistryRequest("PUT", APPLICATIONS + "/" + encode(rest.get(0)),
                    Optional.of(fields(rest.subList(1, rest.size()), standardInputLine)));
            }
            case "application-state" -> {
                if (rest.size() != 2) {
                    throw new IllegalArgumentException("usage: registry application-state ID REFERENCED|SUSPENDED|WITHDRAWN");
                }
                ObjectNode body = MAPPER.createObjectNode().put("state", rest.get(1));
                yield new RegistryRequest("POST", APPLICATIONS + "/" + encode(rest.get(0)) + "/state", Optional.of(body.toString()));
            }
            case "certificates" -> new RegistryRequest("GET", mailbox(rest, 1) + "/certificates", Optional.empty());
            case "certificate-add" -> new RegistryRequest("POST", mailbox(rest, -1) + "/certificates",
                Optional.of(certificateFields(rest.subList(1, rest.size()), standardInputLine)));
            case "certificate-remove" -> {
                if (rest.size() != 2) {
                    throw new IllegalArgumentException("usage: registry certificate-remove ADDRESS BINDING-ID");
                }
                yield new RegistryRequest("DELETE", mailbox(rest, 2) + "/certificates/" + encode(rest.get(1)), Optional.empty());
            }
            default -> throw new IllegalArgumentException("unknown registry command '" + args.get(0) + "': " + USAGE);
        };
    }

    private static String mailbox(List<String> rest, int expectedArguments) {
        if (rest.isEmpty() || expectedArguments > 0 && rest.size() != expectedArguments) {
            throw new IllegalArgumentException("usage: " + USAGE);
        }
        return BASE + "/mailboxes/" + encode(rest.get(0));
    }

    private static String query(List<String> filters) {
        StringBuilder query = new StringBuilder();
        for (String filter : filters) {
            String[] pair = pair(filter);
            if (!pair[0].equals("kind") && !pair[0].equals("state")) {
                throw new IllegalArgumentException("registry list filters are kind=... and state=...");
            }
            query.append(query.isEmpty() ? '?' : '&').append(pair[0]).append('=').append(encode(pair[1]));
        }
        return query.toString();
    }

    private static String fields(List<String> assignments, Supplier<String> standardInputLine) {
        ObjectNode body = MAPPER.createObjectNode();
        for (String assignment : assignments) {
            String[] pair = pair(assignment);
            String name = pair[0];
            String value = pair[1];
            if (value.isEmpty()) {
                body.putNull(name);
            } else if (BOOLEANS.contains(name)) {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new IllegalArgumentException(name + " is true or false");
                }
                body.put(name, Boolean.parseBoolean(value));
            } else if (NUMBERS.contains(name)) {
                try {
                    body.put(name, Integer.parseInt(value));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " is a whole number");
                }
            } else if (name.equals("password") && value.equals("-")) {
                body.put(name, standardInputLine.get());
            } else {
                body.put(name, value);
            }
        }
        return body.toString();
    }

    /** The fields of a binding; {@code certificate=} names a PEM file, whose content is sent. */
    private static String certificateFields(List<String> assignments, Supplier<String> standardInputLine) {
        List<String> resolved = new java.util.ArrayList<>();
        for (String assignment : assignments) {
            String[] pair = pair(assignment);
            if (pair[0].equals("certificate")) {
                try {
                    resolved.add("certificate=" + java.nio.file.Files.readString(java.nio.file.Path.of(pair[1]), StandardCharsets.US_ASCII));
                } catch (java.io.IOException | java.io.UncheckedIOException e) {
                    throw new IllegalArgumentException("certificate file " + pair[1] + " cannot be read");
                }
            } else {
                resolved.add(assignment);
            }
        }
        return fields(resolved, standardInputLine);
    }

    private static String[] pair(String assignment) {
        int equals = assignment.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("'" + assignment + "' is not field=value");
        }
        return new String[] {assignment.substring(0, equals), assignment.substring(equals + 1)};
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return method + " " + path + body.map(ignored -> " (body)").orElse("");
    }

    static List<String> arguments(String[] args) {
        return Arrays.asList(args).subList(1, args.length);
    }
}
