package org.santegateway.server.revocation;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.santegateway.trust.CrlStatus;
import org.santegateway.trust.ReloadingCrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin routes of the CRLs (CAs and serial numbers only, no personal data):
 *
 * <pre>
 * GET  /gateway/crls          the CRLs in force: issuer, thisUpdate, nextUpdate, CRL number, number of
 *                             revoked entries, file, whether current; the policies; refused files
 * POST /gateway/crls/reload   re-reads every file now: 200 {"outcome": "changed"|"unchanged", ...};
 *                             409 {"outcome": "rejected", "rejected": [...]} when a file was refused
 *                             (what it held before stays in force; the other files are taken)
 * </pre>
 */
public class CrlRoutes implements Routes {
    public static final String BASE_PATH = "/gateway/crls";
    private static final Logger LOGGER = LoggerFactory.getLogger(CrlRoutes.class);

    private final ReloadingCrls crls;
    private final RevocationSettings settings;
    private final JsonTransformer jsonTransformer;
    private final Clock clock;

    @Inject
    public CrlRoutes(ReloadingCrls crls, RevocationSettings settings, JsonTransformer jsonTransformer, Clock clock) {
        this.crls = crls;
        this.settings = settings;
        this.jsonTransformer = jsonTransformer;
        this.clock = clock;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, (request, response) -> status(crls.status()), jsonTransformer);
        service.post(BASE_PATH + "/reload", this::reload, jsonTransformer);
    }

    private Object reload(Request request, Response response) {
        ReloadingCrls.Outcome outcome = crls.reload();
        String name = !outcome.rejected().isEmpty() ? "rejected" : outcome.changed() ? "changed" : "unchanged";
        LOGGER.info("CRL reload requested through WebAdmin: {}", name);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", name);
        if (!outcome.rejected().isEmpty()) {
            response.status(HttpStatus.CONFLICT_409);
            body.put("rejected", rejections(outcome.rejected()));
        }
        body.putAll(status(outcome.status()));
        return body;
    }

    private Map<String, Object> status(CrlStatus status) {
        Instant now = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("smimeRevocation", CrlModule.policyName(settings.smime()));
        body.put("operatorsRevocation", CrlModule.policyName(settings.operators()));
        body.put("lastCheckAt", status.lastCheckAt().toString());
        body.put("crls", status.crls().stream().map(crl -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("issuer", crl.issuer());
            entry.put("thisUpdate", crl.thisUpdate().toString());
            crl.nextUpdate().ifPresent(next -> entry.put("nextUpdate", next.toString()));
            crl.crlNumber().ifPresent(number -> entry.put("crlNumber", number.toString()));
            entry.put("revoked", crl.revokedCount());
            entry.put("current", crl.isCurrentAt(now));
            entry.put("file", crl.file().toString());
            entry.put("loadedAt", crl.loadedAt().toString());
            return entry;
        }).toList());
        body.put("rejections", rejections(status.rejections()));
        return body;
    }

    private static List<Map<String, String>> rejections(List<CrlStatus.Rejection> rejections) {
        return rejections.stream().map(rejection -> Map.of("file", rejection.file().toString(), "at", rejection.at().toString(),
            "message", rejection.message())).toList();
    }
}
