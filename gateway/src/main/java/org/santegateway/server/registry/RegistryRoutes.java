package org.santegateway.server.registry;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import spark.HaltException;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin routes of the mailbox registry (JSON; the JWT filter authenticates every call). Every change, accepted
 * or refused, is audited ({@link RegistryAudit}).
 *
 * <pre>
 * GET   /gateway/registry/mailboxes[?kind=PER&amp;state=ACTIVE]   the mailboxes (James users without a row as PER, registered: false)
 * GET   /gateway/registry/mailboxes/{address}                    one mailbox
 * PUT   /gateway/registry/mailboxes/{address}                    create it (201), or register an existing James user;
 *                                                                409 when registered already or of another kind
 * PATCH /gateway/registry/mailboxes/{address}                    change its details (200); 409 for its address or kind
 * POST  /gateway/registry/mailboxes/{address}/state              {"state": "SUSPENDED"|"ACTIVE"|"CLOSED"} (200)
 * GET   /gateway/registry/export[?since=2026-01-01T00:00:00Z]    FHIR R4 Bundle (application/fhir+xml): every published
 *                                                                mailbox, or FHIR Patch entries for the changes since then
 * </pre>
 */
public class RegistryRoutes implements Routes {
    public static final String BASE_PATH = "/gateway/registry";
    private static final String MAILBOXES = BASE_PATH + "/mailboxes";
    private static final String MAILBOX = MAILBOXES + "/:address";
    private static final String FHIR_XML = "application/fhir+xml";

    private final MailboxRegistrations registrations;
    private final MailboxRegistry registry;
    private final DirectoryExport export;
    private final RegistryAudit audit;
    private final JsonTransformer jsonTransformer;
    private final Clock clock;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    public RegistryRoutes(MailboxRegistrations registrations, MailboxRegistry registry, DirectoryExport export, RegistryAudit audit,
                          JsonTransformer jsonTransformer, Clock clock) {
        this.registrations = registrations;
        this.registry = registry;
        this.export = export;
        this.audit = audit;
        this.jsonTransformer = jsonTransformer;
        this.clock = clock;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(MAILBOXES, this::list, jsonTransformer);
        service.get(MAILBOX, this::one, jsonTransformer);
        service.put(MAILBOX, this::create, jsonTransformer);
        service.patch(MAILBOX, this::update, jsonTransformer);
        service.post(MAILBOX + "/state", this::changeState, jsonTransformer);
        service.get(BASE_PATH + "/export", this::export);
    }

    private Object list(Request request, Response response) {
        return refusalsAnswered(() -> {
            Optional<MailboxKind> kind = Optional.ofNullable(request.queryParams("kind")).map(value -> invalidAs(() -> RegistryJson.kind(value)));
            Optional<MailboxState> state = Optional.ofNullable(request.queryParams("state"))
                .map(value -> invalidAs(() -> RegistryJson.state(value)));
            return registrations.list(kind, state).stream().map(RegistryJson::json).toList();
        });
    }

    private Object one(Request request, Response response) {
        return refusalsAnswered(() -> registrations.find(address(request))
            .map(RegistryJson::json)
            .orElseThrow(() -> new RegistryRefusal(RegistryRefusal.Reason.NOT_FOUND, "unknown", "No such mailbox")));
    }

    private Object create(Request request, Response response) {
        String address = address(request);
        Mailbox created = audited(request, "create", address, () -> {
            NewMailbox mailbox = invalidAs(() -> RegistryJson.newMailbox(address, body(request)));
            return registrations.create(mailbox);
        });
        response.status(HttpStatus.CREATED_201);
        return RegistryJson.json(created);
    }

