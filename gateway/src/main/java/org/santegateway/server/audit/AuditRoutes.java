package org.santegateway.server.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.santegateway.server.settings.NodeIdentity;

import spark.Service;

/**
 * WebAdmin routes of the audit trail (authenticated like every WebAdmin route):
 * <ul>
 *     <li>{@code GET /gateway/audit/verify}: checks this node's whole chain; {@code node} (its name,
 *     {@code node.id}), {@code valid}, the number of records checked, and the first broken record when
 *     there is one. Several nodes keep one chain each: ask each node;</li>
 *     <li>{@code GET /gateway/audit/records}: every record as JSON lines.</li>
 * </ul>
 */
public class AuditRoutes implements Routes {
    public static final String BASE_PATH = "/gateway/audit";

    private final AuditVerifier verifier;
    private final ChainedAuditTrail trail;
    private final JsonTransformer json;
    private final NodeIdentity node;

    @Inject
    public AuditRoutes(AuditVerifier verifier, ChainedAuditTrail trail, JsonTransformer json, NodeIdentity node) {
        this.node = node;
        this.verifier = verifier;
        this.trail = trail;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH + "/verify", (request, response) -> {
            AuditVerifier.Result result = verifier.verify(Optional.of(trail.lastSequence()));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("node", node.id());
            body.put("valid", result.valid());
            body.put("recordsChecked", result.recordsChecked());
            body.put("lastSeq", result.lastSeq());
            result.firstBreak().ifPresent(broken -> body.put("firstBreak", Map.of(
                "seq", broken.seq(), "file", broken.file(), "line", broken.line(), "reason", broken.reason())));
            response.status(200);
            return body;
        }, json);
        service.get(BASE_PATH + "/records", (request, response) -> {
            response.type("application/x-ndjson");
            // Streamed: the trail may be large.
            var writer = response.raw().getWriter();
            verifier.export(writer);
            writer.flush();
            return "";
        });
    }
}
