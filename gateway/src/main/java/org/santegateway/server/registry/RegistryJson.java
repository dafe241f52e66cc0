package org.santegateway.server.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JSON of the registry routes: a mailbox as the routes answer it, and the fields of a creation or a PATCH.
 * Fields: {@code kind}, {@code holder}, {@code displayName}, {@code profession}, {@code speciality},
 * {@code listeRouge}, {@code rank}, {@code description}, {@code service}, {@code contact}, and {@code password} at
 * creation. In a PATCH an absent field is left as it is and {@code null} clears an optional one.
 */
final class RegistryJson {
    static final Set<String> FIELDS = Set.of("address", "kind", "holder", "displayName", "profession", "speciality", "listeRouge",
        "rank", "description", "service", "contact", "password");

    private RegistryJson() {
    }

    static Map<String, Object> json(Mailbox mailbox) {
        Map<String, Object> json = new LinkedHashMap<>();
        MailboxDetails details = mailbox.details();
        json.put("address", mailbox.address());
        json.put("kind", mailbox.kind().name());
        json.put("registered", mailbox.registered());
        details.holder().ifPresent(holder -> json.put("holder", holder.value()));
        json.put("displayName", details.displayName());
        details.profession().ifPresent(code -> json.put("profession", code));
        details.speciality().ifPresent(code -> json.put("speciality", code));
        json.put("listeRouge", details.listeRouge());
        json.put("rank", details.rank());
        details.description().ifPresent(text -> json.put("description", text));
        details.service().ifPresent(text -> json.put("service", text));
        details.contact().ifPresent(text -> json.put("contact", text));
        json.put("state", mailbox.state().name());
        if (mailbox.registered()) {
            json.put("createdAt", mailbox.createdAt().toString());
            json.put("modifiedAt", mailbox.modifiedAt().toString());
        }
        mailbox.lastLoginAt().ifPresent(at -> json.put("lastLoginAt", at.toString()));
        return json;
    }

    static MailboxKind kind(String value) {
        try {
            return MailboxKind.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("kind must be PER, ORG, APP or CAB");
        }
    }

    static MailboxState state(String value) {
        try {
            return MailboxState.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("state must be ACTIVE, SUSPENDED or CLOSED");
        }
    }

    /** The request of a creation; {@link IllegalArgumentException} naming the field at fault. */
    static NewMailbox newMailbox(String address, JsonNode body) {
        checkFields(body);
        MailboxKind kind = kind(required(body, "kind"));
        MailboxDetails empty = new MailboxDetails(Optional.empty(), "-", Optional.empty(), Optional.empty(), false, 1,
            Optional.empty(), Optional.empty(), Optional.empty());
        if (!body.hasNonNull("displayName")) {
            throw new IllegalArgumentException("displayName is required");
        }
        if (!body.hasNonNull("holder")) {
            throw new IllegalArgumentException("holder is required");
        }
        return new NewMailbox(address, kind, patch(kind, empty, body), Optional.ofNullable(text(body, "password")));
    }

    /** The details with the fields of a PATCH (or creation) body applied. */
    static MailboxDetails patch(MailboxKind kind, MailboxDetails details, JsonNode body) {
        checkFields(body);
        Optional<HolderId> holder = body.has("holder") ? Optional.of(HolderId.parse(kind, text(body, "holder"))) : details.holder();
        String displayName = body.has("displayName") ? Optional.ofNullable(text(body, "displayName"))
            .orElseThrow(() -> new IllegalArgumentException("displayName must not be empty")) : details.displayName();
        boolean listeRouge = details.listeRouge();
        if (body.has("listeRouge")) {
            if (!body.get("listeRouge").isBoolean()) {
                throw new IllegalArgumentException("listeRouge must be true or false");
            }
            listeRouge = body.get("listeRouge").booleanValue();
        }
        int rank = details.rank();
        if (body.has("rank")) {
            if (!body.get("rank").isInt()) {
                throw new IllegalArgumentException("rank must be a whole number");
            }
            rank = body.get("rank").intValue();
        }
        return new MailboxDetails(holder, displayName.trim(), optional(body, "profession", details.profession()),
            optional(body, "speciality", details.speciality()), listeRouge, rank, optional(body, "description", details.description()),
            optional(body, "service", details.service()), optional(body, "contact", details.contact()));
    }

    private static void checkFields(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field " + name);
            }
        });
    }

    private static Optional<String> optional(JsonNode body, String field, Optional<String> current) {
        if (!body.has(field)) {
            return current;
        }
        return Optional.ofNullable(text(body, field)).map(String::trim).filter(text -> !text.isEmpty());
    }

    private static String required(JsonNode body, String field) {
        String value = text(body, field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return node.textValue();
    }
}
