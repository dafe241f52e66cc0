package org.santegateway.server.spaces;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.santegateway.audit.ActorKind;
import org.santegateway.server.registry.RegistryRefusal;
import org.santegateway.server.registry.RegistryRoutes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin routes of the patient spaces (JSON; the JWT filter authenticates every call; every change is audited).
 *
 * <pre>
 * GET  /gateway/patient-spaces[?state=NOTIFIED&amp;after=INS&amp;limit=100]  the spaces, in INS order, 100 by page
 * GET  /gateway/patient-spaces/{ins}                                 one space
 * POST /gateway/patient-spaces/import                                CSV body ins;email;postal: 200 with the counts,
 *                                                                    or 400 with every faulty line and nothing imported
 * POST /gateway/patient-spaces/{ins}/objection                       {"code"}: the objection a patient made by phone or letter
 * POST /gateway/patient-spaces/{ins}/closure                         {"reason": "PATIENT"|"ADMIN"|"DEATH"}
 * POST /gateway/patient-spaces/{ins}/reopening                       restores a closed space (not after a death)
 * POST /gateway/patient-spaces/{ins}/deletion                        deletes a closed space after the deletion notice
 * GET  /gateway/patient-spaces/postal-letters                        text/csv of the letters to print (each with a new code)
 * </pre>
 */
public class PatientSpaceRoutes implements Routes {
    public static final String BASE_PATH = "/gateway/patient-spaces";
    private static final String SPACE = BASE_PATH + "/:ins";
    private static final int MAX_LIMIT = 1000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PatientSpaces spaces;
    private final JsonTransformer jsonTransformer;

    @Inject
    public PatientSpaceRoutes(PatientSpaces spaces, JsonTransformer jsonTransformer) {
        this.spaces = spaces;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, this::list, jsonTransformer);
        service.post(BASE_PATH + "/import", this::enrol, jsonTransformer);
        service.get(BASE_PATH + "/postal-letters", (request, response) -> {
            response.type("text/csv; charset=utf-8");
            return spaces.postalExport(admin(request));
        });
        service.get(SPACE, (request, response) -> answered(() -> json(spaces.find(request.params(":ins"))
            .orElseThrow(() -> new RegistryRefusal(RegistryRefusal.Reason.NOT_FOUND, "unknown", "no space for this INS")))), jsonTransformer);
        service.post(SPACE + "/objection", (request, response) -> answered(() -> {
            spaces.object(request.params(":ins"), field(request, "code"));
            return json(spaces.find(request.params(":ins")).orElseThrow());
        }), jsonTransformer);
        service.post(SPACE + "/closure", (request, response) -> answered(() -> json(spaces.close(ActorKind.ADMIN, admin(request),
            request.params(":ins"), closeReason(field(request, "reason"))))), jsonTransformer);
        service.post(SPACE + "/reopening", (request, response) -> answered(() -> json(spaces.reopen(ActorKind.ADMIN, admin(request),
            request.params(":ins")))), jsonTransformer);
        service.post(SPACE + "/deletion", (request, response) -> answered(() -> json(spaces.requestDeletion(ActorKind.ADMIN, admin(request),
            request.params(":ins")))), jsonTransformer);
    }

    private Object list(Request request, Response response) {
        Optional<SpaceState> state = Optional.ofNullable(request.queryParams("state")).map(value -> answered(() -> state(value)));
        int limit = answered(() -> limit(request.queryParams("limit")));
        Optional<String> after = Optional.ofNullable(request.queryParams("after"));
        return answered(() -> spaces.list(state, after, limit).stream().map(PatientSpaceRoutes::json).toList());
    }

    private Object enrol(Request request, Response response) {
        PatientSpaces.ImportReport report = spaces.enrol(admin(request), request.body());
        Map<String, Object> body = new LinkedHashMap<>();
        if (!report.errors().isEmpty()) {
            response.status(HttpStatus.BAD_REQUEST_400);
            body.put("message", "nothing was imported: correct the lines below and import the whole file again");
            body.put("errors", report.errors().stream().map(error -> Map.of("line", error.line(), "reason", error.reason())).toList());
            return body;
        }
        body.put("enrolled", report.enrolled());
        body.put("alreadyEnrolled", report.alreadyEnrolled());
        body.put("existingAccounts", report.existingAccounts());
        return body;
    }

    static Map<String, Object> json(PatientSpace space) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ins", space.ins());
        json.put("state", space.state().name());
        json.put("personalEmail", space.personalEmail().orElse(null));
        json.put("postal", space.postal());
        json.put("activated", space.activated());
        json.put("closeReason", space.closeReason().orElse(null));
        json.put("notifiedAt", space.notifiedAt().toString());
        json.put("dueAt", space.dueAt().map(Instant::toString).orElse(null));
        json.put("updatedAt", space.updatedAt().toString());
        return json;
    }

    private static SpaceState state(String value) {
        try {
            return SpaceState.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RegistryRefusal(RegistryRefusal.Reason.INVALID, "invalid_state", "state must be one of " + List.of(SpaceState.values()));
        }
    }

    private static PatientSpaces.CloseReason closeReason(String value) {
        try {
            return PatientSpaces.CloseReason.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RegistryRefusal(RegistryRefusal.Reason.INVALID, "invalid_reason", "reason must be PATIENT, ADMIN or DEATH");
        }
    }

    private static int limit(String value) {
        if (value == null) {
            return 100;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new RegistryRefusal(RegistryRefusal.Reason.INVALID, "invalid_limit", "limit must be a number from 1 to " + MAX_LIMIT);
    }

    private static String field(Request request, String name) {
        try {
            JsonNode node = MAPPER.readTree(request.body());
            if (node != null && node.hasNonNull(name) && node.get(name).isTextual()) {
                return node.get(name).asText();
            }
        } catch (java.io.IOException e) {
            // answered below
        }
        throw new RegistryRefusal(RegistryRefusal.Reason.INVALID, "invalid_body", "expected a JSON object with the text field \"" + name + "\"");
    }

    private static <T> T answered(Supplier<T> work) {
        return RegistryRoutes.refusalsAnswered(work);
    }

    private static String admin(Request request) {
        Object login = request.attribute(AuthenticationFilter.LOGIN);
        return login == null ? "admin" : login.toString();
    }
}
