package org.santegateway.server.trust;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.santegateway.trust.ReloadOutcome;
import org.santegateway.trust.ReloadingTrustList;
import org.santegateway.trust.TrustListStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin routes of the trust list:
 *
 * <pre>
 * GET  /gateway/trust-list               status of the list in force (counts, checksum, dates, skipped entries, last refused file)
 * POST /gateway/trust-list/reload        reads the file now: 200 {"outcome": "swapped"|"unchanged", ...},
 *                                        409 {"outcome": "rejected", "reason": ...} (the previous list stays in force)
 * POST /gateway/trust-list/reload?force=true   the same, accepting a list that drops many domains at once
 * </pre>
 */
public class TrustListRoutes implements Routes {
    public static final String BASE_PATH = "/gateway/trust-list";
    private static final Logger LOGGER = LoggerFactory.getLogger(TrustListRoutes.class);

    private final ReloadingTrustList trustList;
    private final JsonTransformer jsonTransformer;

    @Inject
    public TrustListRoutes(ReloadingTrustList trustList, JsonTransformer jsonTransformer) {
        this.trustList = trustList;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, (request, response) -> status(trustList.status()), jsonTransformer);
        service.post(BASE_PATH + "/reload", this::reload, jsonTransformer);
    }

    private Object reload(Request request, Response response) {
        String force = request.queryParams("force");
        if (force != null && !force.equals("true") && !force.equals("false")) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.BAD_REQUEST_400)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("force must be true or false")
                .haltError();
        }
        ReloadOutcome outcome = "true".equals(force) ? trustList.forceReload() : trustList.reload();
        LOGGER.info("Trust list reload requested through WebAdmin (force={}): {}", "true".equals(force), outcome.getClass().getSimpleName());
        Map<String, Object> body = new LinkedHashMap<>();
        if (outcome instanceof ReloadOutcome.Swapped swapped) {
            body.put("outcome", "swapped");
            body.putAll(status(swapped.status()));
        } else if (outcome instanceof ReloadOutcome.Unchanged unchanged) {
            body.put("outcome", "unchanged");
            body.putAll(status(unchanged.status()));
        } else if (outcome instanceof ReloadOutcome.Rejected rejected) {
            response.status(HttpStatus.CONFLICT_409);
            body.put("outcome", "rejected");
            body.put("reason", rejected.reason().name());
            body.put("message", rejected.message());
            body.putAll(status(rejected.status()));
        }
        return body;
    }

    static Map<String, Object> status(TrustListStatus status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("domains", status.domainCount());
        body.put("entries", status.entryCount());
        body.put("sha256", status.sha256());
        body.put("loadedAt", status.loadedAt().toString());
        body.put("lastCheckAt", status.lastCheckAt().toString());
        status.latestUpdate().ifPresent(latest -> body.put("latestUpdate", latest.toString()));
        status.generatedAt().ifPresent(generated -> body.put("generatedAt", generated.toString()));
        body.put("skippedEntries", status.skipped().size());
        if (!status.skipped().isEmpty()) {
            body.put("skipped", status.skipped().stream()
                .map(skipped -> Map.of("entry", skipped.index(), "line", skipped.line(), "problem", skipped.problem()))
                .toList());
        }
        status.lastRejection().ifPresent(rejection -> body.put("lastRejection", Map.of(
            "at", rejection.at().toString(), "reason", rejection.reason().name(), "message", rejection.message())));
        return body;
    }
}