    private Object update(Request request, Response response) {
        String address = address(request);
        Mailbox updated = audited(request, "update", address, () -> {
            JsonNode body = body(request);
            Mailbox current = registrations.registered(address);
            if (body.has("address") && !current.address().equalsIgnoreCase(String.valueOf(RegistryJson.text(body, "address")))) {
                throw new RegistryRefusal(RegistryRefusal.Reason.CONFLICT, "address_immutable",
                    "The address of a mailbox never changes: close it and create another");
            }
            if (body.has("kind") && invalidAs(() -> RegistryJson.kind(String.valueOf(RegistryJson.text(body, "kind")))) != current.kind()) {
                throw MailboxRegistrations.kindImmutable(current.kind());
            }
            if (body.has("password")) {
                throw new RegistryRefusal(RegistryRefusal.Reason.INVALID, "password_field",
                    "Passwords are changed with the James CLI (SetPassword) or WebAdmin /users, not here");
            }
            return registrations.update(address, details -> RegistryJson.patch(current.kind(), details, body));
        });
        return RegistryJson.json(updated);
    }

    private Object changeState(Request request, Response response) {
        String address = address(request);
        Mailbox changed = audited(request, "state", address, () -> {
            JsonNode body = body(request);
            MailboxState target = invalidAs(() -> RegistryJson.state(String.valueOf(RegistryJson.text(body, "state"))));
            return registrations.changeState(address, target);
        });
        return RegistryJson.json(changed);
    }

    private Object export(Request request, Response response) {
        Instant now = clock.instant();
        Optional<Instant> since = refusalsAnswered(() -> Optional.ofNullable(request.queryParams("since"))
            .map(value -> invalidAs(() -> parseInstant(value))));
        String xml;
        if (since.isPresent()) {
            var changed = registry.changedSince(since.get());
            xml = export.xml(export.changes(changed, now));
            audit.exported(login(request), changed.size());
        } else {
            var all = registry.list(Optional.empty(), Optional.empty());
            xml = export.xml(export.all(all, now));
            audit.exported(login(request), all.size());
        }
        response.type(FHIR_XML);
        return xml;
    }

    private static Instant parseInstant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("since must be an instant such as 2026-01-31T00:00:00Z");
        }
    }

    private <T> T audited(Request request, String action, String address, Supplier<T> change) {
        try {
            T result = change.get();
            audit.accepted(login(request), action, address, result instanceof Mailbox mailbox ? Optional.of(mailbox) : Optional.empty());
            return result;
        } catch (RegistryRefusal refusal) {
            audit.refused(login(request), action, address, refusal);
            throw halt(refusal);
        }
    }

    /** Runs a change, answering a {@link RegistryRefusal} with 400, 404 or 409 and its message (mailbox and patient-space routes). */
    public static <T> T refusalsAnswered(Supplier<T> work) {
        try {
            return work.get();
        } catch (RegistryRefusal refusal) {
            throw halt(refusal);
        }
    }

    private String address(Request request) {
        String raw = URLDecoder.decode(request.params(":address"), StandardCharsets.UTF_8);
        return refusalsAnswered(() -> registrations.normalise(raw));
    }

    static JsonNode body(Request request) {
        try {
            JsonNode body = MAPPER.readTree(request.body());
            if (body == null || !body.isObject()) {
                throw new RegistryRefusal(RegistryRefusal.Reason.INVALID, "invalid_body", "The body must be a JSON object");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new RegistryRefusal(RegistryRefusal.Reason.INVALID, "invalid_body", "The body is not valid JSON");
        }
    }

    /** Runs a parse step; its {@link IllegalArgumentException} becomes a 400 refusal naming the field. */
    static <T> T invalidAs(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new RegistryRefusal(RegistryRefusal.Reason.INVALID, "invalid_field", e.getMessage());
        }
    }

    static HaltException halt(RegistryRefusal refusal) {
        return switch (refusal.reason()) {
            case INVALID -> ErrorResponder.builder().statusCode(HttpStatus.BAD_REQUEST_400)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT).message(refusal.getMessage()).haltError();
            case NOT_FOUND -> ErrorResponder.builder().statusCode(HttpStatus.NOT_FOUND_404)
                .type(ErrorResponder.ErrorType.NOT_FOUND).message(refusal.getMessage()).haltError();
            case CONFLICT -> ErrorResponder.builder().statusCode(HttpStatus.CONFLICT_409)
                .type(ErrorResponder.ErrorType.WRONG_STATE).message(refusal.getMessage()).haltError();
        };
    }

    static String login(Request request) {
        Object login = request.attribute(AuthenticationFilter.LOGIN);
        return login == null ? "admin" : login.toString();
    }
}
