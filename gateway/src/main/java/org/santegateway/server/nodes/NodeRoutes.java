package org.santegateway.server.nodes;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.santegateway.server.settings.NodeIdentity;

import spark.Service;

/**
 * {@code GET /gateway/nodes} (WebAdmin, authenticated like every route): the node answering ({@code self}) and
 * every node that started on this database, with its first and last start and its event bus ({@code in-vm} or
 * {@code rabbitmq}). An operator verifying the audit trail asks each of them for {@code /gateway/audit/verify}: every
 * node keeps its own chain. {@code DELETE /gateway/nodes/<id>} forgets a node removed for good (204; 404 for an
 * unknown name; 409 for the node answering).
 */
public class NodeRoutes implements Routes {
    public static final String BASE_PATH = "/gateway/nodes";

    private final NodeRegistry registry;
    private final NodeIdentity self;
    private final JsonTransformer json;

    @Inject
    public NodeRoutes(NodeRegistry registry, NodeIdentity self, JsonTransformer json) {
        this.registry = registry;
        this.self = self;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, (request, response) -> {
            List<Map<String, Object>> nodes = registry.nodes().stream()
                .map(node -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", node.id());
                    row.put("firstStarted", Instant.ofEpochMilli(node.firstStarted()).toString());
                    row.put("lastStarted", Instant.ofEpochMilli(node.lastStarted()).toString());
                    node.eventBus().ifPresent(bus -> row.put("eventBus", bus.label()));
                    return row;
                })
                .toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("self", self.id());
            body.put("nodes", nodes);
            return body;
        }, json);
        service.delete(BASE_PATH + "/:id", (request, response) -> {
            String id = request.params("id");
            if (id.equals(self.id())) {
                response.status(409);
                return Map.of("statusCode", 409, "message", "Node " + id + " answers this request: forget it from another node once it is stopped for good");
            }
            if (!registry.forget(id)) {
                response.status(404);
                return Map.of("statusCode", 404, "message", "No node " + id + " started on this database");
            }
            response.status(204);
            return "";
        }, json);
    }
}
